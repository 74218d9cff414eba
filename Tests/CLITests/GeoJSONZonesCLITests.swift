import Foundation
import Testing

/// Zones from a user's GeoJSON file: read from its bytes, same table as from a GeoPackage;
/// a cut file is one error line and no output.
struct GeoJSONZonesCLITests {
    static func zones(_ dir: String) throws -> String {
        let features = (0..<6).map { i -> [String: Any] in
            let x = 100.0 + 2 * Double(i)
            return ["type": "Feature", "properties": ["code": 110000 + i, "name": "省\(i)"],
                    "geometry": ["type": "Polygon", "coordinates": [[[x, 30], [x + 1.5, 30], [x + 1.5, 31.25], [x, 31.25], [x, 30]]]]]
        }
        let path = "\(dir)/zones.geojson"
        try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        try "lon,lat\n100.5,30.5\n102.5,30.5\n102.7,30.9\n111.1,31.1\n".write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        return path
    }

    @Test func geojsonZonesGiveTheGeoPackageTable() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.zones(dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        p.arguments = ["-f", "GPKG", "\(dir)/zones.gpkg", path, "-nln", "zones"]
        try p.run(); p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        try compare(dir)
    }

    func compare(_ dir: String) throws {
        var outs = [String]()
        for ext in ["geojson", "gpkg"] {
            let r = CLITests.run(["stats", "--points", "\(dir)/p.csv", "--by", "\(dir)/zones.\(ext)", "--key", "code", "-o", "\(dir)/out_\(ext).csv"])
            #expect(r.status == 0, "\(r.err)")
            let text = try String(contentsOfFile: "\(dir)/out_\(ext).csv", encoding: .utf8)
            outs.append(text.replacingOccurrences(of: "zones.\(ext)", with: "ZONES"))
        }
        #expect(outs[0] == outs[1], "\(outs[0])\n\(outs[1])")
        #expect(outs[0].contains(",110000,") && outs[0].contains(",110005,"), "\(outs[0])")
    }

    @Test func truncatedGeoJSONIsOneErrorLine() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try Self.zones(dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let r = CLITests.run(["stats", "--points", "\(dir)/p.csv", "--by", path, "--key", "code", "-o", "\(dir)/out.csv"])
        #expect(r.status == 1)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("hinterland: error: \(path): feature ") && lines[0].hasSuffix(": file ends inside the JSON text (byte \(data.count / 2))"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out.csv"))
    }
}
