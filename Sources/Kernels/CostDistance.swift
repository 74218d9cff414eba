/// Accumulated cost distance from many sources over a friction grid, with allocation to the
/// cheapest source: multi-source Dijkstra on the cell graph with 8 or 16 neighbours (16 adds
/// knight moves, bringing path lengths within ~2.7% of straight lines instead of ~8%).
/// Moving from cell a to a neighbour b costs step length × (f_a + f_b) / 2, as GRASS r.cost
/// and ArcGIS do. Cells with friction ≤ 0 or NaN are barriers; a source on such a cell leaves
/// it at the friction of the cell it moves to.
///
/// The queue is a bucket queue whose bucket width Δ is just under the cheapest possible move
/// (cell × the lowest friction): a cell cannot improve another cell of its own bucket, so a
/// whole bucket is settled in any order and the result is exact Dijkstra — the same costs and
/// the same allocation as with a heap — at O(1) per queue operation. When frictions span more
/// than ~10^6 (too many buckets in flight) it falls back to a binary heap.
public enum CostDistance {
    /// One move of the neighbourhood: linear offset, length, and for knight moves the two
    /// cells it cuts through.
    struct Move {
        var dc: Int, dr: Int, offset: Int, length: Double
        var knight: Bool, mid1: Int, mid2: Int
    }

    static func moves(width: Int, neighbours: Int) -> [Move] {
        var m: [(Int, Int, Double)] = [(1, 0, 1), (-1, 0, 1), (0, 1, 1), (0, -1, 1),
                                       (1, 1, 2.0.squareRoot()), (1, -1, 2.0.squareRoot()), (-1, 1, 2.0.squareRoot()), (-1, -1, 2.0.squareRoot())]
        if neighbours >= 16 {
            let k = 5.0.squareRoot()
            m += [(2, 1, k), (2, -1, k), (-2, 1, k), (-2, -1, k), (1, 2, k), (1, -2, k), (-1, 2, k), (-1, -2, k)]
        }
        return m.map { dc, dr, len in
            let knight = abs(dc) + abs(dr) == 3
            return Move(dc: dc, dr: dr, offset: dr * width + dc, length: len, knight: knight,
                        mid1: (dr / 2) * width + dc / 2, mid2: (dr - dr / 2) * width + (dc - dc / 2))
        }
    }

    /// One cell's search state, packed so a neighbour costs one cache line, not three. The
    /// friction's sign marks a settled cell (barriers are stored as 0 or -∞ once settled).
    struct CellState {
        var cost: Double
        var friction: Float
        var source: Int32
    }

    /// Costs come back as Float (what the raster holds); the search itself runs in Double.
    public static func allocate(width: Int, height: Int, cell: Double, friction: [Float], sources: [(col: Int, row: Int)],
                                neighbours: Int = 16) -> (cost: [Float], source: [Int32]) {
        var cost = friction
        var source = [Int32](repeating: -1, count: friction.count)
        source.withUnsafeMutableBufferPointer {
            allocate(width: width, height: height, cell: cell, frictionThenCost: &cost, sources: sources, neighbours: neighbours, source: $0)
        }
        return (cost, source)
    }

    /// The same without extra grids (what a 1 km China grid needs): `frictionThenCost` holds the
    /// friction on entry and the accumulated cost on return; `source` receives the allocation.
    public static func allocate(width: Int, height: Int, cell: Double, frictionThenCost f: inout [Float], sources: [(col: Int, row: Int)],
                                neighbours: Int = 16, source: UnsafeMutableBufferPointer<Int32>, forceHeap: Bool = false) {
        precondition(width * height < Int(Int32.max), "grid too large for 32-bit cell indices")
        precondition(f.count == width * height && source.count == f.count)
        let n = f.count
        var fmin = Float.infinity, fmax: Float = 0
        var state = [CellState](unsafeUninitializedCapacity: n) { st, count in
            for i in 0..<n {
                let v = f[i], p = passable(v)
                if p { fmin = min(fmin, v); fmax = max(fmax, v) }
                st[i] = CellState(cost: .infinity, friction: p ? v : 0, source: -1)
            }
            count = n
        }
        var seeds = [Int]()
        for (j, s) in sources.enumerated() {
            let i = s.row * width + s.col
            guard state[i].cost > 0 else { continue }
            state[i].cost = 0; state[i].source = Int32(j)
            seeds.append(i)
        }
        if fmax > 0 && !seeds.isEmpty {
            let moves = moves(width: width, neighbours: neighbours)
            let delta = cell * Double(fmin) * (1 - 1e-6)
            let longest = (neighbours >= 16 ? 5.0.squareRoot() : 2.0.squareRoot()) * cell * Double(fmax)
            let span = Int(longest / delta) + 2
            state.withUnsafeMutableBufferPointer { st in moves.withUnsafeBufferPointer { mv in
                if span <= 1 << 22 && !forceHeap {
                    search(st, width: width, height: height, cell: cell, moves: mv, seeds: seeds, queue: BucketQueue(span: span, delta: delta))
                } else {
                    search(st, width: width, height: height, cell: cell, moves: mv, seeds: seeds, queue: MinHeap())
                }
            } }
        }
        state.withUnsafeBufferPointer { st in f.withUnsafeMutableBufferPointer { c in
            for i in 0..<n { c[i] = Float(st[i].cost); source[i] = st[i].source }
        } }
    }

    @inline(__always) static func passable(_ f: Float) -> Bool { f > 0 && f.isFinite }

    /// Dijkstra: settles cells in cost order and relaxes their moves. With the bucket queue
    /// a whole bucket is settled in one go (no cell of it can improve another of it).
    static func search<Q: CostQueue>(_ st: UnsafeMutableBufferPointer<CellState>, width: Int, height: Int, cell: Double,
                                     moves: UnsafeBufferPointer<Move>, seeds: [Int], queue: Q) {
        for i in seeds { queue.push(0, i) }
        while let batch = queue.next() {
            for e in batch {
                let i = Int(e)
                let own = st[i].friction
                // Stale entries: already settled from an earlier, cheaper entry.
                guard !(own < 0), queue.isCurrent(st[i].cost) else { continue }
                st[i].friction = own > 0 ? -own : -.infinity
                relax(i, st, width: width, height: height, cell: cell, moves: moves, queue: queue)
            }
        }
    }

    /// Relaxes the moves out of settled cell i, queueing every cell whose cost fell.
    /// Cells two or more away from the grid's edge skip the bounds checks.
    @inline(__always)
    static func relax<Q: CostQueue>(_ i: Int, _ st: UnsafeMutableBufferPointer<CellState>, width: Int, height: Int, cell: Double,
                                    moves: UnsafeBufferPointer<Move>, queue: Q) {
        let r = i / width, c = i - r * width
        let interior = c >= 2 && c < width - 2 && r >= 2 && r < height - 2
        let d = st[i].cost, si = st[i].source
        // Only a source can sit on a barrier cell; it then moves at its neighbours' friction
        // (a hub on a coastal nodata cell still reaches inland, and no move is cheaper than Δ).
        let fiRaw = -st[i].friction, ownPassable = passable(fiRaw)
        for m in moves {
            if !interior {
                let nc = c + m.dc, nr = r + m.dr
                guard nc >= 0, nc < width, nr >= 0, nr < height else { continue }
            }
            let k = i + m.offset
            let fk = st[k].friction
            guard passable(fk) else { continue }   // barriers and settled cells
            let fi = ownPassable ? Double(fiRaw) : Double(fk)
            var fr = (fi + Double(fk)) / 2
            if m.knight {
                // A knight move crosses two cells: average in the two it cuts through.
                let f1 = abs(st[i + m.mid1].friction), f2 = abs(st[i + m.mid2].friction)
                let p1 = passable(f1), p2 = passable(f2)
                guard p1 || p2 else { continue }
                fr = (fi + Double(fk) + Double(p1 ? f1 : fk) + Double(p2 ? f2 : fk)) / 4
            }
            let nd = d + m.length * cell * fr
            let ck = st[k].cost
            if nd < ck || (nd == ck && si < st[k].source) {
                st[k].cost = nd; st[k].source = si
                queue.push(nd, k)
            }
        }
    }
}

/// The queue of the search: a class, so relaxing a batch's cells can push while the batch is
/// being read.
protocol CostQueue: AnyObject {
    func push(_ key: Double, _ item: Int)
    /// The next cells to settle (nil when the queue is empty); valid until the next call.
    func next() -> UnsafeBufferPointer<Int32>?
    /// Whether a cell of this cost belongs to the batch just taken (else its entry is stale).
    func isCurrent(_ cost: Double) -> Bool
}

/// A ring of buckets, each a growable buffer of cell indices managed by hand (no copy-on-write
/// checks on the hot push); a bucket is taken whole. (Sorting each bucket into memory order
/// was measured: it cost more than the locality it bought.)
final class BucketQueue: CostQueue {
    private let scale: Double   // 1 / bucket width: a multiply, not a divide, per push
    private let mask: Int       // ring size is a power of two: a mask, not a modulo
    private let start: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>
    private let count: UnsafeMutablePointer<Int>
    private let capacity: UnsafeMutablePointer<Int>
    private var spare: UnsafeMutablePointer<Int32>? = nil, spareCapacity = 0
    private var pending = 0
    private var current = -1

    init(span: Int, delta: Double) {
        var size = 1
        while size < span { size <<= 1 }
        mask = size - 1
        scale = 1 / delta
        start = .allocate(capacity: size); start.initialize(repeating: nil, count: size)
        count = .allocate(capacity: size); count.initialize(repeating: 0, count: size)
        capacity = .allocate(capacity: size); capacity.initialize(repeating: 0, count: size)
    }

    deinit {
        for b in 0...mask { start[b]?.deallocate() }
        spare?.deallocate()
        start.deallocate(); count.deallocate(); capacity.deallocate()
    }

    @inline(__always) func bucket(_ key: Double) -> Int { Int(key * scale) }

    @inline(__always) func push(_ key: Double, _ item: Int) {
        let b = bucket(key) & mask
        let n = count[b]
        if n == capacity[b] { grow(b) }
        start[b]![n] = Int32(truncatingIfNeeded: item)
        count[b] = n + 1
        pending += 1
    }

    private func grow(_ b: Int) {
        let cap = max(4096, capacity[b] * 2)
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        if let old = start[b] { p.update(from: old, count: count[b]); old.deallocate() }
        start[b] = p; capacity[b] = cap
    }

    func next() -> UnsafeBufferPointer<Int32>? {
        guard pending > 0 else { return nil }
        repeat { current += 1 } while count[current & mask] == 0
        let b = current & mask
        let taken = start[b], n = count[b], cap = capacity[b]
        // The bucket takes the previous batch's storage; the batch keeps this bucket's.
        start[b] = spare; capacity[b] = spareCapacity; count[b] = 0
        spare = taken; spareCapacity = cap
        pending -= n
        return UnsafeBufferPointer(start: taken, count: n)
    }

    @inline(__always) func isCurrent(_ cost: Double) -> Bool { bucket(cost) == current }
}

/// A binary min-heap of (key, cell) pairs; ties by cell index, so pops are deterministic.
/// As a queue it hands out one cell at a time, cheapest first.
final class MinHeap: CostQueue {
    private var keys: [Double] = []
    private var items: [Int] = []
    private let one = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    deinit { one.deallocate() }

    func next() -> UnsafeBufferPointer<Int32>? {
        guard let (_, i) = pop() else { return nil }
        one.pointee = Int32(i)
        return UnsafeBufferPointer(start: one, count: 1)
    }

    func isCurrent(_ cost: Double) -> Bool { true }

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && items[a] < items[b])
    }

    func push(_ key: Double, _ item: Int) {
        keys.append(key); items.append(item)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            keys.swapAt(i, p); items.swapAt(i, p); i = p
        }
    }

    func pop() -> (Double, Int)? {
        guard let k0 = keys.first else { return nil }
        let it0 = items[0]
        let lk = keys.removeLast(), li = items.removeLast()
        if !keys.isEmpty {
            keys[0] = lk; items[0] = li
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && less(l, m) { m = l }
                if r < keys.count && less(r, m) { m = r }
                if m == i { break }
                keys.swapAt(i, m); items.swapAt(i, m); i = m
            }
        }
        return (k0, it0)
    }
}

