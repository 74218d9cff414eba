import Foundation
import GeoCore

/// Reads a point layer from a delimited text file (by extension: .csv, .tsv, .txt) or any
/// OGR source, and brings it to WGS84 longitude/latitude.
///
/// Rows with missing, non-numeric, infinite or out-of-range coordinates are skipped and
/// counted (`PointSet.skipReport`); `strict` makes the first one an error. Points that only
/// make sense with longitude and latitude swapped are counted for a hint.
public enum PointReader {
    public static func read(path: String, options: PointReadOptions = PointReadOptions()) throws -> PointSet {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) || DataSource.isConnection(path) else {
            throw HinterlandError(path, "no such file")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        var set: PointSet
        var crs: CRS
        if ["csv", "tsv", "txt"].contains(ext) && !isDir.boolValue {
            guard FileManager.default.isReadableFile(atPath: path) else { throw HinterlandError(path, "file is not readable (permission denied)") }
            set = try CSVPointReader.read(path: path, options: options)
            crs = options.inputCRS ?? .wgs84
        } else {
            (set, crs) = try OGRPointReader.read(path: path, options: options)
        }
        if crs != .wgs84 {
            let t = try CoordinateTransform(from: crs, to: .wgs84)
            t.apply(xs: &set.xs, ys: &set.ys)
        }
        try dropOutOfRange(&set, strict: options.strict)
        return set
    }

    /// Removes points outside [-180, 180] × [-90, 90] (or not transformable), counting them.
    static func dropOutOfRange(_ set: inout PointSet, strict: Bool) throws {
        var keep = 0
        for i in 0..<set.xs.count {
            let x = set.xs[i], y = set.ys[i]
            if x.isFinite && y.isFinite && abs(x) <= 180 && abs(y) <= 90 {
                set.xs[keep] = x; set.ys[keep] = y
                if set.weights != nil { set.weights![keep] = set.weights![i] }
                if set.categories != nil { set.categories![keep] = set.categories![i] }
                keep += 1
            } else {
                if strict { throw HinterlandError(set.source, "point \(i + 1) has coordinates out of range (\(x), \(y))") }
                if abs(y) > 90 && abs(x) <= 90 && abs(y) <= 180 { set.swappedLooking += 1 }
                set.skip("point \(i + 1), coordinates out of range (\(x), \(y))")
            }
        }
        set.xs.removeLast(set.xs.count - keep); set.ys.removeLast(set.ys.count - keep)
        if set.weights != nil { set.weights!.removeLast(set.weights!.count - keep) }
        if set.categories != nil { set.categories!.removeLast(set.categories!.count - keep) }
    }
}
