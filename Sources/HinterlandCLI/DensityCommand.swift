import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels
import Operations

struct DensityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "density",
        abstract: "Kernel density of a point layer as a GeoTIFF on an equal-area grid.",
        discussion: Help.reflow("""
        The grid is in the China Albers (25°/47°N, 105°E, WGS84) unless --crs says otherwise: Float32,
        DEFLATE-compressed (--compress zstd|lzw|none), tiled, nodata -9999, units and method in its metadata. Points are linearly
        binned, then smoothed: the Gaussian (bandwidth = standard deviation, truncated at 4σ) by
        separable convolution, other kernels (support radius = bandwidth) by a 2-D stamp. The surface
        integrates to the weight sum. --exact sums the kernel directly (slow; for checking).

        Examples:
          hinterland density --points firms.csv --cell 1km --bandwidth 20km -o firms.tif
          hinterland density --points labs.gpkg --kernel quartic --bandwidth 50km --clip country -o labs.tif
          hinterland density --points firms.csv --weight staff --bandwidth scott --clip province --edge-correct -o d.tif
        """)
    )

    @OptionGroup var pointOptions: PointOptions
    @OptionGroup var strictOption: StrictOption

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

    var request: DensityRequest {
        get throws {
            var q = DensityRequest()
            guard let p = try pointOptions.single(strict: strictOption.strict) else { throw HinterlandError("--points", "give a point layer") }
            q.points = p; q.cell = cell; q.bandwidth = bandwidth; q.kernel = kernel; q.clip = clip; q.edgeCorrect = edgeCorrect
            q.units = units; q.crs = crs; q.exact = exact; q.compress = compress
            return q
        }
    }

    func run() throws {
        guard ["tif", "tiff"].contains((output as NSString).pathExtension.lowercased()) else {
            throw HinterlandError(output, "density writes GeoTIFF; use a .tif file name")
        }
        var q = try request
        q.output = output
        try q.validate()
        let r = try q.run(try cliContext())
        try ResultWriter.write(r, to: output)
        for n in r.notes { Diagnostics.note("wrote \(output): \(n)") }
    }
}
