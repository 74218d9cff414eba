import Foundation
import Testing

/// stats and density read a large delimited file a block at a time (forced here with
/// HINTERLAND_STREAM_POINTS=1 on a file of several 8 MB blocks): the outputs are the same
/// bytes as when the file is read whole.
struct StreamedPointsCLITests {
    @Test func streamedOutputsEqualWholeOnes() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s: UInt64 = 11
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        var text = "lon,lat,weight,kind\n"
        text.reserveCapacity(24 << 20)
        for i in 0..<500_000 {
            if i == 123_457 { text += "bad,30,1,x\n"; continue }
            text += String(format: "%.5f,%.5f,%.2f,%@\n", 75 + next() * 58, 20 + next() * 32, next() * 10, ["a", "b"][i % 2])
        }
        let csv = "\(dir)/p.csv"
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        for (mode, env) in [("whole", "0"), ("streamed", "1")] {
            var r = CLITests.run(["stats", "--points", csv, "--weight", "weight", "--by", "province", "--by", "cluster", "--by", "huline", "-o", "\(dir)/s-\(mode).csv"],
                                 env: ["HINTERLAND_STREAM_POINTS": env])
            #expect(r.status == 0 && r.err.contains("1 row skipped (first: line 123459"), "\(mode): \(r.err)")
            r = CLITests.run(["stats", "--points", csv, "--category", "kind", "--by", "region4", "--format", "json", "-o", "\(dir)/c-\(mode).json"],
                             env: ["HINTERLAND_STREAM_POINTS": env])
            #expect(r.status == 0, "\(mode): \(r.err)")
            r = CLITests.run(["density", "--points", csv, "--weight", "weight", "--cell", "10km", "--bandwidth", "30km", "--clip", "country", "-o", "\(dir)/d-\(mode).tif"],
                             env: ["HINTERLAND_STREAM_POINTS": env])
            #expect(r.status == 0, "\(mode): \(r.err)")
        }
        for f in ["s", "c", "d"] {
            let ext = ["s": "csv", "c": "json", "d": "tif"][f]!
            let a = FileManager.default.contents(atPath: "\(dir)/\(f)-whole.\(ext)"), b = FileManager.default.contents(atPath: "\(dir)/\(f)-streamed.\(ext)")
            #expect(a != nil && a == b, "\(f).\(ext) differs")
        }
        // Points all outside China: the same one-line error either way.
        try "lon,lat\n-70,40\n-71,41\n".write(toFile: "\(dir)/far.csv", atomically: true, encoding: .utf8)
        for env in ["0", "1"] {
            for args in [["stats", "--points", "\(dir)/far.csv", "--by", "province"], ["density", "--points", "\(dir)/far.csv", "-o", "\(dir)/far.tif"]] {
                let r = CLITests.run(args, env: ["HINTERLAND_STREAM_POINTS": env])
                HostileInputTests.expectOneLineError(r, args.joined(separator: " ") + " streamed \(env)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/far.tif"))
    }
}
