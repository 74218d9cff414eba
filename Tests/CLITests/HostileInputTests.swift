import Foundation
import Testing

/// Faults found by hostile testing: each input here once crashed, lied or left files behind.
struct HostileInputTests {
    /// One `hinterland: error:` line on stderr, exit status 1, nothing on stdout.
    static func expectOneLineError(_ r: (status: Int32, out: String, err: String), _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = r.err.split(separator: "\n")
        #expect(r.status == 1, "\(what): status \(r.status)", sourceLocation: sourceLocation)
        #expect(lines.count == 1 && lines[0].hasPrefix("hinterland: error: "), "\(what): \(r.err)", sourceLocation: sourceLocation)
        #expect(r.out.isEmpty, "\(what): stdout \(r.out.prefix(200))", sourceLocation: sourceLocation)
    }

    @Test func argumentErrorsAreOneLineAndExitOne() {
        let cases: [[String]] = [
            ["density", "--points", "p.csv", "--cell", "-5km", "-o", "d.tif"],
            ["stats", "--points", "p.csv", "--by", "province", "--min-share", "-1"],
            ["zones", "--by", "province", "extra"],
            ["density", "--points", "p.csv", "--kernel", "box", "-o", "d.tif"],
            ["density", "--points", "p.csv", "--units", "per_acre", "-o", "d.tif"],
            ["catchment", "--hubs", "computing_hubs", "--neighbours", "abc"],
            ["catchment", "--hubs", "computing_hubs", "--neighbours", "7"],
            ["catchment", "--hubs", "computing_hubs", "--model", "gravity"],
            ["huline", "--line", "straight"],
            ["huline", "--assign", "nearest"],
            ["index", "--level", "county"],
            ["map", "--style", "x.json", "--lang", "fr", "-o", "m.svg"],
            ["map", "--style", "x.json", "--width", "-3", "-o", "m.png"],
            ["zones", "--nosuch"],
            ["stats"],
            ["nosuchcommand"],
        ]
        for args in cases { Self.expectOneLineError(CLITests.run(args), args.joined(separator: " ")) }
        // Messages name the option and the value.
        #expect(CLITests.run(["density", "--points", "p.csv", "--kernel", "box", "-o", "d.tif"]).err.contains("'box'"))
        #expect(CLITests.run(["density", "--points", "p.csv", "--cell", "-5km", "-o", "d.tif"]).err.contains("--cell -5km"))
    }

    @Test func versionAndHelpStillWork() {
        let v = CLITests.run(["--version"])
        #expect(v.status == 0 && v.out.split(separator: "\n").count == 1 && v.out.first?.isNumber == true, "\(v.out) \(v.err)")
        let h = CLITests.run(["density", "--help"])
        #expect(h.status == 0 && h.out.contains("values: gaussian, quartic,"))
    }

    /// A full disk behind stdout is an error, not a silent success.
    @Test func standardOutputErrorsAreReported() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let full = FileHandle(forWritingAtPath: "/dev/full")!
        for args in [["zones", "--by", "province"], ["zones", "--by", "region4", "--format", "json"], ["layers"], ["info", CLITests.root.appendingPathComponent("GeoData/china.gpkg").path]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLITests.exe)
            p.arguments = args
            p.standardOutput = full
            let e = Pipe()
            p.standardError = e
            try p.run()
            let err = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 1 && err == "hinterland: error: standard output: No space left on device\n", "\(args): \(p.terminationStatus) \(err)")
        }
    }
}
