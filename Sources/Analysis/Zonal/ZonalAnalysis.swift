import Foundation
import GeoCore
import GeoIO
import Kernels

/// Zonal statistics of a raster with exact cell-coverage fractions (the exactextract
/// method): each cell counts with the fraction of its area inside the zone. Zones are
/// reprojected to the raster's CRS. The raster is read once, top to bottom, in bands of
/// block rows (two bands in memory, whatever its size); each zone adds the rows of its
/// window that a band holds, in row order, so its sums are those of one pass over its window.
public enum ZonalAnalysis {
    public static let statistics = ["count", "sum", "mean", "min", "max", "stdev"]

    /// `bands`, when given, is the reader already decoding the raster's first band (made
    /// before the zones were loaded); otherwise one is made here. `sumsOnly`: only count, sum
    /// and mean are wanted (min, max and stdev are left unset), which is cheaper.
    public static func run(raster: RasterSource, zones: [Zone], bands: RasterBandReader? = nil, sumsOnly: Bool = false) throws -> [ZonalStatistics] {
        let reader = bands ?? RasterBandReader(raster)
        let tf = try CoordinateTransform(from: .wgs84, to: raster.crs)
        let windows = windows(of: zones.map(\.geometry), projectedBy: tf, onto: raster)
        // Bands after the first (already decoding) read only the columns some window reaches.
        reader.restrict((0..<reader.bandCount).map { columns(of: windows, rows: reader.range($0)) })
        var out = [ZonalStatistics](repeating: ZonalStatistics(), count: zones.count)
        // Zones by first row: each band takes the zones whose windows reach it.
        let order = windows.indices.filter { windows[$0] != nil }.sorted { windows[$0]!.row < windows[$1]!.row }
        var next = 0, active = [Int]()
        try out.withUnsafeMutableBufferPointer { o in
            let results = UncheckedSendable(o)
            try reader.forEachBand { rows, values in
                while next < order.count && windows[order[next]]!.row < rows.upperBound { active.append(order[next]); next += 1 }
                active.removeAll { windows[$0]!.row + windows[$0]!.height <= rows.lowerBound }
                // Largest windows first, so the cores finish together.
                let work = active.sorted { windows[$0]!.width * windows[$0]!.height > windows[$1]!.width * windows[$1]!.height }
                Parallel.forEach(work.count) { j in
                    let i = work[j], w = windows[i]!
                    let r0 = max(w.row, rows.lowerBound), r1 = min(w.row + w.height, rows.upperBound)
                    guard r0 < r1 else { return }
                    let window = values.baseAddress! + (r0 - rows.lowerBound) * raster.width + w.col
                    if sumsOnly {
                        // No coverage grid: the sums are taken as the coverage is made.
                        let s = w.coveredSums(rows: r0..<r1, values: window, rowStride: raster.width, nodata: raster.nodata)
                        results.value[i].count += s.count
                        results.value[i].sum += s.sum
                    } else {
                        let cov = w.coverage(rows: r0..<r1)
                        results.value[i].add(window, rowStride: raster.width, width: w.width, height: r1 - r0, coverage: cov, nodata: raster.nodata)
                    }
                }
            }
        }
        return out
    }

    /// The column ranges the windows reaching `rows` cover, merged, in order.
    static func columns(of windows: [Window?], rows: Range<Int>) -> [Range<Int>] {
        let spans = windows.compactMap { w -> Range<Int>? in
            guard let w, w.row < rows.upperBound, w.row + w.height > rows.lowerBound else { return nil }
            return w.col..<(w.col + w.width)
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for s in spans {
            if let last = merged.last, s.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, s.upperBound)
            } else {
                merged.append(s)
            }
        }
        return merged
    }

    /// The raster window of every zone: all zones' vertices go through the transformation in
    /// one call (on both cores), then the windows are cut out zone by zone, also on both cores.
    static func windows(of geometries: [Geometry?], projectedBy tf: CoordinateTransform, onto raster: RasterSource) -> [Window?] {
        var starts = [Int](), total = 0
        for g in geometries { starts.append(total); total += g?.xs.count ?? 0 }
        func gathered(_ coordinate: KeyPath<Geometry, [Double]>) -> [Double] {
            [Double](unsafeUninitializedCapacity: total) { b, n in
                for (g, s) in zip(geometries, starts) { if let g { _ = UnsafeMutableBufferPointer(rebasing: b[s...]).initialize(from: g[keyPath: coordinate]) } }
                n = total
            }
        }
        var xs = gathered(\.xs), ys = gathered(\.ys)
        tf.apply(xs: &xs, ys: &ys)
        var out = [Window?](repeating: nil, count: geometries.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeBufferPointer { y in out.withUnsafeMutableBufferPointer { o in
            Parallel.forEach(geometries.count) { i in
                guard let g = geometries[i] else { return }
                let r = starts[i]..<(starts[i] + g.xs.count)
                o[i] = window(xs: UnsafeBufferPointer(rebasing: x[r]), ys: UnsafeBufferPointer(rebasing: y[r]), g, raster)
            }
        } } }
        return out
    }

    /// The raster window a zone touches, and the zone in pixel units: x from the window's
    /// first column, y from the raster's first row.
    struct Window {
        var col, row, width, height: Int
        var px, py: [Double]
        var partOffsets, polygonOffsets: [Int]

        /// Coverage of the window's cells in `rows` (raster rows), row-major.
        func coverage(rows: Range<Int>) -> [Double] {
            CoverageFraction.fractions(xs: px, ys: py.map { $0 - Double(rows.lowerBound) }, partOffsets: partOffsets,
                                       polygonOffsets: polygonOffsets, width: width, height: rows.count)
        }

        /// Σ coverage and Σ coverage·value of the window's cells in `rows`, whose values start
        /// at `values` (the window's first cell of rows.lowerBound), `rowStride` apart.
        func coveredSums(rows: Range<Int>, values: UnsafePointer<Float>, rowStride: Int, nodata: Float?) -> (count: Double, sum: Double) {
            CoverageFraction.coveredSums(xs: px, ys: py.map { $0 - Double(rows.lowerBound) }, partOffsets: partOffsets,
                                         polygonOffsets: polygonOffsets, width: width, height: rows.count,
                                         values: values, rowStride: rowStride, nodata: nodata)
        }
    }

    /// The raster window of a zone whose vertices (in the raster's CRS) are `xs`, `ys`; nil if
    /// it touches none of the raster.
    static func window(xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>, _ p: Geometry, _ raster: RasterSource) -> Window? {
        let gt = raster.geoTransform
        // Pixel coordinates: column = (x − x0)/dx, row = (y − y0)/dy (dy < 0).
        var px = xs.map { ($0 - gt[0]) / gt[1] }
        let py = ys.map { ($0 - gt[3]) / gt[5] }
        var box = BoundingBox.empty
        for i in 0..<px.count where px[i].isFinite && py[i].isFinite { box.extend(x: px[i], y: py[i]) }
        guard !box.isEmpty else { return nil }
        let c0 = max(Int(box.minX.rounded(.down)), 0), c1 = min(Int(box.maxX.rounded(.up)), raster.width)
        let r0 = max(Int(box.minY.rounded(.down)), 0), r1 = min(Int(box.maxY.rounded(.up)), raster.height)
        guard c0 < c1, r0 < r1 else { return nil }
        for i in 0..<px.count { px[i] -= Double(c0) }
        return Window(col: c0, row: r0, width: c1 - c0, height: r1 - r0, px: px, py: py,
                      partOffsets: p.partOffsets, polygonOffsets: p.polygonOffsets)
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
            text += ([z.code, z.name].map(CSVField.text) + cells).joined(separator: ",") + "\n"
        }
        return text
    }
}
