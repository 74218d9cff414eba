import Analysis
import GeoCore

/// One row per zone: code, names, areas, census 2020 population, density, members.
public struct ZonesRequest: Operation {
    public static let kind = "zones"
    public var by = ""
    public var zones = ZoneOptions()
    public var accounting = Accounting()
    /// Whether zone polygons are wanted (for a layer output).
    public var geometry = false

    public init() {}

    enum CodingKeys: String, CodingKey { case by }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        by = try c.value(.by, "")
        zones = try ZoneOptions(from: decoder)
        accounting = try Accounting(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(by, forKey: .by)
        try zones.encode(to: encoder); try accounting.encode(to: encoder)
    }

    public func validate() throws {
        guard !by.isEmpty else { throw FieldError("by", nil, "give a zone set") }
        _ = try zones.named(by)
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        try validate()
        let set = try zones.build(by, builder: try context.builder(accounting), geometry: geometry, context: context)
        var r = OperationResult()
        r.tables = [NamedTable("zones_\(set.name)", set.csv())]
        r.makeJSON = { try set.json() }
        if geometry { r.layers = [set.featureTable()] }
        return r
    }
}
