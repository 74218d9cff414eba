import GeoCore
/// Whole-grid passes a catchment needs, over fixed chunks of cells on both cores. Chunks do
/// not depend on the thread count and partial sums are combined in chunk order, so results
/// are the same with one thread or two.
public enum CellPasses {
    /// A grid of `count` copies of `value`, filled on both cores (first touching 10^8 bytes
    /// is most of the cost of a fill).
    @_specialize(exported: true, where T == Int32)
    @_specialize(exported: true, where T == Float)
    public static func filled<T>(_ value: T, count n: Int) -> [T] {
        [T](unsafeUninitializedCapacity: n) { a, done in
            Parallel.forEachChunk(n) { _, cells in (a.baseAddress! + cells.lowerBound).initialize(repeating: value, count: cells.count) }
            done = n
        }
    }

    /// Marks cells outside the region (`active` 0) or never reached (cost not finite) with
    /// -1 in both grids.
    public static func clearUnreached(active: [UInt8], cost: UnsafeMutableBufferPointer<Float>, labels: UnsafeMutableBufferPointer<Int32>) {
        active.withUnsafeBufferPointer { a in
            Parallel.forEachChunk(a.count) { _, cells in
                for i in cells where a[i] == 0 || !cost[i].isFinite { labels[i] = -1; cost[i] = -1 }
            }
        }
    }

    /// Replaces every `value` with NaN (a raster's nodata, before it becomes a barrier).
    public static func replace(_ value: Float, withNaNIn grid: UnsafeMutableBufferPointer<Float>) {
        Parallel.forEachChunk(grid.count) { _, cells in
            for i in cells where grid[i] == value { grid[i] = .nan }
        }
    }

    /// Cells with any coverage (1) and the others (0).
    public static func active(_ cover: [Float]) -> [UInt8] {
        let n = cover.count
        return [UInt8](unsafeUninitializedCapacity: n) { a, done in
            cover.withUnsafeBufferPointer { c in
                Parallel.forEachChunk(n) { _, cells in
                    for i in cells { (a.baseAddress! + i).initialize(to: c[i] > 0 ? 1 : 0) }
                }
            }
            done = n
        }
    }

    /// Area per label (cells' coverage × cell area, labels ≥ 0) and the total covered area.
    public static func areas(cover: [Float], labels: [Int32], count: Int, cellArea: Double) -> (perLabel: [Double], total: Double) {
        let n = cover.count, parts = Parallel.chunkCount(n)
        var partial = [Double](repeating: 0, count: parts * (count + 1))
        cover.withUnsafeBufferPointer { c in labels.withUnsafeBufferPointer { l in partial.withUnsafeMutableBufferPointer { p in
            Parallel.forEachChunk(n) { k, cells in
                for i in cells where c[i] > 0 { addArea(Double(c[i]) * cellArea, label: l[i], chunk: k, count: count, into: p) }
            }
        } } }
        return sumAreas(partial, parts: parts, count: count)
    }

    /// Partial sums of `areas` over a grid of `cells` cells, filled a band of rows at a time
    /// (`addAreas`) and combined by `total`: the same chunks, each summed in cell order, so the
    /// result equals `areas` over the whole grid bit for bit.
    public struct AreaSums: Sendable {
        let cells: Int, count: Int
        var partial: [Double]
        public init(cells: Int, count: Int) { self.cells = cells; self.count = count; partial = [Double](repeating: 0, count: Parallel.chunkCount(cells) * (count + 1)) }

        /// Adds the cells first ..< first + cover.count of the whole grid.
        public mutating func add(cover: [Float], labels: [Int32], first: Int, cellArea: Double) {
            let end = first + cover.count, chunk = Parallel.chunk, k0 = first / chunk, count = count
            guard end > first else { return }
            let k1 = (end - 1) / chunk
            cover.withUnsafeBufferPointer { c in labels.withUnsafeBufferPointer { l in partial.withUnsafeMutableBufferPointer { p in
                let p = UncheckedSendable(p)
                Parallel.forEach(k1 - k0 + 1) { q in
                    let k = k0 + q
                    for i in max(k * chunk, first)..<min((k + 1) * chunk, end) where c[i - first] > 0 {
                        CellPasses.addArea(Double(c[i - first]) * cellArea, label: l[i - first], chunk: k, count: count, into: p.value)
                    }
                }
            } } }
        }

        public var total: (perLabel: [Double], total: Double) { sumAreas(partial, parts: Parallel.chunkCount(cells), count: count) }
    }

    /// Adds a cell's area to its chunk's partial sums: the label's (when ≥ 0) and the total
    /// (slot `count`). Chunk k owns slots k·(count+1) ..< (k+1)·(count+1).
    @inline(__always)
    static func addArea(_ a: Double, label: Int32, chunk k: Int, count: Int, into p: UnsafeMutableBufferPointer<Double>) {
        let base = k * (count + 1)
        p[base + count] += a
        if label >= 0 { p[base + Int(label)] += a }
    }

    /// The chunks' partial sums combined in chunk order (the same for any thread count).
    static func sumAreas(_ partial: [Double], parts: Int, count: Int) -> (perLabel: [Double], total: Double) {
        var per = [Double](repeating: 0, count: count), total = 0.0
        for k in 0..<parts {
            for j in 0..<count { per[j] += partial[k * (count + 1) + j] }
            total += partial[k * (count + 1) + count]
        }
        return (per, total)
    }

    /// Int32 labels as Float raster values.
    public static func floats(_ labels: [Int32]) -> [Float] {
        let n = labels.count
        return [Float](unsafeUninitializedCapacity: n) { f, done in
            labels.withUnsafeBufferPointer { l in
                Parallel.forEachChunk(n) { _, cells in
                    for i in cells { (f.baseAddress! + i).initialize(to: Float(l[i])) }
                }
            }
            done = n
        }
    }
}
