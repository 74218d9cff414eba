import GeoCore

/// A point layer reduced to what the analyses need: coordinates (WGS84 after reading),
/// optional weights and categories, and an account of the rows that were skipped.
public struct PointSet: Sendable {
    public var source: String
    public var xs: [Double] = []
    public var ys: [Double] = []
    public var weights: [Double]?
    /// Category index per point into `categoryNames` (first-seen order).
    public var categories: [Int32]?
    public var categoryNames: [String] = []
    public var skipped = 0
    /// The first skipped row and why, e.g. "line 17, latitude 'abc'" (a delimited file's rows
    /// are named by their line number in the file).
    public var firstSkip: String?
    /// Rows whose coordinates would fall in China if longitude and latitude were swapped.
    public var swappedLooking = 0

    public init(source: String) { self.source = source }

    public var count: Int { xs.count }

    public var totalWeight: Double { weights?.reduce(0, +) ?? Double(xs.count) }

    /// "12 rows skipped (first: line 17, latitude 'abc')", or nil.
    public var skipReport: String? {
        guard skipped > 0 else { return nil }
        return "\(skipped) row\(skipped == 1 ? "" : "s") skipped (first: \(firstSkip ?? "?"))"
    }

    mutating func skip(_ reason: @autoclosure () -> String) {
        if skipped == 0 { firstSkip = reason() }
        skipped += 1
    }
}

/// How to read a point layer.
public struct PointReadOptions: Sendable {
    public var lon: String?
    public var lat: String?
    public var weight: String?
    public var category: String?
    public var inputCRS: CRS?
    public var encoding: TextEncoding?
    public var layer: String?
    /// Fail on the first bad row instead of skipping it.
    public var strict = false
    /// Called now and then with the fraction read (for a progress line on a terminal).
    public var progress: (@Sendable (Double) -> Void)?

    public init(lon: String? = nil, lat: String? = nil, weight: String? = nil, category: String? = nil,
                inputCRS: CRS? = nil, encoding: TextEncoding? = nil, layer: String? = nil, strict: Bool = false) {
        self.lon = lon; self.lat = lat; self.weight = weight; self.category = category
        self.inputCRS = inputCRS; self.encoding = encoding; self.layer = layer; self.strict = strict
    }
}
