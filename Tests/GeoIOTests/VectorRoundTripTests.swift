import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

struct VectorRoundTripTests {
    /// Same features by key (FlatGeobuf's spatial index reorders them); same geometry
    /// exactly, or for Shapefile (which rewinds rings clockwise) same area, box and vertex count.
    func assertSame(_ a: FeatureTable, _ b: FeatureTable, format: String) {
        #expect(b.features.count == a.features.count, "\(format)")
        let key = b.fieldIndex(a.fields[0].name)!
        for fa in a.features {
            guard let fb = b.features.first(where: { $0.values[key] == fa.values[0] }) else {
                Issue.record("\(format): lost feature \(fa.values[0])"); continue
            }
            if format == "shp" {
                let ga = fa.geometry!, gb = fb.geometry!
                #expect(abs(ga.planarArea - gb.planarArea) < 1e-12 && ga.boundingBox == gb.boundingBox && ga.vertexCount == gb.vertexCount)
            } else {
                #expect(fa.geometry == fb.geometry, "\(format): geometry changed")
            }
            for (i, field) in a.fields.enumerated() {
                guard let j = b.fieldIndex(field.name) else { Issue.record("\(format): lost field \(field.name)"); continue }
                #expect(fa.values[i].description == fb.values[j].description, "\(format): \(field.name)")
            }
        }
    }

    @Test(arguments: ["gpkg", "geojson", "fgb", "shp"])
    func roundTripPreservesGeometryAndAttributes(ext: String) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/zones.\(ext)"
        let t = Fixtures.polygons()
        try VectorWriter.write([t], to: path)
        let back = try VectorReader.read(path: path)
        assertSame(t, back, format: ext)
        #expect(back.crs == .wgs84)
        if ext == "shp" {
            #expect(try String(contentsOfFile: "\(dir)/zones.cpg", encoding: .utf8).contains("UTF-8"))
        }
        // No temporary folder left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func ogrinfoReadsTheCRS() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var t = Fixtures.polygons()
        let tf = try CoordinateTransform(from: .wgs84, to: CRS("EPSG:3857"))
        for i in t.features.indices { t.features[i].geometry = tf.apply(t.features[i].geometry!) }
        t.crs = CRS("EPSG:3857")
        for ext in ["gpkg", "fgb", "shp", "geojson"] {
            try VectorWriter.write([t], to: "\(dir)/z.\(ext)")
            let r = Fixtures.run("/usr/bin/ogrinfo", ["-so", "-al", "\(dir)/z.\(ext)"])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("3857") || r.out.contains("Pseudo-Mercator"), "\(ext): \(r.out.prefix(400))")
        }
    }

    @Test func failedWriteLeavesNothingBehind() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: HinterlandError.self) {
            try AtomicOutput.write(to: "\(dir)/out.csv") { tmp in
                try "half".write(toFile: tmp, atomically: false, encoding: .utf8)
                throw HinterlandError("test", "interrupted")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func unreadableInputsGiveOneLineNamingTheFile() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "just text\n".write(toFile: "\(dir)/a.txt", atomically: true, encoding: .utf8)
        try "{\"type\": \"FeatureCollection\", \"features\": [".write(toFile: "\(dir)/b.geojson", atomically: true, encoding: .utf8)
        for p in ["\(dir)/missing.gpkg", "\(dir)/a.txt", "\(dir)/b.geojson"] {
            do {
                _ = try VectorReader.read(path: p)
                Issue.record("\(p) was read")
            } catch let e as HinterlandError {
                #expect(e.subject == p)
                #expect(!e.description.contains("\n"))
            }
        }
    }
}
