import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct DensityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "density",
        abstract: "Kernel density of a point layer as a GeoTIFF on an equal-area grid.",
        discussion: """
        The grid is in the China Albers (25°/47°N, 105°E, WGS84) unless --crs says otherwise: Float32,
        DEFLATE-compressed (--compress zstd|lzw|none), tiled, nodata -9999, units and method in its metadata. Points are linearly
        binned, then smoothed: the Gaussian (bandwidth = standard deviation, truncated at 4σ) by
        separable convolution, other kernels (support radius = bandwidth) by a 2-D stamp. The surface
        integrates to the weight sum. --exact sums the kernel directly (slow; for checking).

        Examples:
          hinterland density --points firms.csv --cell 1km --bandwidth 20km -o firms.tif
          hinterland density --points labs.gpkg --kernel quartic --bandwidth 50km --clip country -o labs.tif
          hinterland density --points firms.csv --weight staff --bandwidth scott --clip province --edge-correct -o d.tif
        """
    )

    @OptionGroup var pointOptions: PointOptions

    @Option(name: .long, parsing: .unconditional, help: "Cell size: 1km, 500m, 2000 (metres).")
    var cell: String = "1km"

    @Option(name: .long, parsing: .unconditional, help: "Bandwidth: 20km, 5000m, scott or silverman.")
    var bandwidth: String = "20km"

    @Option(name: .long, help: "Kernel shape.")
    var kernel: KernelShape = .gaussian

    @Option(name: .long, help: "Clip region: country, a zone set name, or a polygon file; cells outside get nodata.")
    var clip: String?

    @Flag(name: .long, help: "Divide by the kernel mass inside the clip region (removes the edge bias).")
    var edgeCorrect = false

    @Option(name: .long, help: "Units of the surface.")
    var units: DensityOptions.Units = .perKm2

    @Option(name: .long, help: "CRS of the grid (an equal-area one keeps densities comparable).")
    var crs: String?

    @Flag(name: .long, help: "Exact direct summation instead of binning and convolution (slow).")
    var exact = false

    @Option(name: .long, help: "GeoTIFF compression: deflate (default; every reader), zstd (GDAL ≥ 2.3), lzw or none.")
    var compress: RasterWriter.Compression = .deflate

    @Option(name: .shortAndLong, help: "Output GeoTIFF.")
    var output: String

    func run() throws {
        guard ["tif", "tiff"].contains((output as NSString).pathExtension.lowercased()) else {
            throw HinterlandError(output, "density writes GeoTIFF; use a .tif file name")
        }
        var o = DensityOptions()
        o.cell = try DensityOptions.parseLength(cell, what: "--cell")
        o.bandwidth = try DensityOptions.parseBandwidth(bandwidth)
        o.kernel = kernel
        o.units = units
        if let crs {
            o.crs = CRS(crs)
            // Cell size and bandwidth are lengths in metres; degrees would make them meaningless.
            guard !o.crs.isGeographic else {
                throw HinterlandError("--crs \(crs)", "is a geographic CRS (degrees); the grid needs a projected CRS in metres (an equal-area one such as the default China Albers keeps densities comparable)")
            }
        }
        o.exact = exact
        o.edgeCorrect = edgeCorrect
        var clock = Stopwatch("density")
        // The clip region loads (through GDAL) while the points are read; its error, if any,
        // still comes first.
        let region = clip.map { name in Background { try ClipRegion.geometries(name) } }
        if case .fixed = o.bandwidth, let stream = try pointOptions.stream() {
            return try Self.densityOfStream(stream, options: o, clipGeometry: try region?.value(), clipName: clip, output: output, compression: compress, pointOptions: pointOptions)
        }
        let reading = Result { try pointOptions.read() }
        let clipGeometry = try region?.value()
        let points = try reading.get()
        clock.lap("clip region and points")
        // Like stats: points that all miss China (or the clip region) are an input error, not an
        // empty raster.
        try Self.requireSomeInside(points, source: pointOptions.points, region: clipGeometry, regionName: clip.map { "the clip region \($0)" } ?? "China")
        let start = Date()
        let r = try KernelDensity.write(points: points, options: o, clip: clipGeometry, to: output, description: "kernel density (\(o.units.rawValue))",
                                        compression: compress) { r in
            guard r.pointsUsed > 0, r.weightTotal > 0 else {
                throw HinterlandError(pointOptions.points, r.pointsUsed > 0 ? "the points' weights sum to \(r.weightTotal); a density needs a positive total" : "none of the \(points.count) points falls on the grid")
            }
        }
        clock.lap("estimate and write")
        Diagnostics.note(String(format: "wrote %@: %d × %d cells of %.0f m, bandwidth %.0f m, %d points, weight %.6g, %.2f s",
                                output, r.grid.width, r.grid.height, o.cell, r.bandwidth, r.pointsUsed, r.weightTotal, Date().timeIntervalSince(start)))
    }
}

extension DensityCommand {
    /// A large delimited file, read a block at a time twice at most (once for the extent
    /// without a clip region): memory is the grid's, not the points'.
    static func densityOfStream(_ stream: PointStream, options o: DensityOptions, clipGeometry: [Geometry]?, clipName: String?, output: String,
                                compression: RasterWriter.Compression, pointOptions: PointOptions) throws {
        let outline = try clipGeometry ?? EmbeddedData().countryOutline()
        let index = PolygonIndex(zones: outline.map { ($0.xs, $0.ys, $0.partOffsets) })
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
        let start = Date()
        let r = try KernelDensity.write(blocks: blocks, options: o, clip: clipGeometry, to: output, description: "kernel density (\(o.units.rawValue))",
                                        compression: compression) { r in
            try pointOptions.report(account, count: count)
            guard inside else {
                throw HinterlandError(stream.path, "none of the \(count) points falls in \(clipName.map { "the clip region \($0)" } ?? "China"); check the CRS (--input-crs) and the coordinate columns")
            }
            guard r.pointsUsed > 0, r.weightTotal > 0 else {
                throw HinterlandError(stream.path, r.pointsUsed > 0 ? "the points' weights sum to \(r.weightTotal); a density needs a positive total" : "none of the \(count) points falls on the grid")
            }
        }
        Diagnostics.note(String(format: "wrote %@: %d × %d cells of %.0f m, bandwidth %.0f m, %d points, weight %.6g, %.2f s",
                                output, r.grid.width, r.grid.height, o.cell, r.bandwidth, r.pointsUsed, r.weightTotal, Date().timeIntervalSince(start)))
    }

    /// Throws unless at least one point lies in the region (default: China's outline), tested
    /// on a first sample, then on all points only if the sample has none inside.
    static func requireSomeInside(_ points: PointSet, source: String, region: [Geometry]?, regionName: String) throws {
        let outline = try region ?? EmbeddedData().countryOutline()
        let index = PolygonIndex(zones: outline.map { ($0.xs, $0.ys, $0.partOffsets) })
        func anyInside(_ range: Range<Int>) -> Bool {
            var zone = [Int32](repeating: -1, count: range.count)
            points.xs[range].withUnsafeBufferPointer { xp in points.ys[range].withUnsafeBufferPointer { yp in
                zone.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) }
            } }
            return zone.contains { $0 >= 0 }
        }
        let sample = min(points.count, 4096)
        if anyInside(0..<sample) || (sample < points.count && anyInside(sample..<points.count)) { return }
        var hint = "check the CRS (--input-crs) and the coordinate columns"
        var swapped = PointSet(source: points.source)
        swapped.xs = Array(points.ys.prefix(sample)); swapped.ys = Array(points.xs.prefix(sample))
        if anyInsideSwapped(index, swapped) { hint = "with longitude and latitude swapped they would fall in \(regionName): check --lon/--lat" }
        throw HinterlandError(source, "none of the \(points.count) points falls in \(regionName); \(hint)")
    }

    private static func anyInsideSwapped(_ index: PolygonIndex, _ p: PointSet) -> Bool {
        var zone = [Int32](repeating: -1, count: p.count)
        p.xs.withUnsafeBufferPointer { xp in p.ys.withUnsafeBufferPointer { yp in
            zone.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) }
        } }
        return zone.contains { $0 >= 0 }
    }
}

/// A clip region by name: the country outline, any zone set (all its zones), or a polygon file.
enum ClipRegion {
    static func geometries(_ name: String) throws -> [Geometry] {
        let data = try EmbeddedData()
        if name == "country" { return try data.countryOutline() }
        if let set = ZoneSetName(rawValue: name) {
            let layer = [ZoneSetName.province: "provinces", .prefecture: "prefectures", .county: "counties"][set]
            if let layer { return try data.layer(layer).features.compactMap(\.geometry) }
            return try ZoneSetBuilder(data: data).build(set, geometry: true).zones.compactMap(\.geometry)
        }
        guard FileManager.default.fileExists(atPath: name) else {
            throw HinterlandError("--clip \(name)", "not country, a zone set, or an existing polygon file")
        }
        let t = try VectorReader.read(path: name)
        guard t.geometryKind == .polygon else { throw HinterlandError(name, "clip layer has no polygons") }
        return try t.reprojected(to: .wgs84).features.compactMap(\.geometry)
    }
}
