import Foundation
import Testing

/// QGIS (Debian python3-qgis, no display) opens what the tool writes as the figures draw it:
/// a GeoPackage's default style from its layer_styles table, the CRS by name, the layer's
/// description, and the QML and SLD files `map --export-qml/--export-sld` writes.
/// Skipped where PyQGIS is not installed, except on CI (CI=true), where that is a failure.
struct QGISStyleTests {
    static let python = "/usr/bin/python3"
    static let script = CLITests.root.appendingPathComponent("Tests/scripts/qgis_layer_style.py").path
    static let hasQGIS = FileManager.default.isExecutableFile(atPath: python)
        && CLITests.run(["-c", "import qgis.core"], tool: python).status == 0
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test func ciHasQGIS() {
        if Self.onCI { #expect(Self.hasQGIS, "CI must install python3-qgis (make deps)") }
    }

    /// What QGIS makes of a layer (and optionally a style file), as JSON.
    static func open(_ gpkg: String, _ layer: String, style: String? = nil) -> [String: Any] {
        let r = CLITests.run([script, gpkg, layer] + (style.map { [$0] } ?? []), env: ["QT_QPA_PLATFORM": "offscreen"], tool: python)
        guard let line = r.out.split(separator: "\n").last, let d = line.data(using: .utf8),
              let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else {
            Issue.record("QGIS gave no answer: \(r.out) \(r.err)")
            return [:]
        }
        return j
    }

    static func colours(_ j: [String: Any]) -> [String] {
        (j["classes"] as? [[Any]] ?? []).compactMap { $0.count > 1 ? $0[1] as? String : nil }
    }

    @Test(.enabled(if: hasQGIS, "PyQGIS not installed (Debian python3-qgis; make deps installs it)"))
    func geoPackageOpensWithItsDefaultStyle() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(CLITests.run(["zones", "--by", "province", "-o", "\(dir)/p.gpkg"]).status == 0)
        let j = Self.open("\(dir)/p.gpkg", "zones_province")
        #expect(j["valid"] as? Bool == true)
        #expect(j["renderer"] as? String == "graduatedSymbol")
        #expect(j["field"] as? String == "density_per_km2")
        #expect(Self.colours(j) == ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"])
        #expect(j["features"] as? Int == 34)
        #expect((j["abstract"] as? String)?.hasPrefix("zones_province: 34 features") == true, "\(j)")
        #expect(j["labels"] as? Bool == true)

        // Catchment polygons: one colour per hub, as in Figure 5.
        #expect(CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "voronoi", "--cell", "20km", "-o", "\(dir)/c.gpkg"]).status == 0)
        let c = Self.open("\(dir)/c.gpkg", "catchments")
        #expect(c["renderer"] as? String == "categorizedSymbol" && c["field"] as? String == "name", "\(c)")
        #expect(Self.colours(c).prefix(3) == ["#4e79a7", "#f28e2b", "#e15759"])
        #expect((Self.colours(c)).count == 10)

        // The catchment raster: QGIS draws it paletted, hub names and colours from the colour
        // table and attribute table GDAL keeps beside the GeoTIFF.
        #expect(CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "voronoi", "--cell", "20km", "-o", "\(dir)/c.tif"]).status == 0)
        let raster = CLITests.run(["-c", """
            import os
            from qgis.core import QgsApplication, QgsRasterLayer
            app = QgsApplication([], False); app.initQgis()
            l = QgsRasterLayer("\(dir)/c.tif", "c"); r = l.renderer()
            print(r.type(), l.crs().description(), r.classes()[0].label, r.classes()[0].color.name(), flush=True)
            os._exit(0)
            """], env: ["QT_QPA_PLATFORM": "offscreen"], tool: Self.python)
        #expect(raster.out.hasPrefix("paletted China Albers Equal Area (25N, 47N, 105E) 张家口数据中心集群 #4e79a7"), "\(raster.out) \(raster.err)")

        // The China Albers by name.
        #expect(CLITests.run(["export", "--layer", "provinces", "--crs", "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84", "-o", "\(dir)/a.gpkg"]).status == 0)
        #expect(Self.open("\(dir)/a.gpkg", "provinces")["crs"] as? String == "China Albers Equal Area (25N, 47N, 105E)")
    }

    @Test(.enabled(if: hasQGIS, "PyQGIS not installed (Debian python3-qgis; make deps installs it)"))
    func exportedQMLAndSLDDrawTheFigureClasses() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let style = CLITests.root.appendingPathComponent("Styles/fig1_population_density.json").path
        let r = CLITests.run(["map", "--style", style, "--export-qml", "\(dir)/qml", "--export-sld", "\(dir)/sld"])
        #expect(r.status == 0, "\(r.err)")
        #expect(CLITests.run(["zones", "--by", "province", "-o", "\(dir)/p.gpkg"]).status == 0)
        let palette = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
        let q = Self.open("\(dir)/p.gpkg", "zones_province", style: "\(dir)/qml/density.qml")
        #expect(q["loaded"] as? Bool == true && q["renderer"] as? String == "graduatedSymbol", "\(q)")
        #expect(Self.colours(q) == palette)
        // Jenks breaks as the figure computes them: the classes' labels are its legend's.
        let labels = (q["classes"] as? [[Any]] ?? []).compactMap { $0.first as? String }
        #expect(labels.first?.hasPrefix("< ") == true && labels.last?.hasPrefix("≥ ") == true, "\(labels)")
        let s = Self.open("\(dir)/p.gpkg", "zones_province", style: "\(dir)/sld/density.sld")
        #expect(s["loaded"] as? Bool == true && s["renderer"] as? String == "RuleRenderer", "\(s)")
        #expect(Self.colours(s) == palette)
        #expect(Array(labels) == (s["classes"] as? [[Any]] ?? []).compactMap { $0.first as? String })
        // A match on a field: the four economic regions as categories, with the fallback.
        let fig3 = CLITests.root.appendingPathComponent("Styles/fig3_regions.json").path
        #expect(CLITests.run(["map", "--style", fig3, "--export-qml", "\(dir)/qml3"]).status == 0)
        #expect(CLITests.run(["zones", "--by", "region4", "-o", "\(dir)/r4.gpkg"]).status == 0)
        let m = Self.open("\(dir)/r4.gpkg", "zones_region4", style: "\(dir)/qml3/region4.qml")
        #expect(m["renderer"] as? String == "categorizedSymbol" && m["field"] as? String == "zone", "\(m)")
        #expect(Self.colours(m) == ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#cccccc"])
        // Lines keep colour and dash: the Hu Line.
        let hu = try String(contentsOfFile: "\(dir)/qml/hu-line.qml", encoding: .utf8)
        #expect(hu.contains("\"line_color\" value=\"192,57,43,255\"") && hu.contains("\"use_custom_dash\" value=\"1\""))
    }
}
