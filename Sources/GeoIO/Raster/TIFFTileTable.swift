import Foundation
import GeoCore

/// The TileOffsets and TileByteCounts arrays of a GeoTIFF's first image, found by reading its
/// header and first directory (TIFF 6.0 §2, BigTIFF), so tiles compressed by us can be appended
/// to a file GDAL laid out (every tag, GeoKey and metadata item its own) with no tile written.
/// Little-endian files only, as GDAL writes them on every platform this runs on.
struct TIFFTileTable {
    let path: String
    let count: Int
    private let offsets: Field
    private let byteCounts: Field

    /// Where an array's values sit, and in which integer type (3 SHORT, 4 LONG, 16 LONG8).
    private struct Field {
        var type: Int
        var count: Int
        var at: UInt64
        var width: Int { type == 3 ? 2 : type == 4 ? 4 : 8 }
        var limit: UInt64 { type == 3 ? UInt64(UInt16.max) : type == 4 ? UInt64(UInt32.max) : UInt64.max }
    }

    init(path: String, handle: FileHandle) throws {
        self.path = path
        func read(_ at: UInt64, _ n: Int) throws -> [UInt8] {
            try handle.seek(toOffset: at)
            guard let d = try handle.read(upToCount: n), d.count == n else { throw HinterlandError(path, "TIFF directory truncated at byte \(at)") }
            return [UInt8](d)
        }
        func int(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
            (0..<n).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
        }
        let head = try read(0, 16)
        guard head[0] == 0x49, head[1] == 0x49 else { throw HinterlandError(path, "not a little-endian TIFF") }
        let big = int(head, 2, 2) == 43
        let ifd = big ? int(head, 8, 8) : int(head, 4, 4)
        let entries = Int(int(try read(ifd, big ? 8 : 2), 0, big ? 8 : 2))
        let size = big ? 20 : 12, first = ifd + (big ? 8 : 2)
        let dir = try read(first, entries * size)
        var found: [Int: Field] = [:]
        for k in 0..<entries {
            let e = k * size
            let tag = Int(int(dir, e, 2))
            guard tag == 324 || tag == 325 else { continue }
            let type = Int(int(dir, e + 2, 2))
            let n = Int(int(dir, e + 4, big ? 8 : 4))
            guard type == 3 || type == 4 || type == 16 else { throw HinterlandError(path, "TIFF tag \(tag) has type \(type)") }
            var f = Field(type: type, count: n, at: 0)
            let valueAt = first + UInt64(e + (big ? 12 : 8))
            // Arrays that fit the entry's value field are stored in it, others at its offset.
            f.at = n * f.width <= (big ? 8 : 4) ? valueAt : int(dir, e + (big ? 12 : 8), big ? 8 : 4)
            found[tag] = f
        }
        guard let o = found[324], let c = found[325], o.count == c.count else {
            throw HinterlandError(path, "TIFF has no tile offsets and byte counts")
        }
        offsets = o
        byteCounts = c
        count = o.count
    }

    /// Writes the tiles' offsets and byte counts (tile order: band, row, column).
    func patch(_ handle: FileHandle, offsets tileOffsets: [UInt64], byteCounts tileCounts: [UInt64]) throws {
        precondition(tileOffsets.count == count && tileCounts.count == count)
        for (field, values) in [(offsets, tileOffsets), (byteCounts, tileCounts)] {
            guard values.allSatisfy({ $0 <= field.limit }) else {
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
