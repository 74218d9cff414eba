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

    /// The style reads files only in its folder, the data folder and `userPoints`, unless
    /// `anySource`.
    public init(stylePath: String, data: EmbeddedData, builder: ZoneSetBuilder, userPoints: [String: String] = [:], lang: String = "zh",
                anySource: Bool = false) throws {
        var style = try MapStyle.load(stylePath)
        style.access = SourceAccess(folders: [data.root], files: Array(userPoints.values), any: anySource)
        let palettes = try Palettes(path: MapDocument.palettePath(data: data))
        let loader = SourceLoader(data: data, builder: builder, userPoints: userPoints)
        let renderer = MapRenderer(style: style, loader: loader, palettes: palettes)
        renderer.lang = lang
        list = try renderer.render()
        tables = loader.tables
        warnings = style.warnings + renderer.warnings + loader.warnings
        self.style = style
    }

    /// Styles/palettes/colorbrewer.json next to GeoData.
    static func palettePath(data: EmbeddedData) -> String {
        ((data.root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Styles/palettes/colorbrewer.json")
    }

    /// Writes one output by its extension: .svg, .png (at `scale` × the page size) or .pdf.
    public func write(to path: String, scale: Double = 1) throws {
        var clock = Stopwatch("write")
        defer { clock.lap(path) }
        switch (path as NSString).pathExtension.lowercased() {
        case "svg":
            try AtomicOutput.write(text: SVGWriter.svg(list, pngEncoder: CairoRenderer.pngData), to: path)
        case "png":
            try AtomicOutput.write(to: path) { try CairoRenderer.writePNG(list, to: $0, scale: scale) }
        case "pdf":
            try AtomicOutput.write(to: path) { try CairoRenderer.writePDF(list, to: $0) }
        default:
            throw HinterlandError(path, "map output must be .svg, .png or .pdf")
        }
    }
}
