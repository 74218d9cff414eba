import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct UnitsCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Strategic hub + strategic hinterland units (Zhao, Lu and Qi 2026, Figure 6): compare hub and hinterland parts.",
        discussion: """
        A unit is a hub area (urban clusters, provinces or prefectures) plus its hinterland, defined in
        a JSON config (default GeoData/units.json: the Yellow River and Yangtze units as their plans
        name them, 京津冀 and 粤港澳 with hinterlands from the nearest-hub model). Clusters count by
        plan membership (partial members by county); a county named by two parts stays in the first
        hub that names it. For each part: prefectures, counties, area, census population, and
        the count (or weight) of every --points layer with its share of the unit — e.g. whether the
        hub holds the emerging-industry firms and the hinterland the basic-industry SOEs.

        Examples:
          hinterland units
          hinterland units --points emerging.csv --points soe.csv -o units.gpkg
          hinterland units --config my_units.json --stats units.csv
        """
    )

    @Option(name: .long, help: "Units config (JSON). Default: GeoData/units.json.")
    var config: String?

    @Option(name: .long, help: "Point layers to count per part (repeatable).")
    var points: [String] = []

    @Option(name: .long, help: "Weight field of the point layers.")
    var weight: String?

    @Option(name: .long, help: "Write the table here (CSV); default stdout.")
    var stats: String?

    @Option(name: .shortAndLong, help: "Unit polygons with hub and hinterland parts (.gpkg).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var measure: AccountingOptions

    func run() throws {
        if let output, (output as NSString).pathExtension.lowercased() != "gpkg" { throw HinterlandError(output, "units writes .gpkg") }
        let data = try EmbeddedData()
        let path = config ?? data.root + "/units.json"
        let cfg = try UnitConfig.load(path)
        let builder = try measure.builder(data)
        var units = try CooperativeUnits(config: cfg, configPath: path, builder: builder, geometry: output != nil)
        if !points.isEmpty {
            let assign = try builder.assignment(.county)
            for p in points {
                let set = try PointReader.read(path: p, options: PointReadOptions(weight: weight))
                if let r = set.skipReport { Diagnostics.warning("\(p): \(r)") }
                let u = assign.units(of: set)
                units.addPoints(set, countyOfPoint: u.map { $0 >= 0 ? assign.unitCodes[Int($0)] : nil })
            }
        }
        for n in units.notes { Diagnostics.note(n) }
        let names = points.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        let text = units.csv(layerNames: names)
        if let stats { try AtomicOutput.write(text: text, to: stats) } else { try StandardOutput.write(text) }
        if let output {
            var t = FeatureTable(name: "units", crs: .wgs84, geometryKind: .polygon,
                                 fields: [Field("unit", .string), Field("name", .string), Field("part", .string), Field("prefectures", .string), Field("counties", .integer),
                                          Field("area_km2", .real), Field("population_2020", .real)] + names.map { Field($0, .real) })
            for p in units.parts {
                t.features.append(Feature(geometry: p.geometry, values: [.string(p.unit), .string(p.unitName), .string(p.role),
                    .string(p.prefectures.joined(separator: " ")), .integer(Int64(p.counties.count)), .real((p.areaKm2 * 10).rounded() / 10), .real(p.population)] + p.points.map { .real($0) }))
            }
            try VectorWriter.write([t], to: output)
        }
    }
}
