import Foundation
import Testing

/// `hinterland figures` and `hinterland map` as a user runs them.
struct FiguresCommandTests {
    /// Two runs of the whole figure set give byte-identical SVG and CSV files.
    @Test func figuresAreByteIdenticalOnRerun() throws {
        let a = CLITests.tempDir(), b = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let r1 = CLITests.run(["figures", "--out", a, "--quiet"]), r2 = CLITests.run(["figures", "--out", b, "--quiet"])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.err) \(r2.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: a).filter { $0.hasSuffix(".svg") || $0.hasSuffix(".csv") }.sorted()
        // Eight maps and the rank plot beside Figure 8.
        #expect(files.filter { $0.hasSuffix(".svg") }.count == 9)
        #expect(files.filter { $0.hasPrefix("fig") && $0.hasSuffix(".csv") }.count >= 8, "every figure has its table")
        for f in files {
            let x = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(f)")), y = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(f)"))
            #expect(x == y, "\(f) differs between runs")
        }
        #expect(FileManager.default.fileExists(atPath: "\(a)/fig5_catchments.png"))
    }

    @Test func aBadStyleFailsWithOneLineAndNoOutput() throws {
        let dir = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ##"{"sources": {"s": {"type": "hinterland", "layer": "provinces"}}, "layers": [{"id": "x", "type": "fill", "source": "s", "paint": {"fill-color": ["interpolate", ["cubic"], 1, 0, "#fff", 1, "#000"]}}]}"##
            .write(toFile: "\(dir)/bad.json", atomically: true, encoding: .utf8)
        let r = CLITests.run(["map", "--style", "\(dir)/bad.json", "-o", "\(dir)/out.svg", "-o", "\(dir)/out.png"])
        #expect(r.status != 0)
        #expect(r.err == "hinterland: error: \(dir)/bad.json: layers[0].paint.fill-color: interpolation 'cubic' is not supported (use linear or exponential)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["bad.json"])
    }
}
