import Foundation
import GeoCore
import GeoIO

/// How indicators become one score.
public enum IndexMethod: String, CaseIterable, Codable, Sendable {
    /// Weighted means of normalised indicators, weights from the config.
    case weighted
    /// Weights from the indicators' entropy (more spread across zones, more weight).
    case entropy
    /// Closeness to the ideal and distance from the anti-ideal zone (Hwang and Yoon 1981).
    case topsis
}

/// The zone level of the index.
public enum IndexLevel: String, CaseIterable, Codable, Sendable {
    case province, prefecture
}

/// One run of the hinterland suitability index: what to rank, how, and how often to
/// perturb it. Validated once; `run` is the single code path for the CLI and styles.
public struct IndexRequest: Codable, Sendable {
    public var level: IndexLevel = .province
    public var method: IndexMethod = .weighted
    /// nil: the config's rule (inland by default).
    public var eligible: IndexEligibility?
    /// Number of perturbed runs (0: none).
    public var sensitivity: Int = 0
    public var seed: UInt64 = 1
    /// Index config path; nil: GeoData/index.json.
    public var config: String?
    /// A CSV of extra indicators (`column:NAME` sources), one row per zone.
    public var join: String?
    public var joinKey: String = "adcode"

    public init(level: IndexLevel = .province, method: IndexMethod = .weighted, eligible: IndexEligibility? = nil, sensitivity: Int = 0,
                seed: UInt64 = 1, config: String? = nil, join: String? = nil, joinKey: String = "adcode") {
        self.level = level; self.method = method; self.eligible = eligible; self.sensitivity = sensitivity
        self.seed = seed; self.config = config; self.join = join; self.joinKey = joinKey
    }

    enum CodingKeys: String, CodingKey { case level, method, eligible, sensitivity, seed, config, join, joinKey = "join_key" }

    /// Every field is optional in JSON; absent ones take the defaults above.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decodeIfPresent(IndexLevel.self, forKey: .level) ?? .province
        method = try c.decodeIfPresent(IndexMethod.self, forKey: .method) ?? .weighted
        eligible = try c.decodeIfPresent(IndexEligibility.self, forKey: .eligible)
        sensitivity = try c.decodeIfPresent(Int.self, forKey: .sensitivity) ?? 0
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        config = try c.decodeIfPresent(String.self, forKey: .config)
        join = try c.decodeIfPresent(String.self, forKey: .join)
        joinKey = try c.decodeIfPresent(String.self, forKey: .joinKey) ?? "adcode"
    }

    public func validate() throws {
        guard sensitivity >= 0 && sensitivity <= 1_000_000 else { throw HinterlandError("sensitivity \(sensitivity)", "must be between 0 and 1,000,000") }
    }

    public func run(builder: ZoneSetBuilder) throws -> IndexResult {
        try validate()
        let data = builder.data
        let configPath = config ?? data.root + "/index.json"
        let cfg = try IndexConfig.load(configPath)
        var joined: JoinedTable?
        if let join { joined = try JoinedTable(path: join, key: joinKey) }
        let zones = try IndexZones(level: level, builder: builder)
        let values = try IndexIndicators(config: cfg, zones: zones, builder: builder, joined: joined)
        let rule = eligible ?? cfg.eligibility ?? .inland
        return try IndexModel(config: cfg, configPath: configPath, zones: zones, values: values, eligible: rule.ranked(zones), rule: rule,
                              method: method, sensitivity: sensitivity, seed: seed).result()
    }
}

/// A joined CSV of extra indicators by zone code.
public struct JoinedTable: Sendable {
    public let path: String
    public let header: [String]
    public let rows: [String: [String: String]]

    public init(path: String, key: String) throws {
        let t = try CSVTable(path: path)
        let k = try t.columnIndex(key)
        var rows = [String: [String: String]]()
        for (i, r) in t.rows.enumerated() {
            guard rows[r[k]] == nil else { throw HinterlandError("\(path) line \(i + 2)", "\(key) '\(r[k])' appears twice") }
            rows[r[k]] = Dictionary(zip(t.header, r), uniquingKeysWith: { a, _ in a })
        }
        self.path = path; header = t.header; self.rows = rows
    }
}
