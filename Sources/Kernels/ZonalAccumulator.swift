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
}
