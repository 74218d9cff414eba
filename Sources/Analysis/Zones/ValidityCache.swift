import Foundation

/// Which features of a polygon file GEOS found invalid, remembered per file so that the
/// validity check (the costliest step of loading full-resolution zones) runs once per file
/// version. An entry is keyed by the file's absolute path, layer, size and modification time
/// (nanoseconds) and by the rules' version; any change makes a new key, so a stale verdict is
/// never used. Entries live in `$XDG_CACHE_HOME/hinterland/validity` (else
/// `~/.cache/hinterland/validity`), one small file each, written to a temporary name and
/// renamed, so concurrent runs never read half an entry. A cache that cannot be written
/// (read-only, full, missing home) is skipped silently: it only ever saves time.
public struct ValidityCache: Sendable {
    /// Bump when what counts as invalid, or the entry format, changes.
    static let rulesVersion = "geos-isvalid-1"

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
    /// connection, a URL, a folder): such sources are checked every time.
    public static func key(path: String, layer: String?) -> String? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return "\(rulesVersion)\n\(absolute)\n\(layer ?? "")\n\(st.st_size)\n\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)\n\(st.st_ino)"
    }

    /// The invalid feature numbers (0-based) recorded for `key`, or nil when not known.
    public func invalidFeatures(key: String) -> [Int]? {
        guard let file = entryPath(key), let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        // The entry repeats its key: a hash collision or a torn entry is a miss.
        guard text.hasPrefix(key + "\n") else { return nil }
        let rest = text.dropFirst(key.count + 1)
        guard rest.hasPrefix("invalid:"), rest.hasSuffix("\n") else { return nil }
        let list = rest.dropFirst("invalid:".count).dropLast().split(separator: " ")
        var out = [Int]()
        for s in list { guard let n = Int(s), n >= 0 else { return nil }; out.append(n) }
        return out
    }

    /// Records the invalid feature numbers for `key`; silently does nothing when it cannot.
    public func record(key: String, invalid: [Int]) {
        guard let directory, let file = entryPath(key) else { return }
        let text = key + "\ninvalid:" + invalid.map { " \($0)" }.joined() + "\n"
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
