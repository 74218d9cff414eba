import Foundation
import GeoCore

/// Where the TileOffsets and TileByteCounts arrays of a GeoTIFF's first image sit (found in
/// its first directory, `TIFFDirectory`), so tiles compressed by us can be appended to a file
/// GDAL laid out (every tag, GeoKey and metadata item its own) with no tile written.
struct TIFFTileTable {
    let path: String
    let count: Int
    private let offsets: TIFFDirectory.Entry
    private let byteCounts: TIFFDirectory.Entry

    init(path: String, handle: FileHandle) throws {
        self.path = path
        let dir = try TIFFDirectory(path: path, handle: handle)
        guard let o = dir.entry(324), let c = dir.entry(325), o.count == c.count else {
            throw HinterlandError(path, "TIFF has no tile offsets and byte counts")
        }
        for (tag, e) in [(324, o), (325, c)] where ![3, 4, 16].contains(e.type) {
            throw HinterlandError(path, "TIFF tag \(tag) has type \(e.type)")
        }
        offsets = o
        byteCounts = c
        count = o.count
    }

    /// Writes the tiles' offsets and byte counts (tile order: band, row, column).
    func patch(_ handle: FileHandle, offsets tileOffsets: [UInt64], byteCounts tileCounts: [UInt64]) throws {
        precondition(tileOffsets.count == count && tileCounts.count == count)
        for (field, values) in [(offsets, tileOffsets), (byteCounts, tileCounts)] {
            let limit = field.width == 8 ? UInt64.max : (UInt64(1) << (8 * UInt64(field.width))) - 1
            guard values.allSatisfy({ $0 <= limit }) else {
                throw HinterlandError(path, "tile offsets do not fit the TIFF's \(field.width)-byte fields (file too large for classic TIFF)")
            }
            var bytes = [UInt8](repeating: 0, count: count * field.width)
            for (k, v) in values.enumerated() {
                for b in 0..<field.width { bytes[k * field.width + b] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(b))) }
            }
            try handle.seek(toOffset: field.at)
            try handle.write(contentsOf: bytes)
        }
    }
}
