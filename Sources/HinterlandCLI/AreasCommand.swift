import Analysis
import ArgumentParser
import GeoIO

/// Recomputes GeoData/tables/unit_areas.csv after the boundaries change (make geodata runs it).
struct AreasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas",
        abstract: "Write the geodesic areas of the embedded units (the cache GeoData/tables/unit_areas.csv).",
        shouldDisplay: false
    )

    @Option(name: .shortAndLong, help: "Output CSV.")
    var output: String

    func run() throws {
        try AtomicOutput.write(text: try ZoneSetBuilder(data: try EmbeddedData()).unitAreasCSV(), to: output)
    }
}
