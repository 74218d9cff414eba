import Foundation
import GeoCore
import GeoIO
import Kernels

/// Zonal statistics of a raster with exact cell-coverage fractions (the exactextract
/// method): each cell counts with the fraction of its area inside the zone. Zones are
/// reprojected to the raster's CRS; each zone reads only its own window, so rasters larger
/// than memory work (one zone's window at a time).
public enum ZonalAnalysis {
    public static let statistics = ["count", "sum", "mean", "min", "max", "stdev"]

    /// `prefetch`, when given, is the raster being read in the background (its values are
    /// waited for only once the zones are projected).
    public static func run(raster: RasterSource, zones: [Zone], prefetch: RasterPrefetch? = nil) throws -> [ZonalStatistics] {
        let tf = try CoordinateTransform(from: .wgs84, to: raster.crs)
        let projected = project(zones.map(\.geometry), with: tf)
        // A raster that fits in memory is read once and the zones run in parallel; a larger
        // one is read window by window, zone after zone.
        if let all = try prefetch?.values() ?? raster.readAll() {
            var out = [ZonalStatistics](repeating: ZonalStatistics(), count: zones.count)
            out.withUnsafeMutableBufferPointer { o in
                all.withUnsafeBufferPointer { a in
                    Parallel.forEach(zones.count) { i in
                        guard let p = projected[i], let w = window(p, raster) else { return }
                        // The window is read in place from the whole raster: no copy.
                        var s = ZonalStatistics()
                        s.add(a.baseAddress! + w.row * raster.width + w.col, rowStride: raster.width, width: w.width, height: w.height,
                              coverage: w.coverage, nodata: raster.nodata)
                        o[i] = s
                    }
                }
            }
            return out
        }
        var out = [ZonalStatistics]()
        for p in projected {
            guard let p, let w = window(p, raster) else { out.append(ZonalStatistics()); continue }
            out.append(statistics(try raster.read(col: w.col, row: w.row, width: w.width, height: w.height), w, raster.nodata))
        }
        return out
    }

    /// All zones' vertices through the transformation in one call (both cores for large sets).
    static func project(_ geometries: [Geometry?], with tf: CoordinateTransform) -> [Geometry?] {
        var xs = [Double](), ys = [Double]()
        for g in geometries { if let g { xs += g.xs; ys += g.ys } }
        tf.apply(xs: &xs, ys: &ys)
        var at = 0
        return geometries.map { g in
            g.map { g in
                var p = g
                p.xs = Array(xs[at..<(at + g.xs.count)]); p.ys = Array(ys[at..<(at + g.ys.count)])
                at += g.xs.count
                return p
            }
        }
    }

    struct Window { var col, row, width, height: Int; var coverage: [Double] }

    static func statistics(_ values: [Float], _ w: Window, _ nodata: Float?) -> ZonalStatistics {
        var s = ZonalStatistics()
        values.withUnsafeBufferPointer { s.add(values: $0, coverage: w.coverage, nodata: nodata) }
        return s
    }

    /// The raster window a zone (in the raster's CRS) touches, with each cell's coverage.
    static func window(_ p: Geometry, _ raster: RasterSource) -> Window? {
        let gt = raster.geoTransform
        do {
            // Pixel coordinates: column = (x − x0)/dx, row = (y − y0)/dy (dy < 0).
            var px = p.xs.map { ($0 - gt[0]) / gt[1] }, py = p.ys.map { ($0 - gt[3]) / gt[5] }
            var box = BoundingBox.empty
            for i in 0..<px.count where px[i].isFinite && py[i].isFinite { box.extend(x: px[i], y: py[i]) }
            let c0 = max(Int(box.minX.rounded(.down)), 0), c1 = min(Int(box.maxX.rounded(.up)), raster.width)
            let r0 = max(Int(box.minY.rounded(.down)), 0), r1 = min(Int(box.maxY.rounded(.up)), raster.height)
            guard !box.isEmpty, c0 < c1, r0 < r1 else { return nil }
            for i in 0..<px.count { px[i] -= Double(c0); py[i] -= Double(r0) }
            let cov = CoverageFraction.fractions(xs: px, ys: py, partOffsets: p.partOffsets, polygonOffsets: p.polygonOffsets,
                                                 width: c1 - c0, height: r1 - r0)
            return Window(col: c0, row: r0, width: c1 - c0, height: r1 - r0, coverage: cov)
        }
    }

    /// CSV: zone, name, then the requested statistics.
    public static func csv(zones: [Zone], stats: [ZonalStatistics], columns: [String]) -> String {
        var text = (["zone", "name"] + columns).joined(separator: ",") + "\n"
        for (z, s) in zip(zones, stats) {
            let cells = columns.map { c -> String in
                let v: Double
                switch c {
                case "count": v = s.count
                case "sum": v = s.sum
                case "mean": v = s.mean
                case "min": v = s.count > 0 ? s.min : .nan
                case "max": v = s.count > 0 ? s.max : .nan
                default: v = s.stdev
                }
                return v.isFinite ? String(format: "%.10g", v) : ""
            }
            text += ([z.code, z.name].map(CSVField.escape) + cells).joined(separator: ",") + "\n"
        }
        return text
    }
}
