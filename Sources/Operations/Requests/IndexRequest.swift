import Foundation
import Analysis
import GeoCore
import GeoIO

/// The hinterland suitability index per zone, ranked.
public struct IndexRequest: Operation {
    public static let kind = "index"
    public var level = IndexLevel.province
    /// An index config (JSON); default GeoData/index.json.
    public var config: String?
    /// A CSV of extra indicators, one row per zone, joined on `joinKey`.
    public var join: String?
    public var joinKey = "adcode"
    /// Whether zone polygons are wanted (for a layer output).
    public var geometry = false

    public init() {}

    enum CodingKeys: String, CodingKey { case level, config, join, joinKey }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.value(.level, level); config = try c.decodeIfPresent(String.self, forKey: .config)
        join = try c.decodeIfPresent(String.self, forKey: .join); joinKey = try c.value(.joinKey, joinKey)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level); try c.encodeIfPresent(config, forKey: .config)
        try c.encodeIfPresent(join, forKey: .join); try c.encode(joinKey, forKey: .joinKey)
    }

    public func validate() throws {
        if let config, !FileManager.default.fileExists(atPath: config) { throw FieldError("config", config, "no such file") }
        if let join, !FileManager.default.fileExists(atPath: join) { throw FieldError("join", join, "no such file") }
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        let name: ZoneSetName = level == .province ? .province : .prefecture
        let cfg = try IndexConfig.load(config ?? context.data.root + "/index.json")
        var joined: [String: [String: String]]?
        if let join {
            let t = try CSVTable(path: join)
            let k = try t.columnIndex(joinKey)
            joined = [:]
            for r in t.rows { joined![r[k]] = Dictionary(uniqueKeysWithValues: zip(t.header, r)) }
        }
        let builder = try context.builder(Accounting())
        var set = try builder.build(name, geometry: true)
        if name == .province { set.zones.removeAll { ZoneAccounting.isSARTW($0.code) } }
        let index = try HinterlandIndex(config: cfg, set: set, builder: builder, joined: joined, joinPath: join)
        let missing = Set(index.missing.joined())
        if !missing.isEmpty { context.warn("indicators missing for some zones (left out of their scores): \(missing.sorted().joined(separator: ", "))") }
        var r = OperationResult()
        r.tables = [NamedTable("index_\(level.rawValue)", index.csv())]
        r.layers = [index.featureTable()]
        return r
    }
}
