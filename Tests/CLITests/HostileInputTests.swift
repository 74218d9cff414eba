import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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
        // The default grid's CRS has no EPSG code: info still names it.
        #expect(CLITests.run(["density", "--points", inChina, "--cell", "20km", "-o", "\(dir)/albers.tif"]).status == 0)
        let info = CLITests.run(["info", "\(dir)/albers.tif"])
        #expect(info.out.contains("crs: China Albers Equal Area (25N, 47N, 105E)") && !info.out.contains("unknown"), "\(info.out)")
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

    /// Binary data is refused at the first block; a record over 1 MB is refused where it starts,
    /// so memory stays bounded.
    @Test func binaryAndHugeRecordsAreRefusedEarly() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A sparse 2 GB file of NUL bytes (no disk space used).
        let fd = open("\(dir)/sparse.csv", O_CREAT | O_WRONLY, 0o644)
        #expect(ftruncate(fd, 2 << 30) == 0)
        close(fd)
        try ("lon,lat\n116.4,39.9\n121.5,31.2\n" + String(repeating: "1", count: 9 << 20) + ",2\n116,40\n").write(toFile: "\(dir)/long.csv", atomically: true, encoding: .utf8)
        try ("lon,lat,name\n116.4,39.9,\"open\n" + String(repeating: "116.4,39.9,x\n", count: 800_000)).write(toFile: "\(dir)/quote.csv", atomically: true, encoding: .utf8)
        let started = Date()
        let s = CLITests.run(["stats", "--points", "\(dir)/sparse.csv", "--by", "province"])
        Self.expectOneLineError(s, "sparse")
        #expect(s.err.contains("sparse.csv: binary data"), "\(s.err)")
        #expect(Date().timeIntervalSince(started) < 30)
        let j = CLITests.run(["index", "--join", "\(dir)/sparse.csv"])
        Self.expectOneLineError(j, "index --join sparse")
        let l = CLITests.run(["density", "--points", "\(dir)/long.csv", "-o", "\(dir)/d.tif"])
        Self.expectOneLineError(l, "long")
        #expect(l.err.contains("long.csv line 4: record longer than 1 MB"), "\(l.err)")
        let q = CLITests.run(["stats", "--points", "\(dir)/quote.csv", "--by", "province"])
        Self.expectOneLineError(q, "quote")
        #expect(q.err.contains("quote.csv line 2:"), "\(q.err)")
        // A long field in a skipped row is cut short in the warning.
        try ("lon,lat\n116.4,39.9\n" + String(repeating: "7", count: 100_000) + ",2\n").write(toFile: "\(dir)/wide.csv", atomically: true, encoding: .utf8)
        let w = CLITests.run(["stats", "--points", "\(dir)/wide.csv", "--by", "province"])
        #expect(w.status == 0 && w.err.count < 300, "\(w.err.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/d.tif"))
    }

    /// Control characters and U+FFFE/U+FFFF in zone names: a well-formed SVG, and a PNG that is
    /// drawn to the end (title, inset), the same as with the characters replaced by U+FFFD.
    @Test func controlCharactersInLabelsAreReplaced() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (file, name) in [("bad", "A\u{01}B\u{08}\u{1F}\u{FFFF}\u{FFFE}C\tD"), ("clean", "A\u{FFFD}B\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}C D")] {
            let zones: [String: Any] = ["type": "FeatureCollection", "features": [["type": "Feature", "properties": ["name": name],
                "geometry": ["type": "Polygon", "coordinates": [[[100, 30], [110, 30], [110, 38], [100, 38], [100, 30]]]]]]]
            try JSONSerialization.data(withJSONObject: zones).write(to: URL(fileURLWithPath: "\(dir)/\(file).geojson"))
            let style: [String: Any] = [
                "version": 8, "sources": ["z": ["type": "geojson", "data": "\(file).geojson"]],
                "layers": [["id": "bg", "type": "background", "paint": ["background-color": "#ffffff"]],
                           ["id": "f", "type": "fill", "source": "z", "paint": ["fill-color": "#88aacc"]],
                           ["id": "l", "type": "symbol", "source": "z", "layout": ["text-field": ["get", "name"], "text-size": 18]]],
                "metadata": ["hinterland": ["page": ["width": 800, "height": 600, "margin": [20, 24, 44, 24], "extent": [73.0, 17.6, 135.5, 53.8]],
                                            "title": "Title after the label", "inset": true, "scalebar": true]]]
            try JSONSerialization.data(withJSONObject: style).write(to: URL(fileURLWithPath: "\(dir)/\(file).json"))
            let r = CLITests.run(["map", "--style", "\(file).json", "-o", "\(file).svg", "-o", "\(file).png", "-o", "\(file).pdf"], in: dir)
            #expect(r.status == 0, "\(file): \(r.err)")
        }
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: "\(dir)/bad.svg")))
        #expect(parser.parse(), "bad.svg is not well-formed XML: \(String(describing: parser.parserError))")
        for ext in ["svg", "png"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/bad.\(ext)")), b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/clean.\(ext)"))
            #expect(a == b, "bad.\(ext) differs from clean.\(ext)")
        }
    }

    /// Text cells a spreadsheet would run as formulas get a leading quote; numbers do not;
    /// --raw-csv keeps them as they are.
    @Test func formulaLikeTextCellsAreDefused() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let zones = [("=1+2", "=HYPERLINK(\"http://x\",\"a\")"), ("+7", "@SUM(A1)"), ("-3", "\tTab"), ("ok", "-cmd|' /C calc'!A0")]
        let features = zones.enumerated().map { i, z -> [String: Any] in
            let x = 100.0 + 2 * Double(i)
            return ["type": "Feature", "properties": ["id": z.0, "n": z.1],
                    "geometry": ["type": "Polygon", "coordinates": [[[x, 30], [x + 1, 30], [x + 1, 31], [x, 31], [x, 30]]]]]
        }
        try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features]).write(to: URL(fileURLWithPath: "\(dir)/evil.geojson"))
        try "lon,lat\n100.5,30.5\n102.5,30.5\n".write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        let z = CLITests.run(["zones", "--by", "\(dir)/evil.geojson", "--key", "id", "--name-field", "n"])
        #expect(z.status == 0, "\(z.err)")
        let rows = z.out.split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { !"=+-@\t".contains($0.first!) && !$0.contains(",=") && !$0.contains(",@") && !$0.contains(",+") && !$0.contains(",\t") }, "\(z.out)")
        #expect(z.out.contains("\n'=1+2,\"'=HYPERLINK(") && z.out.contains("\n'-3,'\tTab,") && z.out.contains("\nok,'-cmd|"), "\(z.out)")
        let raw = CLITests.run(["zones", "--by", "\(dir)/evil.geojson", "--key", "id", "--name-field", "n", "--raw-csv"])
        #expect(raw.out.contains("\n=1+2,\"=HYPERLINK(") && raw.out.contains("\n+7,@SUM(A1),"), "\(raw.out)")
        let s = CLITests.run(["stats", "--points", "\(dir)/p.csv", "--by", "\(dir)/evil.geojson", "--key", "id", "--name-field", "n"])
        #expect(s.status == 0 && s.out.contains(",'=1+2,\"'=HYPERLINK(") && s.out.contains(",'+7,'@SUM(A1),1,"), "\(s.out)")
    }
}
