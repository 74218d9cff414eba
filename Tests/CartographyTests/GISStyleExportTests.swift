import Foundation
import Testing
import Operations
@testable import Analysis
@testable import Cartography
@testable import GeoCore
@testable import GeoIO

/// Style layers become GIS layer styles: match → categories, step → classes from its stops,
/// interpolate → classes between its stops coloured at their middles, classify → the map's
/// own breaks and palette, constants → one symbol.
struct GISStyleExportTests {
    static let style = """
    {"version": 8, "sources": {"p": {"type": "hinterland", "layer": "provinces"}, "z": {"type": "hinterland", "command": "zones", "by": "province"}},
     "layers": [
      {"id": "m", "type": "fill", "source": "p", "paint": {"fill-color": ["match", ["get", "adcode"], ["510000", "500000"], "#ff0000", "110000", "#00ff00", "#0000ff"], "fill-opacity": 0.5}},
      {"id": "s", "type": "fill", "source": "z", "paint": {"fill-color": ["step", ["get", "density_per_km2"], "#000000", 100, "#808080", 400, "#ffffff"]}},
      {"id": "i", "type": "fill", "source": "z", "paint": {"fill-color": ["interpolate", ["linear"], ["get", "density_per_km2"], 0, "#000000", 100, "#ffffff", 300, "#000000"]}},
      {"id": "c", "type": "fill", "source": "z", "paint": {}, "metadata": {"classify": {"field": "density_per_km2", "method": "quantile", "classes": 4, "palette": "Blues"}}},
      {"id": "l", "type": "line", "source": "p", "paint": {"line-color": "#c0392b", "line-width": 2, "line-dasharray": [4, 2]}},
      {"id": "t", "type": "symbol", "source": "p", "layout": {"text-field": ["get", "name_zh"]}}
     ]}
    """

    @Test func styleLayersBecomeLayerStyles() throws {
        let dir = NSTemporaryDirectory() + "hinterland-gisstyle-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.style.write(toFile: "\(dir)/s.json", atomically: true, encoding: .utf8)
        let data = try EmbeddedData()
        let (styles, _) = try GISStyleExport.layerStyles(stylePath: "\(dir)/s.json", data: data, sources: StyleSources(context: try RunContext(data: data)))
        let byId = Dictionary(uniqueKeysWithValues: styles.map { ($0.layerId, $0.style) })
        #expect(styles.map(\.layerId) == ["m", "s", "i", "c", "l"])
        guard case .categorized(let f, let cats, let other)? = byId["m"]?.renderer else { Issue.record("m"); return }
        #expect(f == "adcode" && cats.map(\.value) == ["510000", "500000", "110000"])
        #expect(cats.map { $0.symbol.fill?.hex } == ["#ff0000", "#ff0000", "#00ff00"] && other?.fill?.hex == "#0000ff")
        #expect(cats[0].symbol.fill?.opacity == 0.5)
        #expect(byId["m"]?.labelField == "name_zh")   // from the symbol layer on the same source
        guard case .graduated(_, let steps)? = byId["s"]?.renderer else { Issue.record("s"); return }
        #expect(steps.map(\.lower) == [-.infinity, 100, 400] && steps.map { $0.symbol.fill?.hex } == ["#000000", "#808080", "#ffffff"])
        guard case .graduated(_, let between)? = byId["i"]?.renderer else { Issue.record("i"); return }
        // Middles 50 and 200: half-way grey both times.
        #expect(between.count == 2 && between.map { $0.symbol.fill?.hex } == ["#808080", "#808080"])
        guard case .graduated(let cf, let classes)? = byId["c"]?.renderer else { Issue.record("c"); return }
        // Quantile breaks of the 34 densities, as the map computes them.
        let densities = try ZoneSetBuilder(data: data).build(.province).featureTable().column("density_per_km2")!.compactMap(\.doubleValue)
        #expect(cf == "density_per_km2" && classes.dropFirst().map(\.lower) == Classification.quantile.breaks(densities, classes: 4))
        #expect(byId["l"]?.renderer == .single(LayerStyle.Symbol(stroke: LayerStyle.Color(0xc0, 0x39, 0x2b), strokeWidth: 2, dash: [4, 2])))
        // The SLD's filters follow the step's semantics: lower ≤ v < upper.
        let sld = SLDWriter.sld(byId["s"]!, layerName: "z")
        #expect(sld.contains("<ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyName>density_per_km2</ogc:PropertyName><ogc:Literal>100</ogc:Literal>"))
        #expect(sld.contains("<ogc:PropertyIsLessThan><ogc:PropertyName>density_per_km2</ogc:PropertyName><ogc:Literal>400</ogc:Literal>"))
    }
}
