import Analysis
import Foundation

/// One builder for all tests in this target (reading the GeoPackage once).
enum Shared {
    static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GeoData").path
    }()
    nonisolated(unsafe) static let builder: ZoneSetBuilder = try! ZoneSetBuilder(data: try! EmbeddedData(root: root))
    static let lock = NSLock()

    /// Builders cache layers and are not thread-safe; tests run in parallel.
    static func with<T>(_ body: (ZoneSetBuilder) throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body(builder)
    }
}
