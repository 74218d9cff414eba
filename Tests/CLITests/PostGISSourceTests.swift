import Foundation
import Testing

/// PostGIS as a source of zones and points, against the real server
/// Tests/scripts/with-postgis.sh starts (HINTERLAND_TEST_PG); skipped without one, except on CI.
struct PostGISSourceTests {
    static let pg = ProcessInfo.processInfo.environment["HINTERLAND_TEST_PG"]
    static let seats = CLITests.root.appendingPathComponent("GeoData/tables/county_points.csv").path

    static func rows(_ csv: String) -> [String: [String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        var out = [String: [String: String]]()
        for l in lines.dropFirst() where l.count == header.count { out[l[1]] = Dictionary(uniqueKeysWithValues: zip(header, l)) }
        return out
    }

    /// The embedded prefectures loaded into PostGIS give the same names, counts, shares and
    /// weights as the named set, and the same points per person and (with --area admin, as
    /// a user's polygons are measured as drawn) per area. Location quotients differ: the named
    /// set counts HK, MO and TW's own population figures in its total, a user's polygons only
    /// census counties.
    @Test(.enabled(if: pg != nil, "no PostGIS server: run through Tests/scripts/with-postgis.sh (make test)"))
    func statsByAPostGISTableEqualsTheNamedSet() throws {
        let pg = Self.pg!
        let load = CLITests.run(["export", "--layer", "prefectures", "-o", pg, "--name", "prefectures"])
        #expect(load.status == 0, "\(load.err)")
        for area in ["land", "admin"] {
            let fromPG = CLITests.run(["stats", "--points", Self.seats, "--by", pg, "--layer", "prefectures", "--key", "adcode",
                                       "--name-field", "name_zh", "--area", area])
            let named = CLITests.run(["stats", "--points", Self.seats, "--by", "prefecture", "--area", area])
            #expect(fromPG.status == 0 && named.status == 0, "\(fromPG.err) \(named.err)")
            let a = Self.rows(fromPG.out), b = Self.rows(named.out)
            #expect(a.count == 371 && Set(a.keys) == Set(b.keys))   // 370 prefectures and (outside)
            #expect(a["510100"]?["zone_set"] == "prefectures")   // the table, not the connection string
            // HK, MO and TW: a user's polygons leave their area and population out (no census).
            let sarTW: Set = ["810000", "820000", "710000"]
            for (zone, row) in b {
                for c in ["name", "count", "share", "weight_sum", "weight_share"] { #expect(a[zone]?[c] == row[c], "\(area) \(zone) \(c)") }
                guard !sarTW.contains(zone) else { continue }
                for c in ["per_million_people"] + (area == "admin" ? ["per_10k_km2"] : []) {
                    #expect(a[zone]?[c] == row[c], "\(area) \(zone) \(c)")
                }
            }
        }
    }

    @Test(.enabled(if: pg != nil, "no PostGIS server: run through Tests/scripts/with-postgis.sh (make test)"))
    func pointsZonesAndInfoReadPostGIS() throws {
        let pg = Self.pg!
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(CLITests.run(["export", "--layer", "county_seats", "-o", pg, "--name", "seats"]).status == 0)
        #expect(CLITests.run(["export", "--layer", "county_seats", "-o", "\(dir)/seats.gpkg"]).status == 0)
        let fromPG = CLITests.run(["stats", "--points", pg, "--point-layer", "seats", "--weight", "population_2020", "--by", "province"])
        let fromFile = CLITests.run(["stats", "--points", "\(dir)/seats.gpkg", "--weight", "population_2020", "--by", "province"])
        #expect(fromPG.status == 0 && fromFile.status == 0, "\(fromPG.err) \(fromFile.err)")
        // The same 2,847 county seats and weights, read from PostGIS or from a file.
        #expect(fromPG.out == fromFile.out)
        #expect(Self.rows(fromPG.out)["510000"]?["count"] == "183", "\(fromPG.out.prefix(300))")
        #expect(CLITests.run(["export", "--layer", "prefectures", "-o", pg, "--name", "prefectures"]).status == 0)
        let zones = CLITests.run(["zones", "--by", pg, "--layer", "prefectures", "--key", "adcode", "--name-field", "name_zh"])
        #expect(zones.status == 0, "\(zones.err)")
        #expect(zones.out.contains("\n510100,成都市,"), "\(zones.out.prefix(300))")
        let info = CLITests.run(["info", pg])
        #expect(info.status == 0, "\(info.err)")
        #expect(info.out.contains("driver: PostgreSQL") && info.out.contains("layer prefectures: Multi Polygon, 370 features"), "\(info.out)")
        // (The test server trusts loopback, so the password is ignored; it never shows.)
        let missing = CLITests.run(["stats", "--points", Self.seats, "--by", pg + " password=s3cret", "--layer", "no_such_table", "--key", "adcode"])
        #expect(missing.status == 1 && missing.err.hasPrefix("hinterland: error: ") && missing.err.contains("no_such_table"), "\(missing.err)")
        #expect(!missing.err.contains("s3cret") && missing.err.contains("password=***"), "\(missing.err)")
        #expect(missing.err.split(separator: "\n").count == 1)
    }
}

/// Zones from a PostGIS table in huline, and their validity facts remembered by content.
struct PostGISZoneCacheTests {
    @Test(.enabled(if: PostGISSourceTests.pg != nil, "no PostGIS server: run through Tests/scripts/with-postgis.sh (make test)"))
    func hulineByAPostGISTableAndTheRememberedFacts() throws {
        let pg = PostGISSourceTests.pg!
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(CLITests.run(["export", "--layer", "provinces", "-o", pg, "--name", "hl_provinces"]).status == 0)
        let env = ["XDG_CACHE_HOME": dir + "/cache", "HINTERLAND_TIMING": "1"]
        let args = ["huline", "--points", PostGISSourceTests.seats, "--by", pg, "--layer", "hl_provinces", "--key", "adcode", "--area", "admin"]
        let first = CLITests.run(args, env: env), second = CLITests.run(args, env: env)
        #expect(first.status == 0 && second.status == 0, "\(first.err)")
        #expect(first.out == second.out)
        #expect(!first.err.contains("invalid, known") && second.err.contains("invalid, known"), "\(second.err)")
        // The connection string is no part of what is remembered (it may hold a password).
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir + "/cache/hinterland/validity")
        #expect(entries.count == 3)   // the validity facts, the HK, MO and TW cut, the line's cut
        for e in entries { #expect(!(try String(contentsOfFile: "\(dir)/cache/hinterland/validity/\(e)", encoding: .utf8)).contains("host=")) }
        // Bad options name the table's connection without its password, on one line.
        for bad in [["--key", "nosuch"], ["--key", "adcode", "--assign", "majority", "--level", "county"]] {
            let r = CLITests.run(["huline", "--by", pg + " password=s3cret", "--layer", "hl_provinces"] + bad + ["-o", "\(dir)/bad.csv"])
            #expect(r.status == 1 && r.err.hasPrefix("hinterland: error: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
            #expect(!r.err.contains("s3cret") && r.err.contains("password=***"), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/bad.csv"))
        }
        let named = CLITests.run(["huline", "--points", PostGISSourceTests.seats, "--by", "province", "--area", "admin"])
        let rows = { (csv: String) in csv.components(separatedBy: "\n\n")[1].split(separator: "\n").map { $0.split(separator: ",").map(String.init) } }
        let a = rows(second.out), b = rows(named.out)
        #expect(a.count == 35 && b.count == 35)
        for (x, y) in zip(a.dropFirst(), b.dropFirst()) {
            #expect(x[0] == y[0] && Array(x[6...]) == Array(y[6...]), "\(x) vs \(y)")   // populations and points
        }
    }
}
