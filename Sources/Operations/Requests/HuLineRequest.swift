import Foundation
import Analysis
import GeoCore
import GeoIO

/// South-east / north-west shares of area, population, points and raster sums across the
/// Hu Line, and per-zone splits.
public struct HuLineRequest: Operation {
    public static let kind = "huline"
    public var points: PointInput?
    public var raster: String?
    /// A named zone set, or a polygon file or PostGIS table (with `zones.key`), for the
    /// per-zone split.
    public var by: String?
    /// With a polygon source in `by`: its key, name field, layer and strictness.
    public var zones = ZoneOptions()
    public var line = HuLine.Variant.geodesic
    public var assign = HuLineAssign.cut
    /// With `assign` majority and a named set: the level of the whole units (default
    /// prefecture). A zone file's units are its zones, so it takes no level.
    public var level: HuLineLevel?
    public var accounting = Accounting()
    /// North-east and south-west endpoints "LON,LAT" (default Heihe and Tengchong).
    public var from: String?
    public var to: String?
    /// Whether the line and its sides are wanted as layers.
    public var geometry = false

    public init() {}

    enum CodingKeys: String, CodingKey { case points, raster, by, line, assign, level, from, to }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        points = try c.decodeIfPresent(PointInput.self, forKey: .points); raster = try c.decodeIfPresent(String.self, forKey: .raster)
        by = try c.decodeIfPresent(String.self, forKey: .by); line = try c.value(.line, line); assign = try c.value(.assign, assign)
        level = try c.decodeIfPresent(HuLineLevel.self, forKey: .level); from = try c.decodeIfPresent(String.self, forKey: .from); to = try c.decodeIfPresent(String.self, forKey: .to)
        zones = try ZoneOptions(fileKeysFrom: decoder)
        accounting = try Accounting(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(points, forKey: .points); try c.encodeIfPresent(raster, forKey: .raster); try c.encodeIfPresent(by, forKey: .by)
        try c.encode(line, forKey: .line); try c.encode(assign, forKey: .assign); try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(from, forKey: .from); try c.encodeIfPresent(to, forKey: .to)
        try zones.encodeFileKeys(to: encoder); try accounting.encode(to: encoder)
    }

    /// `by` as a named set, or nil for none or a polygon source.
    func byName() throws -> ZoneSetName? {
        guard let by, let n = try zones.named(by) else { return nil }
        guard n != .huline else { throw FieldError("by", by, "use a named zone set other than huline") }
        return n
    }

    /// What the per-zone split of a zone file means under a rule.
    static func fileRule(_ assign: HuLineAssign) -> String {
        switch assign {
        case .cut: return "each zone's polygon cut with the line, its census counties (by interior point) split as the line splits them"
        case .centroid: return "each whole zone to the side of its interior point"
        case .majority: return "each whole zone to the side holding most of its area"
        }
    }

    static func coordinate(_ s: String?, _ field: String) throws -> (lon: Double, lat: Double)? {
        guard let s else { return nil }
        let p = s.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard p.count == 2, abs(p[0]) <= 180, abs(p[1]) <= 90 else { throw FieldError(field, s, "expected LON,LAT in degrees") }
        return (p[0], p[1])
    }

    public func validate() throws {
        if let by, try byName() == nil, let level {
            throw FieldError("level", level.rawValue, "applies to named zone sets; the units of a zone file (\(DataSource.displayName(by))) are its zones")
        }
        _ = try Self.coordinate(from, "from"); _ = try Self.coordinate(to, "to")
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        let byName = try byName()
        let hu = try HuLine(variant: line, from: try Self.coordinate(from, "from") ?? HuLine.heihe, to: try Self.coordinate(to, "to") ?? HuLine.tengchong)
        let builder = try context.builder(accounting)
        var clock = Stopwatch("huline")
        // A zone file loads on another thread while the counties are cut and the points read.
        let fileZones = byName == nil ? by.map { builder.polygonFileLater(path: $0, layer: zones.layer, key: zones.key!, nameField: zones.nameField, strict: zones.strict) } : nil
        let split = try builder.huLineSplit(hu)
        clock.lap("county split")
        let level = level ?? .prefecture
        var report = HuLineReport(split: split, assign: assign, level: level, accounting: accounting.rule)
        let pts = try points.map { try context.points($0) }
        // Each point's unit at a level, found once per level.
        var units = [UnitAssignment.Level: [Int32]]()
        func unitsOf(_ pts: PointSet, _ level: UnitAssignment.Level) throws -> [Int32] {
            if let u = units[level] { return u }
            let u = try builder.assignment(level).units(of: pts)
            units[level] = u
            return u
        }
        if let pts { report.addPoints(pts, insideChina: try unitsOf(pts, .province).map { $0 >= 0 }, line: hu) }
        clock.lap("points")
        // The zones with their polygons, for a raster's per-zone sums.
        var zonePolygons: () throws -> [Zone] = { [] }
        if let by {
            if let byName {
                zonePolygons = { try builder.build(byName, geometry: true).zones }
                let set = try builder.build(byName)
                report.addZones(set, try builder.huLineZoneSplit(split, set: set, name: byName, assign: assign, level: level))
                if let pts {
                    let level = UnitAssignment.level(for: byName)
                    let zoneOfPoint = try builder.assignment(level).zones(of: try unitsOf(pts, level), in: set, name: byName, points: pts)
                    report.addZonePoints(pts, zoneOfPoint: zoneOfPoint, line: hu)
                }
            } else {
                let file = try fileZones!()
                for r in file.set.repairs { context.warn(r) }
                clock.lap("zones")
                zonePolygons = { file.set.zones }
                report.addZones(file.set, try builder.huLineZoneSplit(split, file: file, assign: assign))
                clock.lap("zones cut")
                report.method += "; zones of \(DataSource.displayName(by)): " + Self.fileRule(assign)
                if let pts { report.addZonePoints(pts, zoneOfPoint: try builder.assign(pts, toZonesOf: by, layer: zones.layer, key: zones.key!, nameField: zones.nameField, strict: zones.strict).zoneOfPoint, line: hu) }
            }
        }
        clock.lap("points by zone")
        // The country's two sides: only for a raster or layers.
        let sides = raster != nil || geometry ? try builder.huLineSidePolygons(hu) : nil
        clock.lap("sides")
        if let raster, let sides {
            let source = try RasterSource(path: raster)
            var se = Zone(code: "southeast", name: ""), nw = Zone(code: "northwest", name: "")
            se.geometry = sides.east; nw.geometry = sides.west
            let s = try ZonalAnalysis.run(raster: source, zones: [se, nw])
            report.addRaster(name: "raster", southeast: s[0], northwest: s[1])
            if by != nil {
                let z = try hu.zonalSums(source, zones: try zonePolygons())
                report.addZoneRaster(name: "raster", total: z.total, southeast: z.southeast)
            }
        }
        var r = OperationResult()
        r.notes = [report.method]
        r.tables = [NamedTable("huline", report.csv())]
        if geometry, let sides {
            let lineTable = FeatureTable(name: "hu_line", crs: .wgs84, geometryKind: .lineString,
                                         fields: [Field("variant", .string), Field("method", .string)],
                                         features: [Feature(geometry: hu.line, values: [.string(line.rawValue), .string(report.method)])])
            var sideTable = FeatureTable(name: "hu_line_sides", crs: .wgs84, geometryKind: .polygon, fields: [Field("side", .string), Field("name", .string)])
            sideTable.features = [Feature(geometry: sides.east, values: [.string("southeast"), .string("东南半壁")]),
                                  Feature(geometry: sides.west, values: [.string("northwest"), .string("西北半壁")])]
            var measures = FeatureTable(name: "hu_line_split", crs: .wgs84, geometryKind: nil,
                                        fields: [Field("measure", .string), Field("southeast", .real), Field("northwest", .real), Field("southeast_share", .real)])
            measures.features = report.measures.map { Feature(geometry: nil, values: [.string($0.name), .real($0.southeast), .real($0.northwest), .real($0.share)]) }
            r.layers = [lineTable, sideTable, measures]
        }
        return r
    }
}
