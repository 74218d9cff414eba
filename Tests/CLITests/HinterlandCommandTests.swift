import Foundation
import Testing

/// huline, catchment, units and index as a user runs them, with their bad inputs.
struct HinterlandCommandTests {
    @Test func hulineTableAndGeoPackage() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = CLITests.run(["huline"])
        #expect(r.status == 0, "\(r.err)")
        let area = r.out.split(separator: "\n").first { $0.hasPrefix("area_km2,") }!.split(separator: ",")
        let share = Double(area[3])!
        #expect(share > 0.43 && share < 0.45)
        let g = CLITests.run(["huline", "--line", "conic", "--assign", "centroid", "-o", "\(dir)/h.gpkg"])
        #expect(g.status == 0, "\(g.err)")
        let info = CLITests.run(["info", "\(dir)/h.gpkg"])
        #expect(info.out.contains("layer hu_line: Line String") || info.out.contains("layer hu_line:"))
        #expect(info.out.contains("layer hu_line_sides"))
    }

    @Test func catchmentWritesTableRasterAndPolygons() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "huff", "--cell", "25km", "-o", "\(dir)/c.tif", "--stats", "\(dir)/c.csv"])
        #expect(r.status == 0, "\(r.err)")
        let t = try String(contentsOfFile: "\(dir)/c.csv", encoding: .utf8).split(separator: "\n")
        #expect(t.count == 11)
        let shares = t.dropFirst().map { Double($0.split(separator: ",")[4])! }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-3)
        let p = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "voronoi", "--cell", "25km", "-o", "\(dir)/c.gpkg"])
        #expect(p.status == 0, "\(p.err)")
        #expect(CLITests.run(["info", "\(dir)/c.gpkg"]).out.contains("layer catchments: Multi Polygon, 10 features"))
    }

    /// The hub-index GeoTIFF names its categories and records the model's parameters and
    /// masses; the Huff table has the expected values; warnings are one line each; the same
    /// run gives byte-identical CSV and GeoJSON-free outputs.
    @Test func catchmentRasterCategoriesHuffTableAndWarnings() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "huff", "--mass", "census", "--decay", "1.5", "--attraction", "0.8",
                              "--cell", "50km", "-o", "\(dir)/h.tif", "--stats", "\(dir)/h.csv"])
        #expect(r.status == 0, "\(r.err)")
        let info = Process(); info.executableURL = URL(fileURLWithPath: "/usr/bin/gdalinfo"); info.arguments = ["\(dir)/h.tif"]
        let pipe = Pipe(); info.standardOutput = pipe
        try info.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        info.waitUntilExit()
        for s in ["model=huff", "distance_decay_lambda=1.5", "attraction_alpha=0.8", "重庆数据中心集群=32054159", "mass_source=census",
                  "Categories:", "0: 张家口数据中心集群", "9: 中卫数据中心集群", "Color Table", "GDALRasterAttributeTable"] {
            #expect(text.contains(s), "gdalinfo lacks '\(s)'")
        }
        let csv = try String(contentsOfFile: "\(dir)/h.csv", encoding: .utf8)
        let header = csv.split(separator: "\n")[0]
        #expect(header.hasSuffix(",expected_area_km2,expected_population,mean_dominant_probability,min_dominant_probability"))
        let again = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "huff", "--mass", "census", "--decay", "1.5", "--attraction", "0.8",
                                  "--cell", "50km", "--stats", "\(dir)/h2.csv"])
        #expect(try String(contentsOfFile: "\(dir)/h2.csv", encoding: .utf8) == csv)
        let eq = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "reilly", "--cell", "50km", "--stats", "\(dir)/r.csv"])
        #expect(eq.err.contains("hinterland: warning: all 10 hubs have the same mass"), "\(eq.err)")
        let w = CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "weighted", "--mass", "census", "--cell", "50km", "--stats", "\(dir)/w.csv"])
        let lines = w.err.split(separator: "\n").filter { $0.hasPrefix("hinterland: warning: under the weighted model 重庆数据中心集群 takes") }
        #expect(lines.count == 1, "\(w.err)")
    }

    /// One hub, duplicate hubs, a hub outside the grid, a negative mass, a friction raster in
    /// another CRS: one line, exit ≠ 0, no output.
    @Test func badHubsFailCleanly() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "name,lon,lat,m\nA,116.4,39.9,1\n".write(toFile: "\(dir)/one.csv", atomically: true, encoding: .utf8)
        try "name,lon,lat,m\nA,116.4,39.9,1\nB,116.4,39.9,2\n".write(toFile: "\(dir)/dup.csv", atomically: true, encoding: .utf8)
        try "name,lon,lat,m\nA,116.4,39.9,1\nParis,2.35,48.85,2\n".write(toFile: "\(dir)/far.csv", atomically: true, encoding: .utf8)
        try "name,lon,lat,m\nA,116.4,39.9,1\nB,121.5,31.2,-2\n".write(toFile: "\(dir)/neg.csv", atomically: true, encoding: .utf8)
        try "ncols 3\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 1 1\n1 1 1\n1 1 1\n".write(toFile: "\(dir)/f.asc", atomically: true, encoding: .utf8)
        let p = Process(); p.executableURL = URL(fileURLWithPath: "/usr/bin/gdal_translate"); p.arguments = ["-q", "-a_srs", "EPSG:4326", "\(dir)/f.asc", "\(dir)/f.tif"]; try p.run(); p.waitUntilExit()
        try "name,lon,lat\nA,116.4,39.9\nB,121.5,31.2\n".write(toFile: "\(dir)/two.csv", atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["catchment", "--hubs", "\(dir)/one.csv", "--name", "name", "-o", "\(dir)/out.gpkg"],
            ["catchment", "--hubs", "\(dir)/dup.csv", "--name", "name", "-o", "\(dir)/out.gpkg"],
            ["catchment", "--hubs", "\(dir)/far.csv", "--name", "name", "-o", "\(dir)/out.gpkg"],
            ["catchment", "--hubs", "\(dir)/neg.csv", "--name", "name", "--mass", "m", "--model", "weighted", "-o", "\(dir)/out.gpkg"],
            ["catchment", "--hubs", "\(dir)/two.csv", "--model", "cost", "--friction", "\(dir)/f.tif", "--cell", "50km", "-o", "\(dir)/out.gpkg"],
            ["catchment", "--hubs", "\(dir)/two.csv", "--model", "gravity", "-o", "\(dir)/out.gpkg"],
            ["units", "--config", "\(dir)/one.csv", "-o", "\(dir)/out.gpkg"],
            ["index", "--level", "county", "-o", "\(dir)/out.csv"],
            ["huline", "--from", "200,50", "-o", "\(dir)/out.csv"],
        ]
        for args in cases {
            let r = CLITests.run(args)
            #expect(r.status != 0, "\(args) succeeded")
            let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("hinterland: error: ") }
            #expect(errors.count == 1, "\(args): \(r.err)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("out") || $0.hasPrefix(".") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func unitsAndIndexRun() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let u = CLITests.run(["units", "-o", "\(dir)/u.gpkg"])
        #expect(u.status == 0, "\(u.err)")
        #expect(u.out.split(separator: "\n").count == 9)
        let i = CLITests.run(["index"])
        #expect(i.status == 0, "\(i.err)")
        // The ranked zones, a blank line, then the indicators.
        #expect(i.out.components(separatedBy: "\n\n")[0].split(separator: "\n").count == 32)
    }
}
