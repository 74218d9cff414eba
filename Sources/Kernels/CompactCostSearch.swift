import GeoCore
import CPrefetch

/// The cost search of `CostDistance.allocate` in 5 bytes a cell, for grids whose 16-byte
/// cell state does not fit in memory (China at 250 m: 4.3·10^8 cells, 6.8 GB of state).
///
/// Only the cells in the queue's reach (reached, not yet settled: a thin front) need their
/// tentative cost in Double; a settled cell needs only the Float cost the raster holds. So a
/// cell holds 32 bits: +∞ unreached, a Float cost once settled, or (sign bit set) the slot of
/// its Double cost in a small pool while it waits; its hub is an Int8; friction is read
/// from the raster (`FrictionLookup`). The arithmetic, the bucket queue and its batches are
/// those of `allocate`, and its result does not depend on the order a batch is settled in,
/// so the costs and the allocation are the same as `allocate`'s, bit for bit. One core: the
/// pool is shared by all moves.
extension CostDistance {
    static let unreached = Float.infinity.bitPattern
    static let waiting: UInt32 = 0x8000_0000

    /// `cost` (the grid's cells) receives the accumulated cost (+∞ where no path reaches),
    /// `source` the hub (-1 unreached; at most 127 sources). Returns the lowest passable
    /// friction of the grid (+∞ when no cell is passable).
    @discardableResult
    public static func allocateCompact(width: Int, height: Int, cell: Double, friction: FrictionLookup, sources: [(col: Int, row: Int)],
                                       neighbours: Int = 16, cost: UnsafeMutableBufferPointer<Float>, source: UnsafeMutableBufferPointer<Int8>,
                                       forceHeap: Bool = false) -> Float {
        precondition(width * height < Int(Int32.max), "grid too large for 32-bit cell indices")
        precondition(sources.count <= Int(Int8.max), "at most 127 sources")
        precondition(cost.count == width * height && source.count == cost.count)
        let (fmin, fmax) = friction.range
        cost.withMemoryRebound(to: UInt32.self) { state in
            Parallel.forEachChunk(state.count) { _, cells in
                (state.baseAddress! + cells.lowerBound).initialize(repeating: unreached, count: cells.count)
                (source.baseAddress! + cells.lowerBound).initialize(repeating: -1, count: cells.count)
            }
            let pool = CostPool()
            var seeds = [Int]()
            for (j, s) in sources.enumerated() {
                let i = s.row * width + s.col
                guard state[i] == unreached else { continue }
                state[i] = waiting | pool.take(0); source[i] = Int8(j)
                seeds.append(i)
            }
            guard fmax > 0 && !seeds.isEmpty else {
                for i in seeds { state[i] = Float(0).bitPattern }
                return
            }
            let mv = moves(width: width, neighbours: neighbours)
            let delta = cell * Double(fmin) * (1 - 1e-6)
            let longest = (neighbours >= 16 ? 5.0.squareRoot() : 2.0.squareRoot()) * cell * Double(fmax)
            let span = Int(longest / delta) + 2
            let search = CompactSearch(state: state, source: source, width: width, height: height, cell: cell, friction: friction, moves: mv, pool: pool)
            if span <= 1 << 22 && !forceHeap {
                search.run(seeds: seeds, queue: BucketQueue(span: span, delta: delta))
            } else {
                search.run(seeds: seeds, queue: MinHeap())
            }
        }
        return fmin
    }
}

/// Double costs of the cells waiting in the queue, in slots reused as cells settle (buffers
/// managed by hand: no copy-on-write check per access).
final class CostPool {
    private var cost = UnsafeMutablePointer<Double>.allocate(capacity: 1 << 10)
    private var free = UnsafeMutablePointer<UInt32>.allocate(capacity: 1 << 10)
    private var capacity = 1 << 10, used = 0, freeCount = 0

    deinit { cost.deallocate(); free.deallocate() }

    @inline(__always) func take(_ c: Double) -> UInt32 {
        if freeCount > 0 { freeCount -= 1; let s = free[freeCount]; cost[Int(s)] = c; return s }
        if used == capacity { grow() }
        cost[used] = c; used += 1
        return UInt32(used - 1)
    }

    /// Every slot can be free at once, so the free list has the slots' capacity.
    @inline(__always) func release(_ s: UInt32) { free[freeCount] = s; freeCount += 1 }

    private func grow() {
        let c = UnsafeMutablePointer<Double>.allocate(capacity: 2 * capacity), f = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * capacity)
        c.update(from: cost, count: used); f.update(from: free, count: freeCount)
        cost.deallocate(); free.deallocate()
        cost = c; free = f; capacity *= 2
    }

    @inline(__always) subscript(_ s: UInt32) -> Double {
        get { cost[Int(s)] }
        set { cost[Int(s)] = newValue }
    }
}

/// One search of `allocateCompact`: settle and relax as `CostDistance.settle` and `relax`.
struct CompactSearch {
    let state: UnsafeMutableBufferPointer<UInt32>, source: UnsafeMutableBufferPointer<Int8>
    let width: Int, height: Int, cell: Double
    let friction: FrictionLookup
    let moves: [CostDistance.Move]
    let pool: CostPool

    func run<Q: CostQueue>(seeds: [Int], queue: Q) {
        for i in seeds { queue.push(0, i) }
        // The search waits on memory (a cell's 5 × 5 neighbourhood spans five rows of a
        // 1.7 GB grid): the neighbourhood of the cell a few places ahead is asked for first.
        let d = CostDistance.prefetchDistance
        moves.withUnsafeBufferPointer { mv in
            while let batch = queue.next() {
                for j in 0..<min(d, batch.count) { prefetch(Int(batch[j])) }
                for j in 0..<batch.count {
                    if j + d < batch.count { prefetch(Int(batch[j + d])) }
                    settle(Int(batch[j]), moves: mv, queue: queue)
                }
            }
        }
    }

    @inline(__always) func prefetch(_ i: Int) {
        let r = i / width, base = state.baseAddress!
        for rr in max(r - 2, 0)...min(r + 2, height - 1) {
            let k = i + (rr - r) * width
            hinterland_prefetch(base + max(k - 2, 0))
            hinterland_prefetch(base + min(k + 2, state.count - 1))
        }
        hinterland_prefetch(source.baseAddress! + i)
    }

    /// Settles cell i unless its entry is stale (already settled, or queued again cheaper).
    @inline(__always)
    func settle<Q: CostQueue>(_ i: Int, moves: UnsafeBufferPointer<CostDistance.Move>, queue: Q) {
        let s = state[i]
        guard s & CostDistance.waiting != 0 else { return }
        let slot = s & ~CostDistance.waiting, d = pool[slot]
        guard queue.isCurrent(d) else { return }
        state[i] = Float(d).bitPattern
        pool.release(slot)
        relax(i, d, moves: moves, queue: queue)
    }

    @inline(__always)
    func relax<Q: CostQueue>(_ i: Int, _ d: Double, moves: UnsafeBufferPointer<CostDistance.Move>, queue: Q) {
        let r = i / width, c = i - r * width
        let interior = c >= 2 && c < width - 2 && r >= 2 && r < height - 2
        let si = source[i]
        // Only a source can sit on a barrier cell; it then moves at its neighbours' friction.
        let fiRaw = friction.at(r, c), ownPassable = CostDistance.passable(fiRaw)
        for m in moves {
            let nc = c + m.dc, nr = r + m.dr
            if !interior {
                guard nc >= 0, nc < width, nr >= 0, nr < height else { continue }
            }
            let k = i + m.offset
            let sk = state[k]
            guard sk == CostDistance.unreached || sk & CostDistance.waiting != 0 else { continue }   // settled
            let fk = friction.at(nr, nc)
            guard CostDistance.passable(fk) else { continue }   // barriers
            let fi = ownPassable ? Double(fiRaw) : Double(fk)
            var fr = (fi + Double(fk)) / 2
            if m.knight {
                // A knight move crosses two cells: average in the two it cuts through.
                let f1 = friction.at(r + m.dr / 2, c + m.dc / 2), f2 = friction.at(r + m.dr - m.dr / 2, c + m.dc - m.dc / 2)
                let p1 = CostDistance.passable(f1), p2 = CostDistance.passable(f2)
                guard p1 || p2 else { continue }
                fr = (fi + Double(fk) + Double(p1 ? f1 : fk) + Double(p2 ? f2 : fk)) / 4
            }
            let nd = d + m.length * cell * fr
            let ck = sk == CostDistance.unreached ? Double.infinity : pool[sk & ~CostDistance.waiting]
            if nd < ck || (nd == ck && si < source[k]) {
                if sk == CostDistance.unreached { state[k] = CostDistance.waiting | pool.take(nd) } else { pool[sk & ~CostDistance.waiting] = nd }
                source[k] = si
                if !queue.entry(at: ck, covers: nd) { queue.push(nd, k) }
            }
        }
    }
}
