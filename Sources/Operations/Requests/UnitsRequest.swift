import Foundation
import Analysis
import GeoCore
import GeoIO

/// Strategic hub + hinterland units (Zhao, Lu and Qi 2026, Figure 6): hub and hinterland
/// parts compared, with the points of each layer counted per part.
public struct UnitsRequest: Operation {
    public static let kind = "units"
    /// A units config (JSON); default GeoData/units.json.
    public var config: String?
    public var points: [PointInput] = []
    public var accounting = Accounting()
    /// Whether unit polygons are wanted (for a layer output).
    public var geometry = false

    public init() {}

    enum CodingKeys: String, CodingKey { case config, points }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decodeIfPresent(String.self, forKey: .config)
        if let one = try? c.decode(PointInput.self, forKey: .points) { points = [one] } else { points = try c.value(.points, []) }
        accounting = try Accounting(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(config, forKey: .config); try c.encode(points, forKey: .points)
        try accounting.encode(to: encoder)
    }

    public func validate() throws {
        if let config, !FileManager.default.fileExists(atPath: config) { throw FieldError("config", config, "no such file") }
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        let path = config ?? context.data.root + "/units.json"
        let builder = try context.builder(accounting)
        var units = try CooperativeUnits(config: try UnitConfig.load(path), configPath: path, builder: builder, geometry: geometry)
        if !points.isEmpty {
            let assign = try builder.assignment(.county)
            for p in points {
                let set = try context.points(p)
                let u = assign.units(of: set)
                units.addPoints(set, countyOfPoint: u.map { $0 >= 0 ? assign.unitCodes[Int($0)] : nil })
            }
        }
        var r = OperationResult()
        r.notes = units.notes
        let names = points.map(\.label)
        r.tables = [NamedTable("units", units.csv(layerNames: names))]
        if geometry { r.layers = [UnitsRequest.layer(units, names: names)] }
        return r
    }

    /// Unit parts as polygons with their figures.
    public static func layer(_ units: CooperativeUnits, names: [String]) -> FeatureTable {
        var t = FeatureTable(name: "units", crs: .wgs84, geometryKind: .polygon,
                             fields: [Field("unit", .string), Field("name", .string), Field("part", .string), Field("unit_part", .string), Field("prefectures", .string),
                                      Field("counties", .integer), Field("area_km2", .real), Field("population_2020", .integer)] + names.map { Field($0, .real) })
        for p in units.parts {
            t.features.append(Feature(geometry: p.geometry, values: [.string(p.unit), .string(p.unitName), .string(p.role), .string("\(p.unit)/\(p.role)"),
                .string(p.prefectures.joined(separator: " ")), .integer(Int64(p.counties.count)), .real((p.areaKm2 * 10).rounded() / 10),
                .integer(Int64(p.population.rounded()))] + p.points.map { .real($0) }))
        }
        return t
    }
}
