import Foundation
import Testing

/// stats, density and zonal as a user runs them, including the bad inputs of the issue.
struct AnalysisCommandTests {
    static func pointsCSV(_ dir: String) throws -> String {
        var s = "id,lon,lat,staff,kind\n"
        let places = [(116.40, 39.90), (113.65, 34.76), (112.94, 28.23), (104.07, 30.67), (87.62, 43.82), (108.94, 34.26)]   // inland cities
        for i in 0..<600 {
            let (x, y) = places[i % places.count]
            s += "\(i),\(x + Double(i % 10) * 0.01),\(y + Double(i % 7) * 0.01),\(i % 5 + 1),\(["能源", "制造"][i % 2])\n"
        }
        let path = "\(dir)/pts.csv"
        try s.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func statsByRegionsSharesAddUpAndFollowTheRun() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try Self.pointsCSV(dir)
        let r = CLITests.run(["stats", "--points", p, "--by", "region4", "--by", "cluster", "--min-share", "0.05", "--weight", "staff"])
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let region4 = rows.filter { $0[0] == "region4" }
        #expect(region4.count == 5)
        #expect(abs(region4.reduce(0) { $0 + Double($1[4])! } - 1) < 1e-5)
        #expect(region4.first { $0[1] == "east" }![3] == "100")         // Beijing
        #expect(region4.first { $0[1] == "central" }![3] == "200")      // Zhengzhou, Changsha
        #expect(r.err.contains("cluster: zones at or above 5.0%: "))
        let again = CLITests.run(["stats", "--points", p, "--by", "region4", "--by", "cluster", "--min-share", "0.05", "--weight", "staff"])
        #expect(again.out == r.out)
    }

    @Test func statsWithCategoriesAndGeoPackageOutput() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try Self.pointsCSV(dir)
        let r = CLITests.run(["stats", "--points", p, "--by", "huline", "--category", "kind", "-o", "\(dir)/s.gpkg"])
        #expect(r.status == 0, "\(r.err)")
        let info = CLITests.run(["info", "\(dir)/s.gpkg"])
        #expect(info.out.contains("cat:能源") && info.out.contains("EPSG:4326"))
    }

    @Test func densityAndZonalRoundTrip() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = try Self.pointsCSV(dir)
        let d = CLITests.run(["density", "--points", p, "--cell", "10km", "--bandwidth", "50km", "--units", "per_cell", "-o", "\(dir)/d.tif"])
        #expect(d.status == 0, "\(d.err)")
        let info = CLITests.run(["info", "\(dir)/d.tif"])
        #expect(info.out.contains("Float32") && info.out.contains("nodata -9999"))
        let z = CLITests.run(["zonal", "--raster", "\(dir)/d.tif", "--by", "region4", "--stats", "sum"])
        #expect(z.status == 0, "\(z.err)")
        let sums = z.out.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",").last!) }
        // All points are inland, far from the border and the sea: the zonal sums hold all the mass.
        #expect(abs(sums.reduce(0, +) - 600) < 1, "\(sums)")
        // --compress zstd: another codec, the same cells (GDAL's own checksum).
        let zd = CLITests.run(["density", "--points", p, "--cell", "10km", "--bandwidth", "50km", "--units", "per_cell",
                               "--compress", "zstd", "-o", "\(dir)/z.tif"])
        #expect(zd.status == 0, "\(zd.err)")
        let a = CLITests.run(["-checksum", "\(dir)/d.tif"], tool: "/usr/bin/gdalinfo")
        let b = CLITests.run(["-checksum", "\(dir)/z.tif"], tool: "/usr/bin/gdalinfo")
        let checksum = { (t: String) in t.split(separator: "\n").filter { $0.contains("Checksum=") } }
        #expect(b.out.contains("COMPRESSION=ZSTD") && a.out.contains("COMPRESSION=DEFLATE"))
        #expect(!checksum(a.out).isEmpty && checksum(a.out) == checksum(b.out))
    }

    /// Empty file, header only, weight with text, points all outside, raster without CRS:
    /// one line, exit ≠ 0, no output file.
    @Test func badPointAndRasterInputsFailCleanly() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "".write(toFile: "\(dir)/empty.csv", atomically: true, encoding: .utf8)
        try "lon,lat\n".write(toFile: "\(dir)/header.csv", atomically: true, encoding: .utf8)
        try "lon,lat,w\n116.4,39.9,1\n121.5,31.2,lots\n".write(toFile: "\(dir)/textweight.csv", atomically: true, encoding: .utf8)
        try "lon,lat\n2.35,48.85\n-74.0,40.7\n".write(toFile: "\(dir)/abroad.csv", atomically: true, encoding: .utf8)
        try "x,y\n1,2\n".write(toFile: "\(dir)/nocoords.csv", atomically: true, encoding: .utf8)
        // A raster without a CRS, made with GDAL's own tools.
        try "ncols 4\nnrows 4\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3 4\n1 2 3 4\n1 2 3 4\n1 2 3 4\n".write(toFile: "\(dir)/nocrs.asc", atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["stats", "--points", "\(dir)/empty.csv", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/header.csv", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/textweight.csv", "--weight", "w", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/abroad.csv", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/nocoords.csv", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/missing.csv", "--by", "province", "-o", "\(dir)/out.csv"],
            ["stats", "--points", "\(dir)/abroad.csv", "--by", "nosuch", "-o", "\(dir)/out.csv"],
            ["density", "--points", "\(dir)/header.csv", "-o", "\(dir)/out.tif"],
            ["density", "--points", "\(dir)/abroad.csv", "--kernel", "box", "-o", "\(dir)/out.tif"],
            ["density", "--points", "\(dir)/abroad.csv", "--cell=0km", "-o", "\(dir)/out.tif"],
            ["zonal", "--raster", "\(dir)/nocrs.asc", "--by", "province", "-o", "\(dir)/out.csv"],
            ["zonal", "--raster", "\(dir)/empty.csv", "--by", "province", "-o", "\(dir)/out.csv"],
        ]
        for args in cases {
            let r = CLITests.run(args)
            #expect(r.status != 0, "\(args) succeeded")
            let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("hinterland: error: ") }
            #expect(errors.count == 1, "\(args): \(r.err) \(r.out)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("out") || $0.hasPrefix(".") }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
