import Dispatch
import GeoCore

/// A raster's whole band read on a background thread while the caller prepares the rest
/// (zones, transformations): the decode overlaps work that does not need the values.
/// The source must not be used by the caller until `values()` returns.
public final class RasterPrefetch: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<[Float]?, Error> = .success(nil)

    public init(_ source: RasterSource, limit: Int = 1 << 30) {
        group.enter()
        let box = SourceBox(source: source)
        DispatchQueue.global().async {
            self.result = Result { try box.source.readAll(limit: limit) }
            self.group.leave()
        }
    }

    /// The band (nil when it exceeds the limit: read by windows instead).
    public func values() throws -> [Float]? {
        group.wait()
        return try result.get()
    }
}

/// The source handed to the reading thread, which alone uses it until the read ends.
private struct SourceBox: @unchecked Sendable { let source: RasterSource }
