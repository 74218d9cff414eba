import Analysis
import Foundation
import GeoIO
import Testing
@testable import Cartography

/// Every file of the fuzz corpus (seeds and any crash found since) goes through its parser:
/// a value or a thrown error, never a trap. Found crashes become regressions here.
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz").path

    func files(_ folder: String) -> [String] {
        let dir = "\(Self.root)/\(folder)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { "\(dir)/\($0)" }
    }

    @Test func corpusNeverTraps() throws {
        let crashes = files("crashes")
        #expect(!files("csv").isEmpty)
        for f in files("csv") + crashes.filter({ $0.contains("/csv-") }) {
            _ = try? PointReader.read(path: f, options: PointReadOptions(weight: "w", category: "c"))
            _ = try? CSVTable(path: f)
        }
        #expect(!files("geojson").isEmpty)
        let named = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-corpus-\(getpid()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: named) }
        for f in files("geojson") + crashes.filter({ $0.contains("/geojson-") }) {
            // The reader is chosen by the extension, which a saved crash does not have.
            try? FileManager.default.removeItem(atPath: named)
            try FileManager.default.copyItem(atPath: f, toPath: named)
            _ = try? VectorReader.read(path: named)
        }
        for f in files("style") + crashes.filter({ $0.contains("/style-") }) { _ = try? MapStyle.load(f) }
        for f in files("units") + crashes.filter({ $0.contains("/units-") }) { _ = try? UnitConfig.load(f) }
        for f in files("index") + crashes.filter({ $0.contains("/index-") }) { _ = try? IndexConfig.load(f) }
    }
}
