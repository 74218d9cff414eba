import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct IndexCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "A hinterland suitability index per zone from the four criteria of Liu and Shang 2025, ranked.",
        discussion: """
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
        """
    )

    @Option(name: .long, help: "Zone level.")
    var level: IndexLevel = .province

    @Option(name: .long, help: "Index config (JSON). Default: GeoData/index.json.")
    var config: String?

    @Option(name: .long, help: "A CSV of extra indicators, one row per zone.")
    var join: String?

    @Option(name: .long, help: "The column of --join holding the zone code.")
    var joinKey: String = "adcode"

    @Option(name: .shortAndLong, help: "Output: .csv (default stdout) or .gpkg (ranked layer).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        let name: ZoneSetName = level == .province ? .province : .prefecture
        if let output, !["csv", "gpkg"].contains((output as NSString).pathExtension.lowercased()) { throw HinterlandError(output, "index writes .csv or .gpkg") }
        let data = try EmbeddedData()
        let cfg = try IndexConfig.load(config ?? data.root + "/index.json")
        var joined: [String: [String: String]]?
        if let join {
            let t = try CSVTable(path: join)
            let k = try t.columnIndex(joinKey)
            joined = [:]
            for r in t.rows { joined![r[k]] = Dictionary(uniqueKeysWithValues: zip(t.header, r)) }
        }
        let builder = try ZoneSetBuilder(data: data)
        var set = try builder.build(name, geometry: true)
        if name == .province { set.zones.removeAll { ["710000", "810000", "820000"].contains($0.code) } }
        let index = try HinterlandIndex(config: cfg, set: set, builder: builder, joined: joined, joinPath: join)
        let missing = Set(index.missing.joined())
        if !missing.isEmpty { Diagnostics.warning("indicators missing for some zones (left out of their scores): \(missing.sorted().joined(separator: ", "))") }
        guard let output, output.lowercased().hasSuffix(".gpkg") else {
            if let output { try AtomicOutput.write(text: index.csv(), to: output) } else { try StandardOutput.write(index.csv()) }
            return
        }
        try VectorWriter.write([index.featureTable()], to: output)
    }
}
