import Foundation
import Cartography
import GeoCore
import GeoIO

/// Writes an operation's result to a file, the format told by the extension: .csv (its
/// tables, a blank line between), .json, .xlsx (a workbook), .gpkg/.geojson/.fgb/.shp or a
/// PG: connection (its layers), .tif (its raster), .svg/.png/.pdf (its map), .txt (its
/// sentences). Each file is written atomically.
public enum ResultWriter {
    public struct Options: Sendable {
        /// Start CSV files with a UTF-8 byte-order mark (Excel then reads Chinese correctly).
        public var bom = false
        /// PNG scale (1 = the style's page size).
        public var scale = 1.0
        public init(bom: Bool = false, scale: Double = 1) { self.bom = bom; self.scale = scale }
    }

    public enum Kind: String, Sendable { case csv, json, xlsx, layers, raster, map, text }

    public static func kind(of path: String) -> Kind? {
        if path.hasPrefix("PG:") { return .layers }
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "xlsx": return .xlsx
        case "gpkg", "geojson", "fgb", "shp": return .layers
        case "tif", "tiff": return .raster
        case "svg", "png", "pdf": return .map
        case "txt", "md": return .text
        default: return nil
        }
    }

    /// The result's tables as one CSV text.
    public static func csv(_ r: OperationResult) -> String {
        r.tables.map(\.csv).joined(separator: "\n")
    }

    public static func bytes(_ text: String, bom: Bool) -> String { bom ? "\u{FEFF}" + text : text }

    public static func write(_ r: OperationResult, to path: String, options: Options = Options(), readme: [(String, String)] = []) throws {
        guard let kind = kind(of: path) else {
            throw HinterlandError(path, "cannot tell the format from the extension (.csv, .json, .xlsx, .gpkg, .geojson, .fgb, .shp, .tif, .svg, .png, .pdf, .txt)")
        }
        switch kind {
        case .csv:
            guard !r.tables.isEmpty else { throw HinterlandError(path, "this analysis gives no table") }
            try AtomicOutput.write(text: bytes(csv(r), bom: options.bom), to: path)
        case .json:
            guard let json = try r.json() else { throw HinterlandError(path, "this analysis has no JSON form; use .csv or .xlsx") }
            try AtomicOutput.write(text: json, to: path)
        case .xlsx:
            try Workbook.write(r.tables.map { Workbook.Sheet(name: $0.name, csv: $0.csv) }, readme: readme + r.notes.map { ("method", $0) }, to: path)
        case .layers:
            try VectorLayers.write(r, to: path)
        case .raster:
            if r.written.contains(path) { return }
            guard let p = r.raster else { throw HinterlandError(path, "this analysis gives no raster") }
            try RasterWriter.writeGeoTIFF(bands: p.bands, to: path, metadata: p.metadata, descriptions: p.descriptions, type: p.type,
                                          compression: p.compression, categories: p.categories, colors: p.colors)
        case .map:
            guard let m = r.figure else { throw HinterlandError(path, "this analysis draws no figure (a map, or the index with sensitivity)") }
            try m.write(to: path, scale: options.scale)
        case .text:
            guard let s = r.sentences else { throw HinterlandError(path, "this analysis writes no sentences (stats with sentences: zh or en does)") }
            try AtomicOutput.write(text: s, to: path)
        }
    }
}

/// A result's layers written to any vector path, whatever its extension says.
public enum VectorLayers {
    public static func write(_ r: OperationResult, to path: String) throws {
        guard !r.layers.isEmpty else { throw HinterlandError(path, "this analysis gives no layer; use .csv") }
        try VectorWriter.write(r.layers, to: path)
    }
}
