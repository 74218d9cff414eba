import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Operations

struct UnitsCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Strategic hub + strategic hinterland units (Zhao, Lu and Qi 2026, Figure 6): compare hub and hinterland parts.",
        discussion: Help.reflow("""
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
        """)
    )

    @Option(name: .long, help: "Units config (JSON). Default: GeoData/units.json.")
    var config: String?

    @OptionGroup var pointOptions: PointOptions

    @Option(name: .long, help: "Write the table here (.csv or .xlsx); default stdout.")
    var stats: String?

    @Option(name: .shortAndLong, help: "Unit polygons with hub and hinterland parts (.gpkg).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var measure: AccountingOptions

    var request: UnitsRequest {
        var q = UnitsRequest()
        q.config = config; q.points = pointOptions.inputs(strict: false); q.accounting = measure.accounting
        return q
    }

    func run() throws {
        if let output, (output as NSString).pathExtension.lowercased() != "gpkg" { throw HinterlandError(output, "units writes .gpkg") }
        let table = try OutputTarget(stats, format: nil, allowed: ["csv", "xlsx"])
        var q = request
        q.geometry = output != nil
        try q.validate()
        try table.write(try q.run(try cliContext()), csv: csvOptions, alongside: output)
    }
}
