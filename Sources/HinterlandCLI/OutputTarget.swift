import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Operations

/// Where a command's result goes: -o FILE (format from --format or the extension) or
/// standard output (CSV, or JSON with --format json). One rule for every command.
struct OutputTarget {
    var path: String?
    var format: String

    /// `allowed` lists the formats the command writes, the first being the default.
    init(_ output: String?, format: String?, allowed: [String]) throws {
        path = output
        let ext = output.map { ($0 as NSString).pathExtension.lowercased() }.map { $0 == "tiff" ? "tif" : $0 }
        if output?.hasPrefix("PG:") == true { self.format = format ?? "pg"; return }
        let fmt = format ?? ext ?? allowed[0]
        guard allowed.contains(fmt) else {
            if format == nil, let output { throw HinterlandError(output, "cannot tell the format from the extension (this command writes \(allowed.joined(separator: ", ")); or give --format)") }
            throw HinterlandError("--format \(fmt)", "unknown format (use \(allowed.joined(separator: ", ")))")
        }
        if let ext, let format, ext != format, !(format == "geojson" && ext == "json"), !(format == "json" && ext == "geojson") {
            throw HinterlandError(output!, "extension does not match --format \(format)")
        }
        if !["csv", "json", "txt"].contains(fmt) && output == nil { throw HinterlandError("--format \(fmt)", "needs -o PATH") }
        self.format = fmt
    }

    /// Whether the output is a vector layer file.
    var wantsLayers: Bool { ["gpkg", "geojson", "fgb", "shp", "pg"].contains(format) }

    func write(_ r: OperationResult, csv: CSVOptions) throws {
        guard let path else {
            let text = format == "json" ? (try r.json() ?? "") : format == "txt" ? (r.sentences ?? "") : ResultWriter.bytes(ResultWriter.csv(r), bom: csv.bom)
            try StandardOutput.write(text)
            return
        }
        // A GeoJSON layer named .json is a layer, not the table's JSON form.
        if format == "geojson" && path.lowercased().hasSuffix(".json") {
            try Operations.VectorLayers.write(r, to: path)
            return
        }
        try ResultWriter.write(r, to: path, options: ResultWriter.Options(bom: csv.bom))
    }
}

extension OutputTarget {
    /// The table here and the result's layers or raster in `file`: both or neither.
    func write(_ r: OperationResult, csv: CSVOptions, alongside file: String?) throws {
        Report.notes(r)
        try AtomicOutput.transaction {
            try write(r, csv: csv)
            if let file { try ResultWriter.write(r, to: file) }
        }
    }
}

/// Notes and warnings of a result on stderr.
enum Report {
    static func notes(_ r: OperationResult) { for n in r.notes { Diagnostics.note(n) } }
}

/// A run context whose messages go to stderr, with a reading progress line on a terminal.
func cliContext() throws -> RunContext {
    let c = try RunContext()
    c.warn = { Diagnostics.warning($0) }
    c.note = { Diagnostics.note($0) }
    if isatty(2) != 0 {
        c.readingProgress = { name, f in
            if let f { FileHandle.standardError.write(Data(String(format: "\rreading %@: %3.0f%%", name, f * 100).utf8)) }
            else { FileHandle.standardError.write(Data("\rreading \(name)\n".utf8)) }
        }
    }
    return c
}
