import CGDAL
import Foundation
import GeoCore

/// One-time GDAL set-up and the error channel.
///
/// GDAL reports problems through a process-wide error handler. Ours records them instead of
/// printing, so every failure can be turned into a `HinterlandError` that names the file and
/// GDAL's own message, and warnings can be shown once, prefixed, by the CLI.
public enum GDAL {
    private static let setUp: Void = {
        GDALAllRegister()
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0")   // no 200 MB cap on GeoJSON objects
        if getenv("GDAL_NUM_THREADS") == nil {                 // multi-threaded tile decoding (GTiff)
            CPLSetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS")
        }
        // Rasters are read once, top to bottom, in bands (and written past the cache): a
        // large block cache would only hold decoded tiles no one reads again, in fresh memory
        // that costs 1–4 s per GB to fault in on a VM. A window read raises it to hold its blocks.
        if getenv("GDAL_CACHEMAX") == nil { CPLSetConfigOption("GDAL_CACHEMAX", "8") }
        // Uncompressed GeoTIFFs are read straight from the file into the caller's buffer, not
        // strip by strip through the block cache: a 1 km friction raster (110 MB, one-row
        // strips) loads in 0.12 s instead of 0.32 s. Compressed files are not affected.
        if getenv("GTIFF_DIRECT_IO") == nil { CPLSetConfigOption("GTIFF_DIRECT_IO", "YES") }
        _ = CPLSetErrorHandler { cls, _, msg in
            let text = msg.map { String(cString: $0) } ?? ""
            if cls.rawValue < CE_Failure.rawValue { ErrorLog.shared.record(warning: text) }
        }
    }()

    /// Makes GDAL's block cache at least `bytes` (unless the user set GDAL_CACHEMAX): what a
    /// window read needs so that all its blocks decode at once, on all cores.
    public static func ensureBlockCache(bytes: Int) {
        initialize()
        guard getenv("GDAL_CACHEMAX") == nil, GDALGetCacheMax64() < Int64(bytes) else { return }
        GDALSetCacheMax64(Int64(bytes))
    }

    /// Registers drivers and installs the error handler (idempotent, thread-safe).
    public static func initialize() { _ = setUp }

    /// Forgets recorded messages; call before an operation whose errors you want to read.
    public static func clearErrors() {
        initialize()
        CPLErrorReset()
        ErrorLog.shared.clear()
    }

    /// The last failure GDAL recorded on this thread (GDAL keeps it per thread), or `fallback`.
    public static func lastError(or fallback: String) -> String {
        let m = failureSinceClear ?? ""
        return m.isEmpty ? fallback : m.replacingOccurrences(of: "\n", with: " ")
    }

    /// The message of a failure on this thread since the last `clearErrors`, if any.
    static var failureSinceClear: String? {
        guard CPLGetLastErrorType().rawValue >= CE_Failure.rawValue else { return nil }
        return String(cString: CPLGetLastErrorMsg())
    }

    /// Warnings recorded since the last `clearErrors`, oldest first, then forgotten.
    public static func takeWarnings() -> [String] { ErrorLog.shared.takeWarnings() }

    /// The text encoding to assume for inputs that declare none (e.g. a shapefile without a .cpg):
    /// "CP936" for GBK/GB18030, "UTF-8"; nil detects.
    public static func assumeEncoding(_ name: String?) { Dataset.declaredEncoding = name }

    /// The GDAL release, e.g. "3.6.2".
    public static var version: String {
        initialize()
        return String(cString: GDALVersionInfo("RELEASE_NAME"))
    }
}

/// Warnings recorded by the error handler (any thread). Failures are read from GDAL's own
/// per-thread last-error state instead, so concurrent work cannot see each other's errors.
final class ErrorLog: @unchecked Sendable {
    static let shared = ErrorLog()
    private let lock = NSLock()
    private var warnings: [String] = []

    func record(warning text: String) {
        lock.lock(); defer { lock.unlock() }
        if warnings.count < 100 { warnings.append(text) }
    }

    func clear() {
        lock.lock(); defer { lock.unlock() }
        warnings = []
    }

    func takeWarnings() -> [String] {
        lock.lock(); defer { lock.unlock() }
        let w = warnings; warnings = []
        return w
    }
}

/// A GDAL string list (`char **`), freed when dropped.
final class StringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ pairs: [(String, String)] = []) {
        for (k, v) in pairs { set(k, v) }
    }

    /// The same list as `const char * const *`, for the APIs declared that way.
    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        UnsafeRawPointer(pointer).map { $0.assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }

    func set(_ key: String, _ value: String) { pointer = CSLSetNameValue(pointer, key, value) }

    /// A list of plain strings (not name=value pairs).
    convenience init(names: [String]) {
        self.init()
        for n in names { pointer = CSLAddString(pointer, n) }
    }

    /// The list as `const char **`.
    var mutableConstPointer: UnsafeMutablePointer<UnsafePointer<CChar>?>? {
        UnsafeMutableRawPointer(pointer).map { $0.assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }

    deinit { CSLDestroy(pointer) }
}
