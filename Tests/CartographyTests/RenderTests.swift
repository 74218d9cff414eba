import Analysis
import GeoCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Cartography
import Operations

/// Maps from the shipped styles: deterministic, valid SVG; bad styles fail with their path.
struct RenderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lock = NSLock()

    static func document(_ style: String) throws -> MapDocument {
        lock.lock(); defer { lock.unlock() }
        let data = try EmbeddedData(root: root.appendingPathComponent("GeoData").path)
        return try MapDocument(stylePath: style, data: data, sources: StyleSources(context: try RunContext(data: data)))
    }

    @Test func svgIsDeterministicValidXMLWithLayerGroupsAndText() throws {
        let style = Self.root.appendingPathComponent("Styles/fig1_population_density.json").path
        let a = SVGWriter.svg(try Self.document(style).list, pngEncoder: CairoRenderer.pngData)
        let b = SVGWriter.svg(try Self.document(style).list, pngEncoder: CairoRenderer.pngData)
        #expect(a == b)
        let parser = XMLParser(data: Data(a.utf8))
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        for id in ["density", "provincial-boundary", "hu-line", "province-labels", "legend", "scale-bar", "north-arrow", "inset-south-china-sea"] {
            #expect(a.contains("<g id=\"\(id)\""), "no group \(id)")
        }
        #expect(a.contains(">四川省</text>"))
        #expect(a.contains(">南海诸岛</text>"))
    }

    /// Figure 5: Huff with census masses, coloured by the most probable cluster and shaded by
    /// its probability, with a legend for both and the expected values in its table.
    @Test func figure5ShowsHuffProbabilitiesWithCensusMasses() throws {
        let doc = try Self.document(Self.root.appendingPathComponent("Styles/fig5_catchments.json").path)
        let svg = SVGWriter.svg(doc.list, pngEncoder: CairoRenderer.pngData)
        for text in [">其概率 P<", "&lt; 0.4", "0.4 – 0.6", "≥ 0.6", ">最可能的集群<", ">重庆</text>", "普查人口"] {
            #expect(svg.contains(text), "no '\(text)'")
        }
        let table = try #require(doc.tables["catchment_huff"])
        // The same table as `hinterland catchment` writes (one operation behind both).
        #expect(table.hasPrefix("hub,name,mass,area_km2,area_share,population_2020,population_share,expected_area_km2,expected_population,"))
        #expect(table.contains(",32054159,"))   // 重庆 census mass, in full
        #expect(doc.warnings.isEmpty, "\(doc.warnings)")
    }

    @Test func badStylesFailWithFileAndJSONPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, String)] = [
            (#"{"sources": {}, "layers": [{"id": "a", "type": "polygon", "source": "x"}]}"#, "layers[0].type: unknown layer type 'polygon'"),
            (#"{"sources": {}, "layers": [{"id": "a", "type": "fill", "source": "nope"}]}"#, "layers[0].source: no source named 'nope'"),
            (#"{"sources": {"s": {"type": "hinterland", "layer": "provinces"}}, "layers": [{"id": "a", "type": "fill", "source": "s", "paint": {"fill-color": ["mtch", 1]}}]}"#,
             "layers[0].paint.fill-color: unknown expression operator 'mtch'"),
            (#"{"sources": {"s": {"type": "hinterland", "command": "zones", "by": "province"}}, "layers": [{"id": "a", "type": "fill", "source": "s", "metadata": {"classify": {"field": "density_per_km2", "palette": "Rainbow"}}}]}"#,
             "a.metadata.classify.palette: unknown palette 'Rainbow'"),
            (#"{"sources": {"c": {"type": "hinterland", "command": "catchment", "model": "hufff", "cell": "200km"}}, "layers": [{"id": "a", "type": "raster", "source": "c"}]}"#,
             "sources.c.model: 'hufff' is not one of voronoi"),
        ]
        for (k, (json, message)) in cases.enumerated() {
            let path = "\(dir)/s\(k).json"
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try Self.document(path)
                Issue.record("style \(k) rendered")
            } catch {
                #expect("\(error)".hasPrefix(path) && "\(error)".contains(message), "\(error)")
            }
        }
    }
}

struct HeatmapAndDensifyTests {
    @Test func heatmapLayersDrawAnImage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"metadata": {"hinterland": {"inset": false}}, "sources": {"c": {"type": "hinterland", "layer": "county_seats"}}, "layers": [{"id": "heat", "type": "heatmap", "source": "c", "paint": {"heatmap-radius": 20, "heatmap-color": ["interpolate", ["linear"], ["heatmap-density"], 0, "rgba(0,0,0,0)", 1, "red"]}}]}"#
            .write(toFile: "\(dir)/h.json", atomically: true, encoding: .utf8)
        let doc = try RenderTests.document("\(dir)/h.json")
        var inHeat = false, images = 0
        for item in doc.list.items {
            switch item {
            case .beginGroup(let id, _): inHeat = id == "heat"
            case .image where inHeat: images += 1
            default: break
            }
        }
        #expect(images == 1)
        #expect(doc.warnings.isEmpty, "\(doc.warnings)")
    }

    @Test func longEdgesAreDensifiedBeforeProjection() {
        let line = Geometry.lineString(xs: [80, 120], ys: [40, 40])
        let d = PageTransform.densified(line, step: 0.5)
        #expect(d.xs.count == 81 && d.ys.allSatisfy { $0 == 40 })
        let short = Geometry.lineString(xs: [100, 100.2], ys: [30, 30.1])
        #expect(PageTransform.densified(short, step: 0.5).xs.count == 2)
    }
}
