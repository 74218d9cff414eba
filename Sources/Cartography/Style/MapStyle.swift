import Foundation
import GeoCore

/// A map style: the core of the MapLibre style spec (sources, layers with paint and layout
/// properties and expressions) plus Hinterland's page and furniture settings in the spec's
/// `metadata` block under "hinterland".
public struct MapStyle: Sendable {
    public struct Source: Sendable {
        public var id: String
        /// "hinterland" (embedded or computed), "geojson"/"vector" (a file), "raster" (a file).
        public var type: String
        public var spec: [String: JSONValue]
    }

    public struct Layer: Sendable {
        public var id: String
        public var type: String
        public var source: String?
        public var sourceLayer: String?
        public var filter: StyleExpression?
        public var paint: [String: JSONValue]
        public var layout: [String: JSONValue]
        public var metadata: [String: JSONValue]
        public var visible: Bool
    }

    public var path: String
    public var name: String
    public var sources: [String: Source]
    public var layers: [Layer]
    public var settings: [String: JSONValue]
    public var warnings: [String] = []
    /// Where the style's sources may read (see `SourceAccess`).
    public var access = SourceAccess()

    static let layerTypes: Set<String> = ["background", "fill", "line", "circle", "symbol", "raster", "heatmap"]
    static let supported: [String: Set<String>] = [
        "background": ["background-color", "background-opacity"],
        "fill": ["fill-color", "fill-opacity", "fill-outline-color"],
        "line": ["line-color", "line-width", "line-opacity", "line-dasharray"],
        "circle": ["circle-radius", "circle-color", "circle-opacity", "circle-stroke-color", "circle-stroke-width", "circle-stroke-opacity"],
        "symbol": ["text-color", "text-halo-color", "text-halo-width", "text-opacity", "icon-color"],
        "raster": ["raster-opacity", "raster-color"],
        "heatmap": ["heatmap-opacity", "heatmap-radius", "heatmap-color", "heatmap-weight"],
    ]
    static let supportedLayout: Set<String> = ["visibility", "text-field", "text-field_en", "text-size", "text-font", "text-anchor", "text-offset",
                                               "text-allow-overlap", "symbol-sort-key", "text-variable-anchor", "line-cap", "line-join", "symbol-placement"]

    public static func load(_ path: String) throws -> MapStyle {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "no such style file") }
        let j = try JSONValue.parse(data, path: path)
        guard case .object(let top) = j else { throw HinterlandError(path, "a style is a JSON object") }
        var style = MapStyle(path: path, name: top["name"]?.string ?? (path as NSString).lastPathComponent, sources: [:], layers: [],
                             settings: top["metadata"]?["hinterland"]?.object ?? [:])
        for (id, s) in top["sources"]?.object ?? [:] {
            guard let type = s["type"]?.string else { throw HinterlandError(path, "sources.\(id): missing type") }
            guard ["hinterland", "geojson", "vector", "raster"].contains(type) else {
                throw HinterlandError(path, "sources.\(id).type: unsupported source type '\(type)' (use hinterland, geojson, vector or raster)")
            }
            style.sources[id] = Source(id: id, type: type, spec: s.object ?? [:])
        }
        guard let layers = top["layers"]?.array else { throw HinterlandError(path, "missing the layers array") }
        var ids = Set<String>()
        for (i, l) in layers.enumerated() {
            let at = "layers[\(i)]"
            guard let id = l["id"]?.string else { throw HinterlandError(path, "\(at): missing id") }
            guard ids.insert(id).inserted else { throw HinterlandError(path, "\(at): duplicate layer id '\(id)'") }
            guard let type = l["type"]?.string, layerTypes.contains(type) else {
                throw HinterlandError(path, "\(at).type: unknown layer type '\(l["type"]?.string ?? "")' (use \(layerTypes.sorted().joined(separator: ", ")))")
            }
            let source = l["source"]?.string
            if type != "background" {
                guard let source else { throw HinterlandError(path, "\(at).source: missing") }
                guard style.sources[source] != nil else { throw HinterlandError(path, "\(at).source: no source named '\(source)'") }
            }
            let paint = l["paint"]?.object ?? [:], layout = l["layout"]?.object ?? [:]
            for k in paint.keys.sorted() where !(supported[type] ?? []).contains(k) {
                style.warnings.append("\(path): \(at).paint.\(k) is not supported and is ignored")
            }
            for k in layout.keys.sorted() where !supportedLayout.contains(k) {
                style.warnings.append("\(path): \(at).layout.\(k) is not supported and is ignored")
            }
            // Parse every expression now, so a bad one fails before anything is drawn.
            for (k, v) in paint where v.array?.first?.string != nil { _ = try StyleExpression.parse(v, at: "\(at).paint.\(k)", file: path) }
            for (k, v) in layout where v.array?.first?.string != nil && k != "text-font" && k != "text-variable-anchor" && k != "text-offset" {
                _ = try StyleExpression.parse(v, at: "\(at).layout.\(k)", file: path)
            }
            let filter = try l["filter"].map { try StyleExpression.parse($0, at: "\(at).filter", file: path) }
            style.layers.append(Layer(id: id, type: type, source: source, sourceLayer: l["source-layer"]?.string, filter: filter,
                                      paint: paint, layout: layout, metadata: l["metadata"]?.object ?? [:],
                                      visible: layout["visibility"]?.string != "none"))
        }
        return style
    }

    /// A path in the style, resolved against the style file's folder and checked against
    /// `access`; `at` names the style field that holds it (for the error).
    public func resolve(_ p: String, at: String? = nil) throws -> String {
        let field = "\(path): \(at ?? "source")"
        if access.any {
            if p.hasPrefix("/") || p.hasPrefix("PG:") { return p }
            return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(p)
        }
        // GDAL opens more than files: /vsicurl/ and its kin fetch over the network or read
        // inside archives, and "DRIVER:…" strings open databases and web services.
        if p.hasPrefix("/vsi") {
            throw HinterlandError(field, "\(p) is a GDAL virtual file system path (network or archive); a style reads local files only unless any source is allowed")
        }
        if let colon = p.firstIndex(of: ":"), !p[..<colon].contains("/") {
            throw HinterlandError(field, "\(p) is a connection string or URL; a style reads local files only unless any source is allowed")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let full = p.hasPrefix("/") ? p : ((folder.isEmpty ? FileManager.default.currentDirectoryPath : folder) as NSString).appendingPathComponent(p)
        let real = SourceAccess.real(full)
        let styleFolder = SourceAccess.real(folder.isEmpty ? FileManager.default.currentDirectoryPath : folder)
        let inFolder = ([styleFolder] + access.folders.map(SourceAccess.real)).contains { real.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        guard inFolder || access.files.map(SourceAccess.real).contains(real) else {
            throw HinterlandError(field, "\(p) is outside the style's folder, the data folder and the files given on the command line; a style reads only those unless any source is allowed")
        }
        return full
    }
}

/// The files a style may read: those in its own folder, in `folders` (the data folder) and
/// the `files` given on the command line, unless `any`. A style is a document that may come
/// from anyone; without this it could read any file the user can (and draw it) or, through
/// GDAL, fetch URLs and open database connections.
public struct SourceAccess: Sendable {
    public var folders: [String] = []
    public var files: [String] = []
    public var any = false

    public init(folders: [String] = [], files: [String] = [], any: Bool = false) {
        self.folders = folders; self.files = files; self.any = any
    }

    /// The path with symbolic links and `..` resolved (a link inside the folder may point
    /// out of it); for a file that does not exist, its folder's real path and its name.
    static func real(_ p: String) -> String {
        let std = (p as NSString).standardizingPath
        if let r = realpath(std, nil) { defer { free(r) }; return String(cString: r) }
        let dir = (std as NSString).deletingLastPathComponent
        if dir != std, !dir.isEmpty, let r = realpath(dir, nil) {
            defer { free(r) }
            return (String(cString: r) as NSString).appendingPathComponent((std as NSString).lastPathComponent)
        }
        return std
    }
}
