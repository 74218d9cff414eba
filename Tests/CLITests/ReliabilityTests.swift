import Foundation
import Testing

/// Malformed inputs, interruptions and thread counts: never a crash, never a half file.
struct ReliabilityTests {
    static func points(_ dir: String, _ n: Int = 3000) throws -> String {
        var s = "lon,lat,w\n"
        var seed: UInt64 = 1
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 11) / Double(1 << 53) }
        for _ in 0..<n { s += String(format: "%.5f,%.5f,%.2f\n", 100 + 20 * next(), 25 + 15 * next(), 1 + 9 * next()) }
        try s.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        return "\(dir)/p.csv"
    }

    /// Every command on a corpus of malformed files: a non-zero exit with one error line (or a
    /// documented warning and success), no crash, nothing left behind.
    @Test func malformedCorpusNeverCrashesOrLeavesFiles() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files: [String: String] = [
            "truncated.geojson": #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[100,30],[101"#,
            "lines.geojson": #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"LineString","coordinates":[[100,30],[101,31]]}}]}"#,
            "empty.geojson": #"{"type":"FeatureCollection","features":[]}"#,
            "nan.csv": "lon,lat\nnan,30\ninf,31\n-inf,32\n1e308,30\n",
            "swapped.csv": "lon,lat\n39.9,116.4\n31.2,121.5\n",
            "zero.csv": "",
            "ragged.csv": "\u{FEFF}lon,lat\n116.4\n121.5,31.2,9,9\n,\n",
            "bom.csv": "\u{FEFF}lon,lat\n116.4,39.9\n",
            "text.tif": "not a raster",
        ]
        for (name, text) in files { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        try FileManager.default.createDirectory(atPath: "\(dir)/folder.csv", withIntermediateDirectories: true)
        let pointFiles = ["truncated.geojson", "lines.geojson", "empty.geojson", "nan.csv", "swapped.csv", "zero.csv", "folder.csv", "missing.csv"]
        let polygonFiles = ["truncated.geojson", "lines.geojson", "empty.geojson", "zero.csv", "folder.csv", "missing.gpkg"]
        var cases = [[String]]()
        for f in pointFiles {
            cases.append(["stats", "--points", "\(dir)/\(f)", "--by", "province", "-o", "\(dir)/out.csv"])
            cases.append(["density", "--points", "\(dir)/\(f)", "--cell", "20km", "-o", "\(dir)/out.tif"])
            cases.append(["catchment", "--hubs", "\(dir)/\(f)", "--cell", "50km", "-o", "\(dir)/out.gpkg"])
        }
        for f in polygonFiles {
            cases.append(["zones", "--by", "\(dir)/\(f)", "--key", "id", "-o", "\(dir)/out.csv"])
            if !["lines.geojson", "empty.geojson"].contains(f) { cases.append(["info", "\(dir)/\(f)"]) }
        }
        cases.append(["zonal", "--raster", "\(dir)/text.tif", "--by", "province", "-o", "\(dir)/out.csv"])
        cases.append(["huline", "--points", "\(dir)/nan.csv", "-o", "\(dir)/out.csv"])
        cases.append(["huline", "--raster", "\(dir)/text.tif", "-o", "\(dir)/out.csv"])
        cases.append(["units", "--points", "\(dir)/zero.csv", "--stats", "\(dir)/out.csv"])
        cases.append(["units", "--config", "\(dir)/truncated.geojson", "--stats", "\(dir)/out.csv"])
        cases.append(["index", "--join", "\(dir)/zero.csv", "-o", "\(dir)/out.csv"])
        cases.append(["index", "--config", "\(dir)/empty.geojson", "-o", "\(dir)/out.csv"])
        cases.append(["export", "--layer", "\(dir)/truncated.geojson", "-o", "\(dir)/out.gpkg"])
        cases.append(["map", "--style", "\(dir)/empty.geojson", "-o", "\(dir)/out.svg"])
        for args in cases {
            let r = CLITests.run(args)
            let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("hinterland: error: ") }
            #expect(r.status == 1 && errors.count == 1, "\(args): status \(r.status), \(r.err)")
        }
        // A BOM and a header are fine: one point in Beijing.
        let ok = CLITests.run(["stats", "--points", "\(dir)/bom.csv", "--by", "province"])
        #expect(ok.status == 0 && ok.out.contains("110000,北京市,1,"), "\(ok.err)")
        // Ragged rows: the documented warning, and the one good row counts.
        let ragged = CLITests.run(["stats", "--points", "\(dir)/ragged.csv", "--by", "province"])
        #expect(ragged.status == 0 && ragged.err.contains("2 rows skipped (first: line 2, only 1 field)") && ragged.out.contains("310000,上海市,1,"), "\(ragged.err)")
        // Valid but empty or non-polygon layers describe themselves.
        #expect(CLITests.run(["info", "\(dir)/lines.geojson"]).out.contains("Line String"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("out") || $0.hasPrefix(".") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func unreadableFilesAreAClearError() throws {
        guard getuid() != 0 else { return }   // root reads everything: nothing to test
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "lon,lat\n116.4,39.9\n".write(toFile: "\(dir)/locked.csv", atomically: true, encoding: .utf8)
        chmod("\(dir)/locked.csv", 0)
        let r = CLITests.run(["stats", "--points", "\(dir)/locked.csv", "--by", "province"])
        #expect(r.status == 1 && r.err.contains("permission denied"))
    }

    /// SIGINT and SIGTERM at any moment leave either no output or a complete one, never a
    /// temporary folder or half a file.
    @Test func interruptedRunsLeaveNoPartialFiles() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pts = try Self.points(dir, 20_000)
        for (k, delay) in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5].enumerated() {
            let out = "\(dir)/run\(k)"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLITests.exe)
            p.arguments = ["density", "--points", pts, "--cell", "2km", "--bandwidth", "20km", "-o", "\(out)/d.tif"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            if k % 2 == 0 { p.interrupt() } else { p.terminate() }
            p.waitUntilExit()
            let left = try FileManager.default.contentsOfDirectory(atPath: out)
            #expect(left.allSatisfy { !$0.hasPrefix(".") }, "temporary files left after a signal: \(left)")
            if left.contains("d.tif") {
                #expect(CLITests.run(["info", "\(out)/d.tif"]).status == 0, "an incomplete d.tif after a signal")
            }
        }
    }

    /// A signal near start-up is never lost: the run ends (by the signal, or with 130/143 after
    /// cleaning up) instead of running on to a normal exit. Signals sent every 2 ms through
    /// the first 200 ms cover the moment the handler is set up.
    @Test func signalsNearStartUpAreNeverIgnored() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pts = try Self.points(dir, 20_000)
        var ignored = [Int]()
        for k in 0..<100 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLITests.exe)
            p.arguments = ["density", "--points", pts, "--cell", "2km", "--bandwidth", "20km", "-o", "\(dir)/d.tif"]
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(useconds_t(2000 * k))
            if k % 2 == 0 { p.terminate() } else { p.interrupt() }
            p.waitUntilExit()
            if p.terminationReason == .exit && ![130, 143].contains(p.terminationStatus) { ignored.append(2 * k) }
        }
        #expect(ignored.isEmpty, "signals ignored at these delays (ms): \(ignored)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    /// Two runs writing into the same folder at once both finish with complete files.
    @Test func parallelRunsIntoOneFolder() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pts = try Self.points(dir)
        final class Statuses: @unchecked Sendable { var values = [Int32](repeating: -1, count: 2) }
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            statuses.values[i] = CLITests.run(["stats", "--points", pts, "--by", "province", "-o", "\(dir)/same.csv"]).status
        }
        #expect(statuses.values == [0, 0])
        let text = try String(contentsOfFile: "\(dir)/same.csv", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 36)
    }

    /// Every analysis gives the same bytes with one thread and with two.
    @Test func outputsDoNotDependOnTheThreadCount() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pts = try Self.points(dir)
        for threads in ["1", "2"] {
            let env = ["HINTERLAND_THREADS": threads]
            let o = "\(dir)/t\(threads)"
            try FileManager.default.createDirectory(atPath: o, withIntermediateDirectories: true)
            #expect(CLITests.run(["stats", "--points", pts, "--weight", "w", "--by", "province", "--by", "cluster", "-o", "\(o)/s.csv"], env: env).status == 0)
            #expect(CLITests.run(["density", "--points", pts, "--cell", "10km", "--bandwidth", "40km", "-o", "\(o)/d.tif"], env: env).status == 0)
            #expect(CLITests.run(["zonal", "--raster", "\(o)/d.tif", "--by", "prefecture", "-o", "\(o)/z.csv"], env: env).status == 0)
            #expect(CLITests.run(["catchment", "--hubs", "computing_hubs", "--model", "huff", "--cell", "40km", "--stats", "\(o)/c.csv", "-o", "\(o)/c.tif"], env: env).status == 0)
            #expect(CLITests.run(["zones", "--by", "cluster", "-o", "\(o)/c.geojson"], env: env).status == 0)
        }
        for f in ["s.csv", "d.tif", "z.csv", "c.csv", "c.tif", "c.geojson"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/t1/\(f)")), b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/t2/\(f)"))
            #expect(a == b, "\(f) differs between 1 and 2 threads")
        }
    }
}

struct InvalidPolygonTests {
    @Test func selfIntersectingZonesAreRepairedAndReportedOrRefused() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"bow"},"geometry":{"type":"Polygon","coordinates":[[[100,30],[102,32],[102,30],[100,32],[100,30]]]}}]}"#
            .write(toFile: "\(dir)/bow.geojson", atomically: true, encoding: .utf8)
        let r = CLITests.run(["zones", "--by", "\(dir)/bow.geojson", "--key", "id"])
        #expect(r.status == 0)
        #expect(r.err.contains("bow.geojson feature 1 (id bow): invalid polygon repaired with GEOS make-valid"))
        let area = Double(r.out.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)[3])!
        #expect(area > 20_000 && area < 22_500, "repaired bow-tie area \(area)")   // two triangles of 1° × 1°
        let s = CLITests.run(["zones", "--by", "\(dir)/bow.geojson", "--key", "id", "--strict", "-o", "\(dir)/out.csv"])
        #expect(s.status == 1 && s.err.hasPrefix("hinterland: error: ") && s.err.contains("invalid polygon"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out.csv"))
    }
}
