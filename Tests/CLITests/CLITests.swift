import Foundation
import Testing

/// Runs the built `hinterland` binary as a user would (make test builds it first).
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let exe: String = {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("hinterland").path,
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hinterland").path,
                          root.appendingPathComponent(".build/debug/hinterland").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    @discardableResult
    static func run(_ args: [String], in dir: String? = nil, env: [String: String] = [:], tool: String? = nil,
                    unset: [String] = []) -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool ?? exe)
        p.arguments = args
        if !env.isEmpty || !unset.isEmpty {
            var e = ProcessInfo.processInfo.environment
            for k in unset { e[k] = nil }
            for (k, v) in env { e[k] = v }
            p.environment = e
        }
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try! p.run()
        let od = o.fileHandleForReading.readDataToEndOfFile(), ed = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
    }

    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hinterland-cli-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.exe), "build the CLI first: swift build (make test does)")
    }

    @Test func zonesByProvinceIsACSVTable() {
        let r = Self.run(["zones", "--by", "province"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.first == "zone,name,name_en,area_km2,land_area_km2,official_area_km2,population_2020,density_per_km2,members,population_note")
        #expect(lines.count == 35)
        #expect(lines.contains { $0.hasPrefix("510000,四川省,Sichuan,") })
    }

    @Test func zoneTablesAreDeterministic() {
        for set in ["region4", "cluster", "huline"] {
            let a = Self.run(["zones", "--by", set, "--format", "json"]), b = Self.run(["zones", "--by", set, "--format", "json"])
            #expect(a.status == 0 && a.out == b.out && !a.out.isEmpty)
        }
    }

    @Test func layersListsEveryEmbeddedLayer() {
        let r = Self.run(["layers"])
        #expect(r.status == 0)
        for l in ["country", "provinces\tPolygon\t34", "prefectures\tPolygon\t370", "counties\tPolygon\t2875", "maritime", "county_seats", "computing_hubs", "gateways"] {
            #expect(r.out.contains(l), "\(l)")
        }
    }

    @Test func exportWritesEveryFormatWithTheRightCRS() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (layer, file) in [("provinces", "p.gpkg"), ("zones:region4", "r.geojson"), ("zones:huline", "h.fgb"), ("prefectures", "pf.shp"), ("hu_line", "l.gpkg")] {
            let r = Self.run(["export", "--layer", layer, "-o", "\(dir)/\(file)"])
            #expect(r.status == 0, "\(layer): \(r.err)")
            let info = Self.run(["info", "\(dir)/\(file)"])
            #expect(info.out.contains("EPSG:4326"), "\(file): \(info.out)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(dir)/pf.cpg"))
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.geojson"))
        _ = Self.run(["export", "--layer", "zones:region4", "-o", "\(dir)/r2.geojson"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/r2.geojson")) == a, "GeoJSON export is deterministic")
    }

    /// Bad input: one line on stderr, exit status ≠ 0, no output file.
    @Test func badInputsFailCleanly() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "not a map\n".write(toFile: "\(dir)/notes.txt", atomically: true, encoding: .utf8)
        try "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":".write(toFile: "\(dir)/broken.geojson", atomically: true, encoding: .utf8)
        try "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100,30],[101,30],[101,31],[100,30]]]}}]}"
            .write(toFile: "\(dir)/ok.geojson", atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["info", "\(dir)/missing.gpkg"],
            ["info", "\(dir)/notes.txt"],
            ["info", "\(dir)/broken.geojson"],
            ["zones", "--by", "nosuch", "-o", "\(dir)/out.csv"],
            ["zones", "--by", "\(dir)/ok.geojson", "--key", "nosuch", "-o", "\(dir)/out.csv"],
            ["zones", "--by", "\(dir)/broken.geojson", "--key", "id", "-o", "\(dir)/out.csv"],
            ["zones", "--by", "\(dir)/notes.txt", "--key", "id", "-o", "\(dir)/out.csv"],
            ["export", "--layer", "nosuch", "-o", "\(dir)/out.gpkg"],
            ["export", "--layer", "provinces", "-o", "\(dir)/out.xyz"],
            ["export", "--layer", "provinces", "-o", "\(dir)/nofolder/out.gpkg"],
        ]
        for args in cases {
            let r = Self.run(args)
            #expect(r.status != 0, "\(args) succeeded")
            let lines = r.err.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("hinterland: error: "), "\(args): \(r.err)")
            #expect(r.out.isEmpty)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(left == ["broken.geojson", "notes.txt", "ok.geojson"], "left behind: \(left)")
    }

    @Test func zonesFromAPolygonFile() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"n\":\"甲\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100,30],[101,30],[101,31],[100,31],[100,30]]]}}]}"
            .write(toFile: "\(dir)/ok.geojson", atomically: true, encoding: .utf8)
        let r = Self.run(["zones", "--by", "\(dir)/ok.geojson", "--key", "id", "--name-field", "n"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\na,甲,,"))
    }
}
