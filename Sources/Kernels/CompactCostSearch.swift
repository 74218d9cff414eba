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
/// so the costs and the allocation are the same as `allocate`'s, bit for bit. Large batches
/// are settled on two cores in row bands as `allocate` settles them, each core taking slots
/// from a pool of its own.
extension CostDistance {
    static let unreached = Float.infinity.bitPattern
    static let waiting: UInt32 = 0x8000_0000
    /// A waiting cell's slot: bit 30 names the pool (the core that queued it), bits 0–29 the slot.
    static let poolBit: UInt32 = 0x4000_0000

    /// `cost` (the grid's cells) receives the accumulated cost (+∞ where no path reaches),
    /// `source` the hub (-1 unreached; at most 127 sources). Returns the lowest passable
    /// friction of the grid (+∞ when no cell is passable).
    @discardableResult
    public static func allocateCompact(width: Int, height: Int, cell: Double, friction: FrictionLookup, sources: [(col: Int, row: Int)],
                                       neighbours: Int = 16, cost: UnsafeMutableBufferPointer<Float>, source: UnsafeMutableBufferPointer<Int8>,
                                       forceHeap: Bool = false, parallelFrom: Int = 2_048) -> Float {
        precondition(width * height < Int(Int32.max), "grid too large for 32-bit cell indices")
        precondition(sources.count <= Int(Int8.max), "at most 127 sources")
        precondition(cost.count == width * height && source.count == cost.count)
        let (fmin, fmax) = friction.range
        cost.withMemoryRebound(to: UInt32.self) { state in
            Parallel.forEachChunk(state.count) { _, cells in
                (state.baseAddress! + cells.lowerBound).initialize(repeating: unreached, count: cells.count)
                (source.baseAddress! + cells.lowerBound).initialize(repeating: -1, count: cells.count)
            }
            let pools = [CostPool(tag: 0), CostPool(tag: poolBit)]
            let pool = pools[0]
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
            let search = CompactSearch(state: state, source: source, width: width, height: height, cell: cell, friction: friction, moves: mv, pools: pools)
            if span <= 1 << 22 && !forceHeap {
                search.run(seeds: seeds, queue: BucketQueue(span: span, delta: delta), parallelFrom: parallelFrom)
            } else {
                search.run(seeds: seeds, queue: MinHeap(), parallelFrom: .max)
            }
        }
        return fmin
    }
}

/// Double costs of the cells waiting in the queue, in slots reused as cells settle (buffers
/// managed by hand: no copy-on-write check per access).
final class CostPool {
    /// Or-ed into the slots this pool hands out (`CostDistance.poolBit` or 0).
    let tag: UInt32
    init(tag: UInt32) { self.tag = tag }

    private var cost = UnsafeMutablePointer<Double>.allocate(capacity: 1 << 10)
    private var free = UnsafeMutablePointer<UInt32>.allocate(capacity: 1 << 10)
    private var capacity = 1 << 10, used = 0, freeCount = 0

    deinit { cost.deallocate(); free.deallocate() }

    /// A slot (tagged) holding `c`.
    @inline(__always) func take(_ c: Double) -> UInt32 {
        if freeCount > 0 { freeCount -= 1; let s = free[freeCount]; cost[Int(s)] = c; return s | tag }
        if used == capacity { grow(to: 2 * capacity) }
        cost[used] = c; used += 1
        return UInt32(used - 1) | tag
    }

    /// Every slot can be free at once, so the free list has the slots' capacity.
    @inline(__always) func release(_ s: UInt32) { free[freeCount] = s & ~CostDistance.poolBit; freeCount += 1 }

    /// Room for `n` more slots without growing: while two cores run, one reads and writes
    /// the other's pool (the cells it settles were queued by the other), so no pool may move.
    func reserve(_ n: Int) { if used + n > capacity { grow(to: max(2 * capacity, used + n)) } }

    private func grow(to n: Int) {
        let c = UnsafeMutablePointer<Double>.allocate(capacity: n), f = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        c.update(from: cost, count: used); f.update(from: free, count: freeCount)
        cost.deallocate(); free.deallocate()
        cost = c; free = f; capacity = n
    }

    /// The cost in a slot of this pool (tag ignored).
    @inline(__always) subscript(_ s: UInt32) -> Double {
        get { cost[Int(s & ~CostDistance.poolBit)] }
        set { cost[Int(s & ~CostDistance.poolBit)] = newValue }
    }
}

/// Slots freed by a core while both run, given back to their pools after.
final class SlotList {
    private(set) var slots: [UInt32] = []
    @inline(__always) func append(_ s: UInt32) { slots.append(s) }
    func removeAll() { slots.removeAll(keepingCapacity: true) }
}

/// One search of `allocateCompact`: settle and relax as `CostDistance.settle` and `relax`.
struct CompactSearch {
    let state: UnsafeMutableBufferPointer<UInt32>, source: UnsafeMutableBufferPointer<Int8>
    let width: Int, height: Int, cell: Double
    let friction: FrictionLookup
    let moves: [CostDistance.Move]
    let pools: [CostPool]

    /// What one core uses while settling: the pool it takes from, where freed slots go (nil:
    /// straight back to their pools) and where pushes go.
    struct Lane<S: CostSink> {
        let pool: CostPool, freed: SlotList?, pushes: S
    }

    func run<Q: CostQueue>(seeds: [Int], queue: Q, parallelFrom: Int) {
        for i in seeds { queue.push(0, i) }
        let split = RowSplit()
        let pushes = [PushList(), PushList()], freed = [SlotList(), SlotList()]
        moves.withUnsafeBufferPointer { mv in
            while let batch = queue.next() {
                guard batch.count >= parallelFrom, Parallel.threads > 1, split.divide(batch, width: width) else {
                    settleAll(batch, moves: mv, current: queue, lane: Lane(pool: pools[0], freed: nil, pushes: queue))
                    continue
                }
                // Two row bands on two cores, as `CostDistance.search` (bands four rows apart
                // never touch the same cell); the rows between after.
                for p in pools { p.reserve(batch.count * mv.count) }
                Parallel.forEach(2) { t in
                    settleAll(t == 0 ? split.upper.cells : split.lower.cells, moves: mv, current: queue,
                              lane: Lane(pool: pools[t], freed: freed[t], pushes: pushes[t]))
                }
                for list in pushes { list.flush(into: queue) }
                for list in freed {
                    for s in list.slots { pools[Int(s >> 30) & 1].release(s) }
                    list.removeAll()
                }
                settleAll(split.middle.cells, moves: mv, current: queue, lane: Lane(pool: pools[0], freed: nil, pushes: queue))
            }
        }
    }

    /// Settles the cells in order; the search waits on memory (a cell's 5 × 5 neighbourhood
    /// spans five rows of a 1.7 GB grid), so the neighbourhood of the cell a few places ahead
    /// is asked for first.
    @inline(__always)
    func settleAll<C: CostQueue, S: CostSink>(_ cells: UnsafeBufferPointer<Int32>, moves: UnsafeBufferPointer<CostDistance.Move>, current: C, lane: Lane<S>) {
        let d = CostDistance.prefetchDistance
        for j in 0..<min(d, cells.count) { prefetch(Int(cells[j])) }
        for j in 0..<cells.count {
            if j + d < cells.count { prefetch(Int(cells[j + d])) }
            settle(Int(cells[j]), moves: moves, current: current, lane: lane)
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

    /// The pool holding a waiting cell's cost.
    @inline(__always) func pool(_ s: UInt32) -> CostPool { pools[s & CostDistance.poolBit == 0 ? 0 : 1] }

    /// Settles cell i unless its entry is stale (already settled, or queued again cheaper).
    @inline(__always)
    func settle<C: CostQueue, S: CostSink>(_ i: Int, moves: UnsafeBufferPointer<CostDistance.Move>, current: C, lane: Lane<S>) {
        let s = state[i]
        guard s & CostDistance.waiting != 0 else { return }
        let slot = s & ~CostDistance.waiting, owner = pool(slot), d = owner[slot]
        guard current.isCurrent(d) else { return }
        state[i] = Float(d).bitPattern
        if let freed = lane.freed { freed.append(slot) } else { owner.release(slot) }
        relax(i, d, moves: moves, current: current, lane: lane)
    }

    @inline(__always)
    func relax<C: CostQueue, S: CostSink>(_ i: Int, _ d: Double, moves: UnsafeBufferPointer<CostDistance.Move>, current: C, lane: Lane<S>) {
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
            let slot = sk & ~CostDistance.waiting
            let ck = sk == CostDistance.unreached ? Double.infinity : pool(slot)[slot]
            if nd < ck || (nd == ck && si < source[k]) {
                if sk == CostDistance.unreached { state[k] = CostDistance.waiting | lane.pool.take(nd) } else { pool(slot)[slot] = nd }
                source[k] = si
                if !current.entry(at: ck, covers: nd) { lane.pushes.push(nd, k) }
            }
        }
    }
}
