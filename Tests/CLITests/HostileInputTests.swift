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

    /// All outputs of one command appear together or not at all.
    @Test func aFailingOutputLeavesNoneOfTheOthers() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let style = CLITests.root.appendingPathComponent("Styles/fig3_regions.json").path
        let m = CLITests.run(["map", "--style", style, "--width", "200000", "-o", "a.svg", "-o", "a.png", "-o", "a.pdf"], in: dir)
        Self.expectOneLineError(m, "map --width 200000")
        #expect(m.err.contains("200000 × 156250 pixels") && !m.err.contains(".tmp-"), "\(m.err)")
        let f = CLITests.run(["figures", "--scale", "50", "--quiet", "--out", "figs"], in: dir)
        Self.expectOneLineError(f, "figures --scale 50")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// A small file system mounted for the test: full, or read-only. Needs root (skipped otherwise).
    static func mount(_ dir: String, readOnly: Bool) -> Bool {
        guard getuid() == 0 else { return false }
        let r = CLITests.run(["-t", "tmpfs", "-o", "size=64k" + (readOnly ? ",ro" : ""), "tmpfs", dir], tool: "/bin/mount")
        return r.status == 0
    }

    @Test func fullDiskAndReadOnlyFolderGiveThePathAndTheReason() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, ro) in [("full", false), ("ro", true)] {
            let mnt = "\(dir)/\(name)"
            try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
            guard Self.mount(mnt, readOnly: ro) else { return }
            defer { CLITests.run([mnt], tool: "/bin/umount") }
            let reason = ro ? "Read-only file system" : "No space left on device"
            for args in [["zones", "--by", "county", "-o", "\(mnt)/z.csv"],
                         ["map", "--style", CLITests.root.appendingPathComponent("Styles/fig3_regions.json").path, "-o", "\(mnt)/a.svg", "-o", "\(mnt)/a.png"]] {
                let r = CLITests.run(args)
                Self.expectOneLineError(r, args.joined(separator: " "))
                #expect(r.err.contains("\(mnt)/") && r.err.contains(reason) && !r.err.contains("NSCocoaErrorDomain"), "\(r.err)")
            }
            let f = CLITests.run(["figures", "--quiet", "--out", "\(mnt)/figs"])
            Self.expectOneLineError(f, "figures on \(name)")
            #expect(f.err.contains(reason), "\(f.err)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: mnt).isEmpty)
        }
    }

    @Test func densityRefusesGeographicGridsAndPointsOutsideChina() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inChina = try ReliabilityTests.points(dir, 200)
        try "lon,lat\n-74.0,40.7\n-73.9,40.8\n2.35,48.85\n".write(toFile: "\(dir)/abroad.csv", atomically: true, encoding: .utf8)
        try "lon,lat\n106.9,47.9\n107.0,47.8\n".write(toFile: "\(dir)/ulaanbaatar.csv", atomically: true, encoding: .utf8)
        for crs in ["EPSG:4326", "+proj=longlat +datum=WGS84", "gcj02"] {
            let r = CLITests.run(["density", "--points", inChina, "--crs", crs, "-o", "\(dir)/d.tif"])
            Self.expectOneLineError(r, "--crs \(crs)")
            #expect(r.err.contains("geographic"), "\(r.err)")
        }
        #expect(CLITests.run(["density", "--points", inChina, "--cell", "20km", "--crs", "EPSG:3857", "-o", "\(dir)/ok.tif"]).status == 0)
        for f in ["abroad.csv", "ulaanbaatar.csv"] {
            for extra in [[], ["--clip", "country"]] {
                let r = CLITests.run(["density", "--points", "\(dir)/\(f)", "--cell", "20km", "-o", "\(dir)/d.tif"] + extra)
                Self.expectOneLineError(r, "density \(f) \(extra)")
                #expect(r.err.contains("\(f): none of the"), "\(r.err)")
            }
            Self.expectOneLineError(CLITests.run(["stats", "--points", "\(dir)/\(f)", "--by", "province"]), "stats \(f)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/d.tif"))
    }
}
