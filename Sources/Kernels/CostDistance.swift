/// Accumulated cost distance from many sources over a friction grid, with allocation to the
/// cheapest source: multi-source Dijkstra on the cell graph with 8 or 16 neighbours (16 adds
/// knight moves, bringing path lengths within ~2.7% of straight lines instead of ~8%).
/// Moving from cell a to a neighbour b costs step length × (f_a + f_b) / 2, as GRASS r.cost
/// and ArcGIS do. Cells with friction ≤ 0 or NaN are barriers.
public enum CostDistance {
    public static func allocate(width: Int, height: Int, cell: Double, friction: [Float], sources: [(col: Int, row: Int)],
                                neighbours: Int = 16) -> (cost: [Double], source: [Int32]) {
        let n = width * height
        var cost = [Double](repeating: .infinity, count: n)
        var source = [Int32](repeating: -1, count: n)
        var moves: [(Int, Int, Double)] = [(1, 0, 1), (-1, 0, 1), (0, 1, 1), (0, -1, 1),
                                           (1, 1, 2.0.squareRoot()), (1, -1, 2.0.squareRoot()), (-1, 1, 2.0.squareRoot()), (-1, -1, 2.0.squareRoot())]
        if neighbours >= 16 {
            let k = 5.0.squareRoot()
            moves += [(2, 1, k), (2, -1, k), (-2, 1, k), (-2, -1, k), (1, 2, k), (1, -2, k), (-1, 2, k), (-1, -2, k)]
        }
        var heap = MinHeap()
        for (j, s) in sources.enumerated() {
            let i = s.row * width + s.col
            guard cost[i] > 0 else { continue }
            cost[i] = 0; source[i] = Int32(j)
            heap.push(0, i)
        }
        @inline(__always) func passable(_ f: Float) -> Bool { f > 0 && f.isFinite }
        while let (d, i) = heap.pop() {
            if d > cost[i] { continue }
            let r = i / width, c = i - r * width
            let fi = Double(friction[i])
            for (dc, dr, len) in moves {
                let nc = c + dc, nr = r + dr
                guard nc >= 0, nc < width, nr >= 0, nr < height else { continue }
                let k = nr * width + nc
                let fk = friction[k]
                guard passable(fk) else { continue }
                var f = (fi + Double(fk)) / 2
                // A knight move crosses two cells: average in the two it cuts through.
                if abs(dc) + abs(dr) == 3 {
                    let m1 = (r + dr / 2) * width + (c + dc / 2), m2 = (r + (dr - dr / 2)) * width + (c + (dc - dc / 2))
                    let f1 = friction[min(max(m1, 0), n - 1)], f2 = friction[min(max(m2, 0), n - 1)]
                    guard passable(f1) || passable(f2) else { continue }
                    f = (fi + Double(fk) + Double(passable(f1) ? f1 : fk) + Double(passable(f2) ? f2 : fk)) / 4
                }
                let nd = d + len * cell * f
                if nd < cost[k] || (nd == cost[k] && source[i] < source[k]) {
                    cost[k] = nd; source[k] = source[i]
                    heap.push(nd, k)
                }
            }
        }
        return (cost, source)
    }
}

/// A binary min-heap of (key, cell) pairs; ties by cell index, so pops are deterministic.
struct MinHeap {
    private var keys: [Double] = []
    private var items: [Int] = []

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && items[a] < items[b])
    }

    mutating func push(_ key: Double, _ item: Int) {
        keys.append(key); items.append(item)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            keys.swapAt(i, p); items.swapAt(i, p); i = p
        }
    }

    mutating func pop() -> (Double, Int)? {
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
