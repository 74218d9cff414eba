import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct HuLineCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "huline",
        abstract: "South-east / north-west shares of area, population, points and rasters across the Hu Line.",
        discussion: """
        The line runs from Heihe to Tengchong (or --from/--to) as a geodesic on the WGS84 ellipsoid, or
        straight in the China Albers (--line conic) — never a two-point line in longitude/latitude. Land
        area is cut with the line; county census populations are split by area in the counties it cuts,
        or, with --assign centroid, whole counties go to the side of their interior point (the
        "quasi-line" of the literature). --by adds a per-zone split: which zones the line crosses and
        their south-east fractions. A .gpkg output holds the line, the two sides and the tables.

        Examples:
          hinterland huline
          hinterland huline --points firms.csv --weight staff --by province
          hinterland huline --raster density.tif --line conic --assign centroid -o huline.gpkg
        """
    )

    @OptionGroup var points: OptionalPointOptions

    @Option(name: .long, help: "A raster whose sum is split by the line.")
    var raster: String?

    @Option(name: .long, help: "A zone set for the per-zone split (province, prefecture, region4 …).")
    var by: String?

    @Option(name: .long, help: "Hu Line variant: geodesic, or conic (straight in the China Albers).")
    var line: HuLine.Variant = .geodesic

    @Option(name: .long, help: "cut (split the counties the line cuts by area), centroid (whole counties by interior point) or majority (whole units to the side holding most of their land, at --level).")
    var assign: HuLineAssign = .cut

    @Option(name: .long, help: "With --assign majority: county or prefecture.")
    var level: HuLineLevel = .prefecture

    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: "North-east endpoint LON,LAT (default Heihe 127.49016,50.24413).")
    var from: String?

    @Option(name: .long, help: "South-west endpoint LON,LAT (default Tengchong 98.51276,24.99492).")
    var to: String?

    @Option(name: .shortAndLong, help: "Output: .csv (default stdout) or .gpkg (line, sides, tables).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        let variant = line
        let byName = try by.map { b -> ZoneSetName in
            guard let n = ZoneSetName(rawValue: b), n != .huline else { throw HinterlandError("--by \(b)", "use a named zone set other than huline") }
            return n
        }
        if let output, !["csv", "gpkg"].contains((output as NSString).pathExtension.lowercased()) {
            throw HinterlandError(output, "huline writes .csv or .gpkg")
        }
        let hu = try HuLine(variant: variant, from: try Self.coordinate(from, "--from") ?? HuLine.heihe,
                            to: try Self.coordinate(to, "--to") ?? HuLine.tengchong)
        let data = try EmbeddedData()
        let builder = try measure.builder(data)
        let split = try builder.huLineSplit(hu)
        var report = HuLineReport(split: split, assign: assign, level: level, accounting: measure.accounting)
        if let pts = try points.readIfGiven() {
            let units = try UnitAssignment(data: data, level: .province).units(of: pts)
            report.addPoints(pts, insideChina: units.map { $0 >= 0 }, line: hu)
        }
        let sides = try builder.huLineSidePolygons(hu)
        if let raster {
            let source = try RasterSource(path: raster)
            var se = Zone(code: "southeast", name: ""), nw = Zone(code: "northwest", name: "")
            se.geometry = sides.east; nw.geometry = sides.west
            let s = try ZonalAnalysis.run(raster: source, zones: [se, nw])
            report.addRaster(name: "raster", southeast: s[0], northwest: s[1])
        }
        if let byName {
            let set = try builder.build(byName)
            report.addZones(set, countyZone: try builder.countyZones(set, name: byName), split: split)
        }
        Diagnostics.note(report.method)
        let text = report.csv()
        guard let output else { try StandardOutput.write(text); return }
        if output.lowercased().hasSuffix(".csv") { try AtomicOutput.write(text: text, to: output); return }
        let lineTable = FeatureTable(name: "hu_line", crs: .wgs84, geometryKind: .lineString,
                                     fields: [Field("variant", .string), Field("method", .string)],
                                     features: [Feature(geometry: hu.line, values: [.string(variant.rawValue), .string(report.method)])])
        var sideTable = FeatureTable(name: "hu_line_sides", crs: .wgs84, geometryKind: .polygon, fields: [Field("side", .string), Field("name", .string)])
        sideTable.features = [Feature(geometry: sides.east, values: [.string("southeast"), .string("东南半壁")]),
                              Feature(geometry: sides.west, values: [.string("northwest"), .string("西北半壁")])]
        var measures = FeatureTable(name: "hu_line_split", crs: .wgs84, geometryKind: nil,
                                    fields: [Field("measure", .string), Field("southeast", .real), Field("northwest", .real), Field("southeast_share", .real)])
        measures.features = report.measures.map { Feature(geometry: nil, values: [.string($0.name), .real($0.southeast), .real($0.northwest), .real($0.share)]) }
        try VectorWriter.write([lineTable, sideTable, measures], to: output)
    }

    static func coordinate(_ s: String?, _ what: String) throws -> (lon: Double, lat: Double)? {
        guard let s else { return nil }
        let p = s.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard p.count == 2, abs(p[0]) <= 180, abs(p[1]) <= 90 else { throw HinterlandError("\(what) \(s)", "expected LON,LAT in degrees") }
        return (p[0], p[1])
    }
}

/// `--points` made optional, for commands where a point layer is an extra.
struct OptionalPointOptions: ParsableArguments {
    @Option(name: .long, help: "A point layer to split (CSV/TSV or any OGR source).")
    var points: String?

    @Option(name: .long, help: "Numeric field weighting each point.")
    var weight: String?

    @Option(name: .long, help: "CRS of the points (EPSG, WKT, PROJ, gcj02, bd09).")
    var inputCRS: String?

    func readIfGiven() throws -> PointSet? {
        guard let points else { return nil }
        let set = try PointReader.read(path: points, options: PointReadOptions(weight: weight, inputCRS: inputCRS.map(CRS.init)))
        if let r = set.skipReport { Diagnostics.warning("\(points): \(r)") }
        guard set.count > 0 else { throw HinterlandError(points, "no usable points") }
        return set
    }
}
