import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Operations

struct IndexCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "A hinterland suitability index per zone from the four criteria of Liu and Shang 2025, ranked.",
        discussion: Help.reflow("""
        Criteria (default GeoData/index.json): resource/energy/grain endowment, hub location and
        transport, industrial gradient against the coast, industrial base — each a weighted mean of
        normalised indicators (minmax or zscore, direction + or -). Built-in indicators: \(HinterlandIndex.builtins.joined(separator: ", ")).
        Add your own columns with --join CSV (joined on --join-key, default adcode) and use them as
        column:NAME in a config. A zone missing an indicator has it left out (weights renormalised)
        and named in the missing column.

        Examples:
          hinterland index
          hinterland index --level prefecture -o index.gpkg
          hinterland index --config my_index.json --join energy.csv
        """)
    )

    @Option(name: .long, help: "Zone level.")
    var level: IndexLevel = .province

    @Option(name: .long, help: "Index config (JSON). Default: GeoData/index.json.")
    var config: String?

    @Option(name: .long, help: "A CSV of extra indicators, one row per zone.")
    var join: String?

    @Option(name: .long, help: "The column of --join holding the zone code.")
    var joinKey: String = "adcode"

    @Option(name: .shortAndLong, help: "Output: .csv (default stdout), .xlsx, or .gpkg (ranked layer).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: IndexRequest {
        var q = IndexRequest()
        q.level = level; q.config = config; q.join = join; q.joinKey = joinKey
        return q
    }

    func run() throws {
        let target = try OutputTarget(output, format: nil, allowed: ["csv", "xlsx", "gpkg"])
        var q = request
        q.geometry = target.wantsLayers
        try q.validate()
        try target.write(try q.run(try cliContext()), csv: csvOptions)
    }
}
