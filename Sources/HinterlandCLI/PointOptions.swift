import ArgumentParser
import Foundation
import GeoCore
import GeoIO

/// `--points PATH` and how to read it; shared by stats and density.
struct PointOptions: ParsableArguments {
    @Option(name: .long, help: "Point layer: CSV/TSV with coordinate columns, or any OGR vector source.")
    var points: String

    @Option(name: .long, help: "CSV longitude column (default: lon, lng, longitude, 经度 …).")
    var lon: String?

    @Option(name: .long, help: "CSV latitude column (default: lat, latitude, 纬度 …).")
    var lat: String?

    @Option(name: .long, help: "Numeric field weighting each point (default: each point counts 1).")
    var weight: String?

    @Option(name: .long, help: "CRS of the points: EPSG code, WKT, PROJ string, gcj02 or bd09 (default: WGS84, or the layer's CRS).")
    var inputCRS: String?

    @Option(name: .long, help: "Text encoding of a CSV: utf-8, gbk or gb18030 (default: detected).")
    var encoding: String?

    @Option(name: .long, help: "Layer of a multi-layer source.")
    var pointLayer: String?

    @Flag(name: .long, help: "Fail on the first bad row instead of skipping it.")
    var strict = false

    /// A delimited file too large to hold comfortably (or any, with HINTERLAND_STREAM_POINTS=1)
    /// as a stream read a block at a time; nil: read the layer whole.
    func stream(category: String? = nil) throws -> PointStream? {
        let env = ProcessInfo.processInfo.environment["HINTERLAND_STREAM_POINTS"]
        let size = (try? FileManager.default.attributesOfItem(atPath: points)[.size] as? Int) ?? 0
        let s = PointStream(path: points, options: PointReadOptions(lon: lon, lat: lat, weight: weight, category: category, inputCRS: inputCRS.map(CRS.init),
                                                                    encoding: try encoding.map(TextEncoding.init(name:)), layer: pointLayer, strict: strict))
        guard s.isDelimitedText, env != "0", env == "1" || size > 256 << 20 else { return nil }
        return s
    }

    /// The warnings `read` gives, for a layer read as a stream.
    func report(_ set: PointSet, count: Int) throws {
        if let r = set.skipReport { Diagnostics.warning("\(points): \(r)") }
        if set.swappedLooking > 0 {
            Diagnostics.warning("\(points): \(set.swappedLooking) points have latitude beyond ±90 but would be valid with longitude and latitude swapped; check --lon/--lat")
        }
        guard count > 0 else {
            throw HinterlandError(points, set.skipped > 0 ? "no usable points (\(set.skipReport!))" : "no points (empty layer or header only)")
        }
    }

    func read(category: String? = nil) throws -> PointSet {
        if let encoding { GDAL.assumeEncoding(try TextEncoding(name: encoding) == .gb18030 ? "CP936" : "UTF-8") }
        var opts = PointReadOptions(lon: lon, lat: lat, weight: weight, category: category, inputCRS: inputCRS.map(CRS.init),
                                    encoding: try encoding.map(TextEncoding.init(name:)), layer: pointLayer, strict: strict)
        let name = (points as NSString).lastPathComponent
        if isatty(2) != 0 {
            opts.progress = { f in FileHandle.standardError.write(Data(String(format: "\rreading %@: %3.0f%%", name, f * 100).utf8)) }
        }
        let set = try PointReader.read(path: points, options: opts)
        if isatty(2) != 0 { FileHandle.standardError.write(Data("\rreading \(name): done, \(set.count) points\n".utf8)) }
        if let r = set.skipReport { Diagnostics.warning("\(points): \(r)") }
        if set.swappedLooking > 0 {
            Diagnostics.warning("\(points): \(set.swappedLooking) points have latitude beyond ±90 but would be valid with longitude and latitude swapped; check --lon/--lat")
        }
        guard set.count > 0 else {
            throw HinterlandError(points, set.skipped > 0 ? "no usable points (\(set.skipReport!))" : "no points (empty layer or header only)")
        }
        return set
    }
}
