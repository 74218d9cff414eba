import Foundation
import GeoCore

/// The first image directory (IFD) of a little-endian TIFF or BigTIFF (TIFF 6.0 §2): each
/// tag's type, count and where its values sit, and its integer values on request. Enough to
/// find a GeoTIFF's tiles (to append ours, or to inflate them straight into a caller's rows)
/// without going through libtiff. GDAL writes little-endian files on every platform this
/// runs on; big-endian files are refused here and read through GDAL instead.
struct TIFFDirectory {
    let path: String
    private let entries: [Int: Entry]

    /// A tag's values: their integer type (1 BYTE, 3 SHORT, 4 LONG, 16 LONG8), how many,
    /// and the file offset of the first (in the entry itself when they fit there).
    struct Entry {
        var type: Int
        var count: Int
        var at: UInt64
        var width: Int { [1: 1, 3: 2, 4: 4, 16: 8][type] ?? 0 }
    }

    init(path: String, handle: FileHandle) throws {
        self.path = path
        let head = try Self.read(handle, path, at: 0, 16)
        guard head[0] == 0x49, head[1] == 0x49 else { throw HinterlandError(path, "not a little-endian TIFF") }
        let big = Self.int(head, 2, 2) == 43
        let ifd = big ? Self.int(head, 8, 8) : Self.int(head, 4, 4)
        let n = Int(Self.int(try Self.read(handle, path, at: ifd, big ? 8 : 2), 0, big ? 8 : 2))
        let size = big ? 20 : 12, first = ifd + (big ? 8 : 2)
        guard n > 0 && n < 4096 else { throw HinterlandError(path, "TIFF directory at byte \(ifd) has \(n) entries") }
        let dir = try Self.read(handle, path, at: first, n * size)
        var found: [Int: Entry] = [:]
        for k in 0..<n {
            let e = k * size
            var entry = Entry(type: Int(Self.int(dir, e + 2, 2)), count: Int(Self.int(dir, e + 4, big ? 8 : 4)), at: 0)
            let inline = big ? 8 : 4
            entry.at = entry.count * max(entry.width, 1) <= inline ? first + UInt64(e + 4 + inline) : Self.int(dir, e + 4 + inline, inline)
            found[Int(Self.int(dir, e, 2))] = entry
        }
        entries = found
    }

    func entry(_ tag: Int) -> Entry? { entries[tag] }

    /// The integer values of `tag`, nil if it is absent; an error if it is not an integer type.
    func integers(_ tag: Int, from handle: FileHandle) throws -> [UInt64]? {
        guard let e = entries[tag] else { return nil }
        guard e.width > 0 else { throw HinterlandError(path, "TIFF tag \(tag) has type \(e.type), not an integer type") }
        let bytes = try Self.read(handle, path, at: e.at, e.count * e.width)
        return (0..<e.count).map { Self.int(bytes, $0 * e.width, e.width) }
    }

    /// The single integer value of `tag`, or nil when it is absent.
    func integer(_ tag: Int, from handle: FileHandle) throws -> UInt64? {
        try integers(tag, from: handle)?.first
    }

    static func read(_ handle: FileHandle, _ path: String, at: UInt64, _ n: Int) throws -> [UInt8] {
        try handle.seek(toOffset: at)
        guard let d = try handle.read(upToCount: n), d.count == n else { throw HinterlandError(path, "TIFF directory truncated at byte \(at)") }
        return [UInt8](d)
    }

    /// The little-endian integer of `n` bytes at `at`.
    static func int(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
        (0..<n).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }
}
