import Foundation
import GeoCore

/// A point layer read a block at a time, for layers too large to hold (10^8 points are 2.4 GB
/// as coordinates and weights): each block's points come as a `PointSet` in WGS84, with
/// the same rows skipped and the same order as `PointReader.read`, and are dropped after.
/// Delimited text is streamed; other sources are read whole and handed over as one block.
public struct PointStream: Sendable {
    public let path: String
    public let options: PointReadOptions
    /// Bytes read at a time from a delimited file.
    var blockSize = CSVPointReader.defaultBlockSize

    public init(path: String, options: PointReadOptions = PointReadOptions()) {
        self.path = path; self.options = options
    }

    /// Whether the layer is delimited text (read in blocks; anything else is read whole).
    public var isDelimitedText: Bool {
        ["csv", "tsv", "txt"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Calls `body` with each block's points in file order (categories numbered across the
    /// whole layer, `categoryNames` growing block by block). Returns the layer's account:
    /// a `PointSet` without points whose `skipped`, `firstSkip`, `swappedLooking` and
    /// `categoryNames` are the whole layer's, and the number of points handed over.
    public func forEachBlock(_ body: (PointSet) throws -> Void) throws -> (account: PointSet, count: Int) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDelimitedText, !isDir.boolValue else {
            var all = try PointReader.read(path: path, options: options)
            try body(all)
            let n = all.count
            all.xs = []; all.ys = []; all.weights = all.weights.map { _ in [] }; all.categories = all.categories.map { _ in [] }
            return (all, n)
        }
        guard FileManager.default.isReadableFile(atPath: path) else { throw HinterlandError(path, "file is not readable (permission denied)") }
        let crs = options.inputCRS ?? .wgs84
        let transform = crs != .wgs84 ? try CoordinateTransform(from: crs, to: .wgs84) : nil
        var count = 0, skipped = 0, firstSkip: String?, swapped = 0
        let account = try withoutActuallyEscaping(body) { body in try CSVPointReader.read(path: path, options: options, blockSize: blockSize) { block in
            if let transform { transform.apply(xs: &block.xs, ys: &block.ys) }
            // Out-of-range coordinates after a transform (the reader drops them before).
            let before = (block.skipped, block.firstSkip, block.swappedLooking)
            block.skipped = 0; block.firstSkip = nil; block.swappedLooking = 0
            try PointReader.dropOutOfRange(&block, strict: options.strict)
            if block.skipped > 0 && skipped == 0 { firstSkip = block.firstSkip }
            skipped += block.skipped; swapped += block.swappedLooking
            (block.skipped, block.firstSkip, block.swappedLooking) = before
            count += block.count
            try body(block)
        } }
        var out = account
        if out.skipped == 0 { out.firstSkip = firstSkip }
        out.skipped += skipped
        out.swappedLooking += swapped
        return (out, count)
    }
}
