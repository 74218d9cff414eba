import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Operations

extension IndexMethod: ExpressibleByArgument {}
extension IndexEligibility: ExpressibleByArgument {}

struct IndexCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Rank inland zones as national strategic hinterland by the four criteria of Liu and Shang 2025.",
        discussion: Help.reflow("""
        Criteria (GeoData/index.json): resource, energy and grain endowment; hub location and
        transport; the industrial gradient against the coast; the industrial base — 2020
        statistics (GeoData/tables/province_indicators_2020.csv) and indicators computed from the
        embedded data (population potential, flat-land share, distances to corridor nodes,
        computing hubs and the coast). Zones touching the sea are listed as hubs, not ranked,
        unless --eligible all. A zone missing an indicator is scored on the others and the
        indicator is named in its missing column. The CSV holds the ranked zones, then (after a
        blank line) each indicator's weight and source; .xlsx puts them on two sheets.

        Examples:
          hinterland index
          hinterland index --method topsis --sensitivity 1000 --seed 1 -o index.csv
          hinterland index --level prefecture --join energy.csv --config my_index.json -o index.gpkg
        """)
    )

    @Option(name: .long, help: "Zone level.")
    var level: Analysis.IndexLevel = .province

    @Option(name: .long, help: "Scoring method.")
    var method: IndexMethod = .weighted

    @Option(name: .long, help: "Zones ranked: inland (not touching the sea) or all. Default: the config's rule (inland).")
    var eligible: IndexEligibility?

    @Option(name: .long, help: "Perturbed runs (Dirichlet weights, random normalisation) for rank intervals; 0 = none.")
    var sensitivity: Int = 0

    @Option(name: .long, help: "Seed of the perturbed runs.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Index config (JSON). Default: GeoData/index.json.")
    var config: String?

    @Option(name: .long, help: "A CSV of extra indicators, one row per zone (use them as column:NAME in a config).")
    var join: String?

    @Option(name: .long, help: "The column of --join holding the zone code.")
    var joinKey: String = "adcode"

    @Option(name: .shortAndLong, help: "Output: .csv (default stdout), .json, .xlsx, .gpkg, or .svg/.png (the rank plot; needs --sensitivity).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: IndexRequest {
        IndexRequest(level: level, method: method, eligible: eligible, sensitivity: sensitivity, seed: seed, config: config, join: join, joinKey: joinKey)
    }

    func run() throws {
        let target = try OutputTarget(output, format: nil, allowed: ["csv", "json", "xlsx", "gpkg", "svg", "png"])
        let q = request
        try q.validate()
        let r = try q.run(try cliContext())
        Report.notes(r)
        try target.write(r, csv: csvOptions)
    }
}
