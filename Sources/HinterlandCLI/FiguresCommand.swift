import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Write the standard tables and layers from the embedded data into an output folder.",
        discussion: "For now: every zone set as CSV and all zone layers in one GeoPackage.\nExample: hinterland figures --out Output"
    )

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String = "Output"

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let builder = try ZoneSetBuilder(data: try EmbeddedData())
        let start = Date()
        var tables = [FeatureTable]()
        for name in ZoneSetName.allCases {
            let t0 = Date()
            let set = try builder.build(name, geometry: true)
            try AtomicOutput.write(text: set.csv(), to: "\(out)/zones_\(name.rawValue).csv")
            tables.append(set.featureTable())
            if !quiet { Diagnostics.note(String(format: "zones_%@.csv (%d zones, %.1f s)", name.rawValue, set.zones.count, Date().timeIntervalSince(t0))) }
        }
        tables.append(try ExportCommand.resolve(layer: "hu_line", line: "geodesic"))
        try VectorWriter.write(tables, to: "\(out)/zones.gpkg")
        if !quiet { Diagnostics.note(String(format: "wrote %d tables and zones.gpkg to %@ in %.1f s", ZoneSetName.allCases.count, out, Date().timeIntervalSince(start))) }
    }
}
