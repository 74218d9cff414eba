import Analysis
import Foundation
import GeoCore
import GeoIO
import Testing
import Operations
@testable import Cartography

/// What a Chinese journal checks on a map: neighbours and the standard boundary symbols, the
/// user's approved base map with its approval number, a note where data are missing, legends
/// in the labels' format and one language; and outputs that GIS tools open in place.
struct StandardMapTests {
    static func style(_ name: String) -> String { RenderTests.root.appendingPathComponent("Styles/\(name).json").path }

    static func document(_ name: String, lang: String = "zh", basemap: String? = nil, approval: String? = nil) throws -> MapDocument {
        RenderTests.lock.lock(); defer { RenderTests.lock.unlock() }
        let data = try EmbeddedData(root: RenderTests.root.appendingPathComponent("GeoData").path)
        return try MapDocument(stylePath: style(name), data: data, sources: StyleSources(context: try RunContext(data: data)), lang: lang, basemap: basemap, approval: approval)
    }

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hs-std-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func run(_ tool: String, _ args: [String]) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The <text> contents of an SVG.
    static func texts(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text ").dropFirst().compactMap { $0.split(separator: ">", maxSplits: 1).last.map { String($0.prefix { $0 != "<" }) } }
    }

    @Test func everyFigureDrawsNeighboursAndTheStandardBoundarySymbols() throws {
        for name in ["fig1_population_density", "fig5_catchments", "fig8_hinterland_index"] {
            let svg = SVGWriter.svg(try Self.document(name).list, pngEncoder: CairoRenderer.pngData)
            for id in ["neighbours", "national-boundary", "undetermined-boundary", "provincial-boundary", "coastline"] {
                #expect(svg.contains("<g id=\"\(id)\""), "\(name): no layer \(id)")
            }
            for label in ["国界", "未定国界", "省级界", "海岸线"] { #expect(Self.texts(svg).contains(label), "\(name): no legend entry \(label)") }
            // Inkscape sees the style's layers.
            #expect(svg.contains("<g id=\"neighbours\" inkscape:groupmode=\"layer\" inkscape:label=\"neighbours\""))
        }
        // The lines are cut from the embedded outline: land boundaries along all 14 neighbours.
        let data = try EmbeddedData(root: RenderTests.root.appendingPathComponent("GeoData").path)
        let borders = try data.layer("borders")
        let kinds = Set(borders.strings("kind") ?? [])
        #expect(kinds == ["国界", "未定国界", "海岸线", "省级界", "特别行政区界"])
        let neighbours = Set(zip(borders.strings("kind")!, borders.strings("neighbour")!).filter { $0.0 == "国界" || $0.0 == "未定国界" }.map(\.1))
        for iso in ["AFG", "BTN", "IND", "KAZ", "KGZ", "LAO", "MMR", "MNG", "NPL", "PRK", "RUS", "TJK", "VNM", "IND-PAK-GB"] {
            #expect(neighbours.contains(iso), "no land boundary with \(iso)")
        }
    }

    @Test func aUsersBaseMapReplacesTheEmbeddedBoundariesAndPrintsItsApprovalNumber() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A stand-in base map: a box around China and one line, in a GeoPackage.
        let geojson = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {"kind": "boundary"}, "geometry": {"type": "Polygon", "coordinates": [[[75, 20], [130, 20], [130, 50], [75, 50], [75, 20]]]}},
         {"type": "Feature", "properties": {"kind": "line"}, "geometry": {"type": "LineString", "coordinates": [[100, 30], [110, 35]]}}]}
        """
        try geojson.write(toFile: "\(dir)/base.geojson", atomically: true, encoding: .utf8)
        _ = Self.run("/usr/bin/ogr2ogr", ["-f", "GPKG", "\(dir)/base.gpkg", "\(dir)/base.geojson", "-nln", "standard_map"])
        let doc = try Self.document("fig1_population_density", basemap: "\(dir)/base.gpkg", approval: "GS(2019)1822号")
        let svg = SVGWriter.svg(doc.list, pngEncoder: CairoRenderer.pngData)
        #expect(svg.contains("<g id=\"basemap\""))
        #expect(!svg.contains("<g id=\"national-boundary\"") && !svg.contains("<g id=\"neighbours\""))
        #expect(Self.texts(svg).contains("审图号：GS(2019)1822号"))
        // The PDF keeps it as text.
        try doc.write(to: "\(dir)/map.pdf")
        let text = Self.run("/usr/bin/pdftotext", ["\(dir)/map.pdf", "-"])
        #expect(text.contains("审图号：GS(2019)1822号"), "pdftotext: \(text.suffix(300))")
        // The same from the style: page.basemap (relative to the style file) and page.approval.
        var json = try String(contentsOfFile: Self.style("fig1_population_density"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"page\": {", with: "\"page\": {\n    \"basemap\": \"base.gpkg\",\n    \"approval\": \"GS(2019)1822号\",")
        try json.write(toFile: "\(dir)/styled.json", atomically: true, encoding: .utf8)
        let data = try EmbeddedData(root: RenderTests.root.appendingPathComponent("GeoData").path)
        let styled = SVGWriter.svg(try MapDocument(stylePath: "\(dir)/styled.json", data: data, sources: StyleSources(context: try RunContext(data: data))).list, pngEncoder: CairoRenderer.pngData)
        #expect(styled.contains("<g id=\"basemap\"") && Self.texts(styled).contains("审图号：GS(2019)1822号"))
        // A missing base map is an error naming it.
        #expect(throws: HinterlandError.self) { try Self.document("fig1_population_density", basemap: "\(dir)/nope.gpkg") }
    }

    @Test func territoriesWithoutDataAreHatchedAndNamed() throws {
        let fig3 = SVGWriter.svg(try Self.document("fig3_regions").list, pngEncoder: CairoRenderer.pngData)
        #expect(Self.texts(fig3).contains("港澳台资料暂缺"))
        #expect(fig3.contains("<g id=\"missing-data\"") && fig3.contains("fill=\"url(#hatch"))
        let fig5 = SVGWriter.svg(try Self.document("fig5_catchments").list, pngEncoder: CairoRenderer.pngData)
        #expect(Self.texts(fig5).contains("港澳台资料暂缺"))
        // Figure 1 has the three territories' own figures: no note.
        let fig1 = SVGWriter.svg(try Self.document("fig1_population_density").list, pngEncoder: CairoRenderer.pngData)
        #expect(!fig1.contains("资料暂缺"))
        let en = SVGWriter.svg(try Self.document("fig3_regions", lang: "en").list, pngEncoder: CairoRenderer.pngData)
        #expect(Self.texts(en).contains("Data not available for Hong Kong, Macao and Taiwan"))
    }

    @Test func legendsReadLikeTheLabelsInOneLanguage() throws {
        let fig2 = Self.texts(SVGWriter.svg(try Self.document("fig2_cluster_shares").list, pngEncoder: CairoRenderer.pngData))
        #expect(fig2.contains { $0.hasPrefix("&lt; ") && $0.hasSuffix("%") }, "share classes not in percent: \(fig2)")
        #expect(!fig2.contains { $0.contains("百万") })
        #expect(fig2.contains { $0.hasSuffix(" 万") || $0.hasSuffix(" 亿") })
        // Chinese figures carry no English sentences, English ones no Chinese.
        let cjk = { (s: String) in s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        let latinWords = { (s: String) in s.split(separator: " ").contains { $0.count > 3 && $0.allSatisfy { $0.isLetter && $0.isASCII } && $0 != "Huff" && $0 != "GSHHG" } }
        for name in ["fig1_population_density", "fig4_point_density", "fig5_catchments", "fig8_hinterland_index"] {
            let zh = Self.texts(SVGWriter.svg(try Self.document(name).list, pngEncoder: CairoRenderer.pngData))
            let titleAndLegend = zh.filter { !$0.hasPrefix("底图") }
            #expect(!titleAndLegend.contains(where: latinWords), "\(name) zh: \(titleAndLegend.filter(latinWords))")
            let en = Self.texts(SVGWriter.svg(try Self.document(name, lang: "en").list, pngEncoder: CairoRenderer.pngData))
            #expect(!en.contains(where: cjk), "\(name) en: \(en.filter(cjk))")
        }
    }

    @Test func skewedDensityIsClassedByQuantilesAndTheInsetHasAScale() throws {
        let svg = SVGWriter.svg(try Self.document("fig4_point_density").list, pngEncoder: CairoRenderer.pngData)
        let t = Self.texts(svg)
        #expect(t.contains { $0.hasPrefix("≥ ") } && t.filter { $0.contains(" – ") }.count >= 5, "\(t)")
        #expect(svg.contains("<g id=\"inset-scale-bar\""))
    }

    @Test func rasterMasksFollowTheRings() {
        // A 10 × 10 px square in a 20 × 20 frame at 2 px per page pixel: 400 of 1600 pixels.
        let sq = [[PagePoint(5, 5), PagePoint(15, 5), PagePoint(15, 15), PagePoint(5, 15)]]
        let m = RasterPainter.mask(sq, frame: PageRect(0, 0, 20, 20), k: 2)
        #expect(m.count == 1600 && m.reduce(0) { $0 + Int($1) } == 400)
        // A hole (even-odd) takes its pixels out.
        let hole = sq + [[PagePoint(8, 8), PagePoint(12, 8), PagePoint(12, 12), PagePoint(8, 12)]]
        #expect(RasterPainter.mask(hole, frame: PageRect(0, 0, 20, 20), k: 2).reduce(0) { $0 + Int($1) } == 400 - 64)
    }

    @Test func pngWorldFileAndGeoPDFPlaceTheMap() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let doc = try Self.document("fig1_population_density")
        try doc.write(to: "\(dir)/map.png", scale: 0.5)
        let lines = try String(contentsOfFile: "\(dir)/map.pgw", encoding: .utf8).split(separator: "\n").compactMap { Double($0) }
        #expect(lines.count == 6)
        // 成都 (104.07°E, 30.67°N): its page point, through the world file, is its Albers position.
        let g = try #require(doc.list.georeference)
        let albers = try CoordinateTransform(from: .wgs84, to: .chinaAlbers).apply(x: 104.07, y: 30.67)
        let page = PagePoint(g.offsetX + (albers.x - g.x0) * g.scale, g.offsetY + (g.y1 - albers.y) * g.scale)
        let col = page.x * 0.5 - 0.5, row = page.y * 0.5 - 0.5   // PNG pixel (centre-based) at scale 0.5
        #expect(abs(lines[4] + col * lines[0] - albers.x) < 1 && abs(lines[5] + row * lines[3] - albers.y) < 1)
        let info = Self.run("/usr/bin/gdalinfo", ["\(dir)/map.png"])
        #expect(info.contains("Albers") || info.contains("aea"), "gdalinfo: \(info.prefix(400))")
        try doc.write(to: "\(dir)/map.pdf", geopdf: true)
        let pdf = Self.run("/usr/bin/gdalinfo", ["\(dir)/map.pdf"])
        #expect(pdf.contains("Driver: PDF") && pdf.contains("Origin = ") && (pdf.contains("Albers") || pdf.contains("aea")), "gdalinfo: \(pdf.prefix(600))")
    }
}
