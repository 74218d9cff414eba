import Foundation
import GeoCore

/// Which features of a polygon file GEOS found invalid, and each feature's geodesic area,
/// remembered per file so that the validity check and the areas (the costliest steps of
/// loading full-resolution zones) are computed once per file version. An entry is keyed by
/// the file's absolute path, layer, size and modification time (nanoseconds), or a database
/// table's by a hash of its geometries, and by the rules' version; any change makes a new
/// key, so a stale verdict is never used. Entries live in `$XDG_CACHE_HOME/hinterland/validity` (else
/// `~/.cache/hinterland/validity`), one small file each, written to a temporary name and
/// renamed, so concurrent runs never read half an entry. A cache that cannot be written
/// (read-only, full, missing home) is skipped silently: it only ever saves time.
public struct ValidityCache: Sendable {
    /// Bump when what counts as invalid, or the entry format, changes.
    static let rulesVersion = "geos-isvalid-karney-area-1"

    public let directory: String?

    /// The cache in `directory`, or in the user's cache folder when nil.
    public init(directory: String? = nil) {
        self.directory = directory ?? ValidityCache.defaultDirectory()
    }

    /// A cache that remembers nothing.
    public static let disabled = ValidityCache(noDirectory: ())
    private init(noDirectory: Void) { directory = nil }

    static func defaultDirectory() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CACHE_HOME"], x.hasPrefix("/") { return x + "/hinterland/validity" }
        if let h = env["HOME"], !h.isEmpty { return h + "/.cache/hinterland/validity" }
        return nil
    }

    /// The key of a file's current version, or nil when it is not a plain file (a database
    /// connection, a URL, a folder): such sources are keyed by content (`key(contentOf:)`).
    public static func key(path: String, layer: String?) -> String? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return "\(rulesVersion)\n\(absolute)\n\(layer ?? "")\n\(st.st_size)\n\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)\n\(st.st_ino)"
    }

    /// The key of a source that is not a plain file (a PostGIS table, a URL): the layer and a
    /// hash of every feature's geometry in order, so any change to the polygons (or their
    /// order) makes a new key. The connection string stays out (it may hold a password).
    public static func key(contentOf geometries: [Geometry?], layer: String?) -> String {
        var hashes = [UInt64](repeating: 0, count: geometries.count)
        hashes.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(geometries.count) { i in
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                func mix(_ w: UInt64) { h = (h ^ w) &* 0x0000_0100_0000_01b3; h ^= h >> 29 }
                guard let g = geometries[i] else { out[i] = h; return }
                mix(UInt64(g.xs.count)); mix(UInt64(g.partOffsets.count)); mix(UInt64(g.polygonOffsets.count))
                for k in g.xs.indices { mix(g.xs[k].bitPattern); mix(g.ys[k].bitPattern) }
                for o in g.partOffsets { mix(UInt64(o)) }
                for o in g.polygonOffsets { mix(UInt64(o)) }
                out[i] = h
            }
        }
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for h in hashes { digest = (digest ^ h) &* 0x0000_0100_0000_01b3; digest ^= digest >> 29 }
        return "\(rulesVersion)\ncontent\n\(layer ?? "")\n\(geometries.count)\n\(String(digest, radix: 16))"
    }

    /// What is known of a file version: the invalid feature numbers (0-based) and the
    /// geodesic area in m² of every feature (after repair), in feature order.
    public struct Facts: Equatable, Sendable {
        public var invalid: [Int]
        public var areas: [Double]
        public init(invalid: [Int], areas: [Double]) { self.invalid = invalid; self.areas = areas }
    }

    /// The facts recorded for `key`, or nil when none (or a damaged entry).
    public func facts(key: String) -> Facts? {
        guard let file = entryPath(key), let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        // The entry repeats its key: a hash collision or a torn entry is a miss.
        guard text.hasPrefix(key + "\n"), text.hasSuffix("\n") else { return nil }
        let lines = text.dropFirst(key.count + 1).dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 2, lines[0].hasPrefix("invalid:"), lines[1].hasPrefix("area:") else { return nil }
        var invalid = [Int](), areas = [Double]()
        for s in lines[0].dropFirst("invalid:".count).split(separator: " ") { guard let n = Int(s), n >= 0 else { return nil }; invalid.append(n) }
        for s in lines[1].dropFirst("area:".count).split(separator: " ") { guard let a = Double(s), a.isFinite else { return nil }; areas.append(a) }
        return Facts(invalid: invalid, areas: areas)
    }

    /// Records the facts for `key`; silently does nothing when it cannot.
    public func record(key: String, _ facts: Facts) {
        guard let directory, let file = entryPath(key) else { return }
        // %.17g: the areas come back bit for bit.
        let text = key + "\ninvalid:" + facts.invalid.map { " \($0)" }.joined()
            + "\narea:" + facts.areas.map { " " + String(format: "%.17g", $0) }.joined() + "\n"
        let fm = FileManager.default
        guard (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return }
        let tmp = "\(file).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        guard fm.createFile(atPath: tmp, contents: Data(text.utf8)) else { return }
        if rename(tmp, file) != 0 { unlink(tmp) }
    }

    private func entryPath(_ key: String) -> String? {
        guard let directory else { return nil }
        // FNV-1a, 64 bits: a stable file name (Swift's hashValue is seeded per process).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return directory + "/" + String(h, radix: 16) + ".txt"
    }
}
