import Foundation
import Testing

/// `make install` into a temporary prefix: the installed binary finds its data under
/// PREFIX/share/hinterland, and a copy of the binary elsewhere finds none and says so
/// instead of reading the checkout it was built in.
struct InstallTests {
    /// A program run with HINTERLAND_GEODATA unset unless `env` sets it.
    static func run(_ exe: String, _ args: [String], in dir: String, env: [String: String] = [:]) -> (status: Int32, out: String, err: String) {
        CLITests.run(args, in: dir, env: env, tool: exe, unset: env["HINTERLAND_GEODATA"] == nil ? ["HINTERLAND_GEODATA"] : [])
    }

    @Test func installedBinaryFindsItsDataAndACopyDoesNot() throws {
        let prefix = CLITests.tempDir() + "/prefix with space"
        let make = Self.run("/usr/bin/make", ["-s", "install", "PREFIX=\(prefix)", "HINTERLAND_BIN=\(CLITests.exe)"], in: CLITests.root.path)
        #expect(make.status == 0, "\(make.err)")
        let installed = prefix + "/bin/hinterland"
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/hinterland/GeoData/china.gpkg"))
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/hinterland/Styles/fig1_population_density.json"))
        // Run from an unrelated folder, with no HINTERLAND_GEODATA.
        let elsewhere = CLITests.tempDir()
        let r = Self.run(installed, ["zones", "--by", "province"], in: elsewhere)
        #expect(r.status == 0, "\(r.err)")
        let reference = Self.run(CLITests.exe, ["zones", "--by", "province"], in: elsewhere)
        #expect(r.out == reference.out && r.out.split(separator: "\n").count == 35)

        // A copy of the binary with no data beside it, run inside the checkout: an error
        // naming where it looked and HINTERLAND_GEODATA, not the checkout's data.
        let lone = CLITests.tempDir() + "/hinterland"
        try FileManager.default.copyItem(atPath: installed, toPath: lone)
        let copy = Self.run(lone, ["zones", "--by", "province"], in: CLITests.root.path)
        #expect(copy.status == 1 && copy.out.isEmpty)
        #expect(copy.err.hasPrefix("hinterland: error: GeoData: cannot find the embedded data") && copy.err.contains("HINTERLAND_GEODATA"), "\(copy.err)")
        // … and HINTERLAND_GEODATA points it at the data.
        let pointed = Self.run(lone, ["zones", "--by", "province"], in: elsewhere, env: ["HINTERLAND_GEODATA": prefix + "/share/hinterland/GeoData"])
        #expect(pointed.status == 0 && pointed.out == reference.out, "\(pointed.err)")
        try? FileManager.default.removeItem(atPath: (prefix as NSString).deletingLastPathComponent)
    }
}
