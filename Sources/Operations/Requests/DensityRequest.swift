import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// Kernel density of a point layer on an equal-area grid (see `KernelDensity`).
public struct DensityRequest: Operation {
    public static let kind = "density"
    public var points = PointInput(path: "")
    public var cell = "1km"
    public var bandwidth = "20km"
    public var kernel = KernelShape.gaussian
    /// country, a zone set, or a polygon file; cells outside get nodata.
    public var clip: String?
    public var edgeCorrect = false
    public var units = DensityOptions.Units.perKm2
    public var crs: String?
    public var exact = false
    public var compress = RasterWriter.Compression.deflate
    /// Where the GeoTIFF goes, when the caller knows: the surface is then written while it is
    /// made (a band of rows at a time for grids too large to hold), not returned.
    public var output: String?

    public init() {}

    enum CodingKeys: String, CodingKey { case points, cell, bandwidth, kernel, clip, edgeCorrect, units, crs, exact, compress }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        points = try c.value(.points, points); cell = try c.value(.cell, cell); bandwidth = try c.value(.bandwidth, bandwidth)
        kernel = try c.value(.kernel, kernel); clip = try c.decodeIfPresent(String.self, forKey: .clip)
        edgeCorrect = try c.value(.edgeCorrect, edgeCorrect); units = try c.value(.units, units)
        crs = try c.decodeIfPresent(String.self, forKey: .crs); exact = try c.value(.exact, exact); compress = try c.value(.compress, compress)
    }

    /// The estimator's options, checked.
    public func options() throws -> DensityOptions {
        var o = DensityOptions()
        o.cell = try Self.length(cell, field: "cell")
        do { o.bandwidth = try DensityOptions.parseBandwidth(bandwidth) } catch { throw FieldError("bandwidth", bandwidth, "not a positive length (e.g. 20km, 5000m) or scott/silverman") }
        o.kernel = kernel; o.units = units; o.exact = exact; o.edgeCorrect = edgeCorrect
        if let crs {
            o.crs = CRS(crs)
            // Cell size and bandwidth are lengths in metres; degrees would make them meaningless.
            guard !o.crs.isGeographic else {
                throw FieldError("crs", crs, "is a geographic CRS (degrees); the grid needs a projected CRS in metres (an equal-area one such as the default China Albers keeps densities comparable)")
            }
        }
        return o
    }

    static func length(_ s: String, field: String) throws -> Double {
        do { return try DensityOptions.parseLength(s, what: field) } catch { throw FieldError(field, s, "not a positive length (e.g. 1km, 500m, 20000)") }
    }

    public func validate() throws {
        guard !points.path.isEmpty else { throw FieldError("points", nil, "give a point layer") }
        _ = try options()
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        let o = try options()
        var clock = Stopwatch("density")
        // The clip region loads (through GDAL) while the points are read; its error, if any, still comes first.
        let region = clip.map { name in Background { try ClipRegion.geometries(name, data: context.data) } }
        let regionName = clip.map { "the clip region \($0)" } ?? "China"
        let description = "kernel density (\(o.units.rawValue))"
        let start = Date()
        var out = OperationResult()
        let r: KernelDensity.Result
        if let output, case .fixed = o.bandwidth, let stream = try points.stream(category: nil) {
            // A layer too large to hold: read a block at a time (twice at most), the grid written as it is made.
            let clipGeometry = try region?.value()
            let index = PolygonIndex(zones: try (clipGeometry ?? context.data.countryOutline()).map { ($0.xs, $0.ys, $0.partOffsets) })
            var inside = false, account = PointSet(source: stream.path), count = 0
            let blocks: KernelDensity.Blocks = { body in
                (account, count) = try stream.forEachBlock { block in
                    if !inside {
                        var zone = [Int32](repeating: -1, count: block.count)
                        block.xs.withUnsafeBufferPointer { xp in block.ys.withUnsafeBufferPointer { yp in zone.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) } } }
                        inside = zone.contains { $0 >= 0 }
                    }
                    try body(block)
                }
            }
            r = try KernelDensity.write(blocks: blocks, options: o, clip: clipGeometry, to: output, description: description, compression: compress) { r in
                try points.report(account, count: count, context: context)
                guard inside else { throw HinterlandError(points.path, "none of the \(count) points falls in \(regionName); check the points' CRS and coordinate columns") }
                try Self.requirePositive(r, path: points.path, count: count)
            }
            out.written = [output]
        } else {
            let reading = Result { try context.points(points) }
            let clipGeometry = try region?.value()
            let pts = try reading.get()
            clock.lap("clip region and points")
            // Like stats: points that all miss China (or the clip region) are an input error, not an empty raster.
            try ClipRegion.requireSomeInside(pts, source: points.path, region: clipGeometry ?? context.data.countryOutline(), regionName: regionName)
            if let output {
                r = try KernelDensity.write(points: pts, options: o, clip: clipGeometry, to: output, description: description, compression: compress) { r in
                    try Self.requirePositive(r, path: points.path, count: pts.count)
                }
                out.written = [output]
            } else {
                r = try KernelDensity.estimate(points: pts, options: o, clip: clipGeometry)
                try Self.requirePositive(r, path: points.path, count: pts.count)
                out.raster = RasterProduct(bands: [r.grid], descriptions: [description], metadata: r.metadata, compression: compress)
            }
        }
        clock.lap("estimate")
        out.notes = [String(format: "%d × %d cells of %.0f m, bandwidth %.0f m, %d points, weight %.6g, %.2f s",
                            r.grid.width, r.grid.height, o.cell, r.bandwidth, r.pointsUsed, r.weightTotal, Date().timeIntervalSince(start))]
        return out
    }

    static func requirePositive(_ r: KernelDensity.Result, path: String, count: Int) throws {
        guard r.pointsUsed > 0, r.weightTotal > 0 else {
            throw HinterlandError(path, r.pointsUsed > 0 ? "the points' weights sum to \(r.weightTotal); a density needs a positive total" : "none of the \(count) points falls on the grid")
        }
    }
}
