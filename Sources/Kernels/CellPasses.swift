/// Whole-grid passes a catchment needs, over fixed chunks of cells on both cores. Chunks do
/// not depend on the thread count and partial sums are combined in chunk order, so results
/// are the same with one thread or two.
public enum CellPasses {
    /// Cells with any coverage, and the coverage as Float.
    public static func activeAndCover(_ coverage: [Double]) -> (active: [UInt8], cover: [Float]) {
        let n = coverage.count
        var active = [UInt8](repeating: 0, count: n)
        var cover = [Float](repeating: 0, count: n)
        coverage.withUnsafeBufferPointer { c in active.withUnsafeMutableBufferPointer { a in cover.withUnsafeMutableBufferPointer { f in
            Parallel.forEachChunk(n) { _, cells in
                for i in cells { let v = c[i]; a[i] = v > 0 ? 1 : 0; f[i] = Float(v) }
            }
        } } }
        return (active, cover)
    }

    /// Area per label (cells' coverage × cell area, labels ≥ 0) and the total covered area.
    public static func areas(cover: [Float], labels: [Int32], count: Int, cellArea: Double) -> (perLabel: [Double], total: Double) {
        let n = cover.count, parts = Parallel.chunkCount(n)
        var partial = [Double](repeating: 0, count: parts * (count + 1))
        cover.withUnsafeBufferPointer { c in labels.withUnsafeBufferPointer { l in partial.withUnsafeMutableBufferPointer { p in
            Parallel.forEachChunk(n) { k, cells in
                let base = k * (count + 1)
                for i in cells where c[i] > 0 {
                    let a = Double(c[i]) * cellArea
                    p[base + count] += a
                    if l[i] >= 0 { p[base + Int(l[i])] += a }
                }
            }
        } } }
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
