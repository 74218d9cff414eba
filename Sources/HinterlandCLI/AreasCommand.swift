import Analysis
import ArgumentParser
import GeoIO

/// Recomputes GeoData/tables/unit_areas.csv (and county_points.csv) after the boundaries
/// change (make geodata runs it).
struct AreasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas",
        abstract: "Write the geodesic areas of the embedded units (the cache GeoData/tables/unit_areas.csv).",
        shouldDisplay: false
    )

    @Option(name: .shortAndLong, help: "Output CSV.")
    var output: String

    @Option(name: .long, help: "Also write the county points cache (GeoData/tables/county_points.csv).")
    var countyPoints: String?

    func run() throws {
        let builder = try ZoneSetBuilder(data: try EmbeddedData())
        try AtomicOutput.write(text: try builder.unitAreasCSV(), to: output)
        if let countyPoints { try AtomicOutput.write(text: try builder.countyPointsCSV(), to: countyPoints) }
    }
}
