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
        for i in 0..<values.count where coverage[i] > 0 {
            let v = values[i]
            if let nd = nodata, v == nd || (nd.isNaN && v.isNaN) { continue }
            if v.isNaN { continue }
            add(Double(v), coverage: coverage[i])
        }
    }
}
