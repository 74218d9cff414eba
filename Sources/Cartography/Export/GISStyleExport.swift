import Analysis
import Foundation
import GeoCore
import GeoIO

/// A map style's fill, line and circle layers as GIS layer styles (QGIS QML and OGC SLD), so
/// the layers the tool writes open in a GIS drawn as in the figure: classifications
/// (metadata.classify, computed on the same features with the same palette), `match`
/// (categories), `step` (classes) and `interpolate` (classes between its stops, coloured
/// at their middles) on a field; everything else as one symbol.
public enum GISStyleExport {
    /// One exported layer: the style layer's id, its source's id and the style.
    public struct Exported: Sendable {
        public var layerId: String
        public var sourceId: String
        public var style: LayerStyle
    }

    /// The layer styles of every visible fill, line and circle layer of a style; the
    /// warnings name the layers left out and the properties only approximated.
    public static func layerStyles(stylePath: String, data: EmbeddedData, sources loader: MapSources,
                                   access: SourceAccess = SourceAccess()) throws -> (styles: [Exported], warnings: [String]) {
        var style = try MapStyle.load(stylePath)
        style.access = access
        if access.folders.isEmpty { style.access.folders = [data.root] }
        let palettes = try Palettes(path: MapDocument.palettePath(data: data))
        var out = [Exported](), warnings = [String]()
        for layer in style.layers where layer.visible {
            // A symbol layer labels the exported layers of its source.
            if layer.type == "symbol", let source = layer.source, case .get(let field)? = layer.layout["text-field"].flatMap({ try? StyleExpression.parse($0, at: "", file: "") }) {
                for i in out.indices where out[i].sourceId == source && out[i].style.labelField == nil { out[i].style.labelField = field }
                continue
            }
            guard ["fill", "line", "circle"].contains(layer.type), let sourceId = layer.source else {
                if layer.type != "background" { warnings.append("\(stylePath): layer \(layer.id): \(layer.type) layers are not exported as GIS styles") }
                continue
            }
            guard case .features(var features) = try loader.load(style.sources[sourceId]!, style: style) else {
                warnings.append("\(stylePath): layer \(layer.id): its source is a raster; not exported")
                continue
            }
            if let f = layer.filter {
                features = features.filter { f.evaluate($0.properties).truthy }
                warnings.append("\(stylePath): layer \(layer.id): its filter is not part of the exported style")
            }
            var painter = try LayerPainter(layer: layer, file: style.path)
            let converted = try StyleLayerConversion(layer: layer, painter: &painter, features: features, palettes: palettes, file: style.path)
            warnings += converted.warnings
            out.append(Exported(layerId: layer.id, sourceId: sourceId, style: converted.style))
        }
        return (out, warnings)
    }

    /// Writes `<layer id>.qml` and/or `<layer id>.sld` for each exported layer, all or none.
    public static func write(_ styles: [Exported], qmlDirectory: String?, sldDirectory: String?) throws {
        try AtomicOutput.transaction {
            for (dir, ext) in [(qmlDirectory, "qml"), (sldDirectory, "sld")] {
                guard let dir else { continue }
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for e in styles {
                    let text = ext == "qml" ? QMLWriter.qml(e.style) : SLDWriter.sld(e.style, layerName: e.sourceId)
                    try AtomicOutput.write(text: text, to: (dir as NSString).appendingPathComponent("\(e.layerId).\(ext)"))
                }
            }
        }
    }
}
