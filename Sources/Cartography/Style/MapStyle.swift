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

    /// A path in the style, resolved against the style file's folder.
    public func resolve(_ p: String) -> String {
        if p.hasPrefix("/") || p.hasPrefix("PG:") { return p }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(p)
    }
}
