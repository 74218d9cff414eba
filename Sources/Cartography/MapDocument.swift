import Foundation
import Analysis
import GeoCore
import GeoIO

/// Renders a style to SVG, PNG and PDF files, atomically, with the tables behind it.
public struct MapDocument {
    public let style: MapStyle
    public let list: DisplayList
    public let tables: [String: String]
    public let warnings: [String]

    /// `basemap`: a vector file drawn instead of the embedded boundaries; `approval`: the
    /// base map's approval number (审图号), printed under the map. Both override the style's
    /// page.basemap and page.approval. The style reads files only in its folder, the data
    /// folder and `files` (given on the command line), unless `anySource`.
    public init(stylePath: String, data: EmbeddedData, sources: MapSources, lang: String = "zh",
                basemap: String? = nil, approval: String? = nil, files: [String] = [], anySource: Bool = false) throws {
        var style = try MapStyle.load(stylePath)
        style.access = SourceAccess(folders: [data.root], files: files + [basemap].compactMap { $0 }, any: anySource)
        let palettes = try Palettes(path: MapDocument.palettePath(data: data))
        let loader = sources
        let renderer = MapRenderer(style: style, loader: loader, palettes: palettes)
        renderer.lang = lang
        renderer.basemap = basemap
        renderer.approval = approval
        list = try renderer.render()
        tables = loader.tables
        warnings = style.warnings + renderer.warnings + loader.warnings
        self.style = style
    }

    /// Styles/palettes/colorbrewer.json next to GeoData.
    static func palettePath(data: EmbeddedData) -> String {
        ((data.root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Styles/palettes/colorbrewer.json")
    }

    /// Writes one output by its extension: .svg, .png (at `scale` × the page size) or .pdf;
    /// `geopdf` writes a georeferenced PDF through GDAL's PDF driver instead of Cairo's. A PNG of
    /// a map in a projected frame gets a world file (.pgw) and its CRS in a .png.aux.xml.
    public func write(to path: String, scale: Double = 1, geopdf: Bool = false) throws {
        var clock = Stopwatch("write")
        defer { clock.lap(path) }
        switch (path as NSString).pathExtension.lowercased() {
        case "svg":
            try AtomicOutput.write(text: SVGWriter.svg(list, pngEncoder: CairoRenderer.pngData), to: path)
        case "png":
            try AtomicOutput.write(to: path) { try CairoRenderer.writePNG(list, to: $0, scale: scale) }
            if let g = list.georeference, g.projected {
                try AtomicOutput.write(text: MapGeoreference.worldFile(g, scale: scale), to: (path as NSString).deletingPathExtension + ".pgw")
                try AtomicOutput.write(text: try MapGeoreference.auxXML(g), to: path + ".aux.xml")
            }
        case "pdf" where geopdf:
            guard let g = list.georeference else { throw HinterlandError(path, "a GeoPDF needs a map frame") }
            try AtomicOutput.write(to: path) { try MapGeoreference.writeGeoPDF(list, georeference: g, to: $0, scale: scale) }
        case "pdf":
            try AtomicOutput.write(to: path) { try CairoRenderer.writePDF(list, to: $0) }
        default:
            throw HinterlandError(path, "map output must be .svg, .png or .pdf")
        }
    }
}
