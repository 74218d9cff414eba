import Foundation
import Testing

/// A style reads files only in its own folder, the data folder and the files given on the
/// command line, unless --allow-any-source: a style from elsewhere must not read /etc/shadow,
/// fetch URLs through GDAL or open database connections.
struct StyleSourceTests {
    static let line = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[100,30],[110,35]]}}]}"#

    static func style(_ data: String, in dir: String) throws -> String {
        let json = """
        {"version": 8, "name": "t", "sources": {"x": {"type": "geojson", "data": "\(data)"}},
         "layers": [{"id": "x", "type": "line", "source": "x", "paint": {"line-color": "#000"}}]}
        """
        let path = "\(dir)/style.json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func sourcesOutsideTheAllowedPlacesAreRejected() throws {
        let dir = CLITests.tempDir(), other = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: other) }
        try Self.line.write(toFile: "\(other)/outside.geojson", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link.geojson", withDestinationPath: "\(other)/outside.geojson")
        let depth = dir.split(separator: "/").count
        let shadow = String(repeating: "../", count: depth + 2) + "etc/shadow"
        for (data, says) in [(shadow, "outside"), ("../../etc/shadow", "outside"), ("/vsicurl/https://example.com/x.geojson", "virtual file system"),
                             ("/vsizip//tmp/a.zip/x.shp", "virtual file system"), ("PG:dbname=gis", "connection string"),
                             ("https://example.com/x.geojson", "connection string"), ("\(other)/outside.geojson", "outside"),
                             ("link.geojson", "outside")] {
            let style = try Self.style(data, in: dir)
            let r = CLITests.run(["map", "--style", style, "-o", "\(dir)/m.svg"])
            HostileInputTests.expectOneLineError(r, data)
            #expect(r.err.contains("sources.x") && r.err.contains(says), "\(data): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/m.svg"))
        }
    }

    @Test func allowedPlacesAndTheOptionRead() throws {
        let dir = CLITests.tempDir(), other = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: other) }
        try Self.line.write(toFile: "\(dir)/inside.geojson", atomically: true, encoding: .utf8)
        try Self.line.write(toFile: "\(other)/outside.geojson", atomically: true, encoding: .utf8)
        // The style's folder.
        var r = CLITests.run(["map", "--style", try Self.style("inside.geojson", in: dir), "-o", "\(dir)/a.svg"])
        #expect(r.status == 0, "\(r.err)")
        // The data folder.
        let gpkg = CLITests.root.appendingPathComponent("GeoData/china.gpkg").path
        r = CLITests.run(["map", "--style", try Self.style(gpkg, in: dir), "-o", "\(dir)/b.svg"])
        #expect(r.status == 0, "\(r.err)")
        // Elsewhere: only with the option.
        let style = try Self.style("\(other)/outside.geojson", in: dir)
        #expect(CLITests.run(["map", "--style", style, "-o", "\(dir)/c.svg"]).status == 1)
        r = CLITests.run(["map", "--style", style, "--allow-any-source", "-o", "\(dir)/c.svg"])
        #expect(r.status == 0 && FileManager.default.fileExists(atPath: "\(dir)/c.svg"), "\(r.err)")
        // A file given on the command line (--points) may be read by path.
        let csv = "\(other)/p.csv"
        try "lon,lat\n104.07,30.67\n116.4,39.9\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let given = """
        {"version": 8, "name": "t", "sources": {"p": {"type": "hinterland", "command": "density", "points": "\(csv)", "cell": "20km", "bandwidth": "100km"}},
         "layers": [{"id": "p", "type": "raster", "source": "p"}]}
        """
        try given.write(toFile: "\(dir)/given.json", atomically: true, encoding: .utf8)
        #expect(CLITests.run(["map", "--style", "\(dir)/given.json", "-o", "\(dir)/d.svg"]).status == 1)
        r = CLITests.run(["map", "--style", "\(dir)/given.json", "--points", csv, "-o", "\(dir)/d.svg"])
        #expect(r.status == 0, "\(r.err)")
    }
}
