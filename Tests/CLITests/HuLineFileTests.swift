import Foundation
import Testing

/// `huline --by` with a zone file, as a user runs it: the same per-zone rows as the built-in
/// set, from flags and from a study, and one-line errors.
struct HuLineFileTests {
    static func provinces(_ dir: String) -> String {
        let r = CLITests.run(["export", "--layer", "provinces", "-o", "\(dir)/prov.gpkg"])
        #expect(r.status == 0, "\(r.err)")
        return "\(dir)/prov.gpkg"
    }

    /// Rows as (code, numbers) without the name column (the file has no names without --name-field).
    static func zoneRows(_ csv: String) -> [String: [Double]] {
        var out = [String: [Double]]()
        for line in csv.split(separator: "\n").drop(while: { !$0.hasPrefix("zone,") }).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[0]] = f.dropFirst(2).compactMap(Double.init)
        }
        return out
    }

    @Test func aProvinceFileGivesTheBuiltInRows() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prov = Self.provinces(dir)
        try "lon,lat\n116.4,39.9\n121.5,31.2\n91.1,29.6\n104.07,30.67\n102.0,31.5\n".write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        let named = CLITests.run(["huline", "--points", "\(dir)/p.csv", "--by", "province", "--area", "admin"])
        let file = CLITests.run(["huline", "--points", "\(dir)/p.csv", "--by", prov, "--key", "adcode", "--area", "admin"])
        #expect(named.status == 0 && file.status == 0, "\(named.err) \(file.err)")
        let a = Self.zoneRows(named.out), b = Self.zoneRows(file.out)
        #expect(a.count == 34 && Set(a.keys) == Set(b.keys))
        for (code, x) in a {
            let y = b[code]!
            #expect(x.count == 7 && y.count == 7, "\(code)")
            // Areas to 1 km² (printed to 0.1), populations and points exactly.
            for i in [0, 1] { #expect(abs(x[i] - y[i]) <= max(1, 1e-4 * x[0]), "\(code) column \(i): \(x[i]) vs \(y[i])") }
            for i in [3, 4, 5, 6] { #expect(x[i] == y[i], "\(code) column \(i): \(x[i]) vs \(y[i])") }
        }
        #expect(b["510000"]![5] == 2 && b["510000"]![6] == 1)  // Chengdu south-east, the point at 102°E north-west
        // The same run from a study gives the same bytes.
        try #"{"steps": [{"huline": {"points": "p.csv", "by": "prov.gpkg", "key": "adcode", "area": "admin"}, "outputs": ["s.csv"]}]}"#
            .write(toFile: "\(dir)/study.json", atomically: true, encoding: .utf8)
        let s = CLITests.run(["run", "study.json"], in: dir)
        #expect(s.status == 0, "\(s.err)")
        #expect(try String(contentsOfFile: "\(dir)/s.csv", encoding: .utf8) == file.out)
    }

    /// Per-zone raster sums: the zones' south-east parts add up to the south-east sum of the
    /// whole country (cut by the country's outline, not by the zones), and a provinces file
    /// gives the built-in provinces' sums.
    @Test func zoneRasterSumsAddUpToTheSides() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prov = Self.provinces(dir)
        let dem = CLITests.root.appendingPathComponent("GeoData/dem_10km.tif").path
        let named = CLITests.run(["huline", "--raster", dem, "--by", "province"])
        let file = CLITests.run(["huline", "--raster", dem, "--by", prov, "--key", "adcode"])
        #expect(named.status == 0 && file.status == 0, "\(named.err) \(file.err)")
        let whole = named.out.split(separator: "\n").first { $0.hasPrefix("raster_sum,") }!.split(separator: ",").compactMap { Double($0) }
        let a = Self.zoneRows(named.out), b = Self.zoneRows(file.out)
        let total = a.values.map { $0[5] }.reduce(0, +), southeast = a.values.map { $0[6] }.reduce(0, +)
        #expect(abs(southeast - whole[0]) < 1e-6 * whole[0], "\(southeast) vs \(whole[0])")
        #expect(abs(total - southeast - whole[1]) < 1e-5 * whole[1], "\(total - southeast) vs \(whole[1])")
        for (code, x) in a { #expect(abs(x[5] - b[code]![5]) <= 1e-9 * abs(x[5]) && abs(x[6] - b[code]![6]) <= 1e-9 * abs(x[5]), "\(code)") }
    }

    @Test func badZoneFileOptionsAreOneLine() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let prov = Self.provinces(dir)
        let cases: [([String], String)] = [
            (["huline", "--by", prov], "key"),
            (["huline", "--by", prov, "--key", "nosuch"], "no field 'nosuch'"),
            (["huline", "--by", prov, "--key", "adcode", "--assign", "majority", "--level", "county"], "level"),
            (["huline", "--by", "\(dir)/missing.gpkg", "--key", "adcode"], "missing.gpkg"),
        ]
        for (args, needle) in cases {
            let r = CLITests.run(args + ["-o", "\(dir)/out.csv"])
            #expect(r.status == 1, "\(args)")
            #expect(r.err.split(separator: "\n").count == 1 && r.err.hasPrefix("hinterland: error: ") && r.err.contains(needle), "\(args): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/out.csv"))
        }
    }
}
