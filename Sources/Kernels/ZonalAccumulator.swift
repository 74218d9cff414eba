/// Coverage-weighted statistics of raster cells in a zone (exactextract's definitions):
/// count = Σ c (coverage fractions of non-nodata cells), sum = Σ c·v, mean = sum / count,
/// min and max over cells with c > 0, stdev = √(Σ c·(v − mean)² / Σ c) (population).
public struct ZonalStatistics: Sendable, Equatable {
    public var count = 0.0
    public var sum = 0.0
    public var min = Double.infinity
    public var max = -Double.infinity
    var sumSquares = 0.0
    var shift = Double.nan   // first value, for a numerically stable variance

    public init() {}

    public var mean: Double { count > 0 ? sum / count : .nan }

    public var stdev: Double {
        guard count > 0 else { return .nan }
        let m = sum / count - (shift.isNaN ? 0 : shift)
        return Swift.max(sumSquares / count - m * m, 0).squareRoot()
    }

    /// Adds one cell of value `v` covered by fraction `c`.
    @inline(__always)
    public mutating func add(_ v: Double, coverage c: Double) {
        guard c > 0 else { return }
        if shift.isNaN { shift = v }
        count += c
        sum += c * v
        let d = v - shift
        sumSquares += c * d * d
        if v < min { min = v }
        if v > max { max = v }
    }

    /// Adds a window of values with matching coverage (row-major, same size), skipping nodata.
    public mutating func add(values: UnsafeBufferPointer<Float>, coverage: [Double], nodata: Float?) {
        guard let base = values.baseAddress, !coverage.isEmpty else { return }
        add(base, rowStride: coverage.count, width: coverage.count, height: 1, coverage: coverage, nodata: nodata)
    }

    /// Adds a window read in place from a larger grid: `height` rows of `width` values, rows
    /// `rowStride` apart, with coverage row-major over the window.
    public mutating func add(_ values: UnsafePointer<Float>, rowStride: Int, width: Int, height: Int, coverage: [Double], nodata: Float?) {
        let nd = nodata ?? .nan   // NaN cells are skipped anyway
        coverage.withUnsafeBufferPointer { cov in
            for r in 0..<height {
                let row = values + r * rowStride, cr = r * width
                for c in 0..<width where cov[cr + c] > 0 {
                    let v = row[c]
                    if v == nd || v.isNaN { continue }
                    add(Double(v), coverage: cov[cr + c])
                }
            }
        }
    }

    /// `add` for count and sum only (and so mean), four cells at a time in separate lanes
    /// (no branches, no chain of dependent adds): for `zonal --stats sum`, several times
    /// faster than `add`. The lanes are summed at the end of each call, so the result differs
    /// from `add`'s in the last bits only; it is the same on every run.
    public mutating func addSums(_ values: UnsafePointer<Float>, rowStride: Int, width: Int, height: Int, coverage: [Double], nodata: Float?) {
        let nd = nodata ?? .nan
        var n4 = SIMD4<Double>(), s4 = SIMD4<Double>()
        var n = 0.0, s = 0.0
        @inline(__always) func take(_ v: Float, _ k: Double) -> (Double, Double) {
            let use = k > 0 && v != nd && !v.isNaN
            return (use ? k : 0, use ? Double(v) : 0)
        }
        coverage.withUnsafeBufferPointer { cov in
            for r in 0..<height {
                let row = values + r * rowStride, cr = r * width
                var c = 0
                while c + 4 <= width {
                    let (k0, v0) = take(row[c], cov[cr + c]), (k1, v1) = take(row[c + 1], cov[cr + c + 1])
                    let (k2, v2) = take(row[c + 2], cov[cr + c + 2]), (k3, v3) = take(row[c + 3], cov[cr + c + 3])
                    let k = SIMD4(k0, k1, k2, k3)
                    n4 += k
                    s4 += k * SIMD4(v0, v1, v2, v3)
                    c += 4
                }
                while c < width {
                    let (k, v) = take(row[c], cov[cr + c])
                    n += k
                    s += k * v
                    c += 1
                }
            }
        }
        count += n4.sum() + n
        sum += s4.sum() + s
    }
}
