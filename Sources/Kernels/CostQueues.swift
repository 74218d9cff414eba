/// Where relaxing a cell sends the cells whose cost fell: a class, so a batch's cells can
/// push while the batch is being read.
protocol CostSink: AnyObject {
    func push(_ key: Double, _ item: Int)
}

/// The queue of the search.
protocol CostQueue: CostSink {
    /// The next cells to settle (nil when the queue is empty); valid until the next call.
    func next() -> UnsafeBufferPointer<Int32>?
    /// Whether a cell of this cost belongs to the batch just taken (else its entry is stale).
    func isCurrent(_ cost: Double) -> Bool
    /// Whether the entry a cell got at cost `old` already stands for cost `new` (the same
    /// bucket): then lowering the cost needs no second entry.
    func entry(at old: Double, covers new: Double) -> Bool
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

    @inline(__always) func entry(at old: Double, covers new: Double) -> Bool { old.isFinite && bucket(old) == bucket(new) }
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

    func entry(at old: Double, covers new: Double) -> Bool { false }

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

/// Pushes made by one thread during a parallel batch, replayed into the shared queue after
/// (buffers managed by hand: no copy-on-write check per push).
final class PushList: CostSink {
    private var keys = UnsafeMutablePointer<Double>.allocate(capacity: 4096)
    private var items = UnsafeMutablePointer<Int32>.allocate(capacity: 4096)
    private var capacity = 4096, count = 0

    deinit { keys.deallocate(); items.deallocate() }

    @inline(__always) func push(_ key: Double, _ item: Int) {
        if count == capacity { grow() }
        keys[count] = key; items[count] = Int32(truncatingIfNeeded: item)
        count += 1
    }

    private func grow() {
        let k = UnsafeMutablePointer<Double>.allocate(capacity: 2 * capacity), i = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * capacity)
        k.update(from: keys, count: count); i.update(from: items, count: count)
        keys.deallocate(); items.deallocate()
        keys = k; items = i; capacity *= 2
    }

    func flush<Q: CostQueue>(into queue: Q) {
        for k in 0..<count { queue.push(keys[k], Int(items[k])) }
        count = 0
    }
}
