import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels
import Operations

struct CatchmentCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "catchment",
        abstract: "Hub–hinterland catchments: allocate every cell of an equal-area grid to a hub.",
        discussion: Help.reflow("""
        Models: voronoi (nearest hub, planar distance in the China Albers), weighted (least distance /
        mass), huff (probabilities A^α d^-λ normalised over hubs: dominant hub and its probability),
        reilly (breakpoints d_jk / (1 + (M_k/M_j)^(1/λ)) and the trade areas they bound), cost
        (accumulated cost over a friction raster, 16-neighbour Dijkstra; default friction: GeoData's
        terrain friction 1 + slope°/5 at 10 km; paths go wherever the friction raster has data, and
        region cells no path reaches, such as islands off a friction raster clipped to land, are
        joined across the gap to the nearest reached cell). The grid is clipped to China (or --clip): each cell
        counts with its exact overlap, so catchment areas sum to the region's area. A hub's own cell
        is always its own.

        Outputs: a stats table (stdout or --stats), and -o OUT.tif (band 1 hub index, band 2 Huff
        probability or cost, then one band per hub with --bands) or -o OUT.gpkg (catchment polygons
        with their stats, and the hubs).

        Examples:
          hinterland catchment --hubs computing_hubs --model voronoi -o hubs.gpkg
          hinterland catchment --hubs cities.csv --name name --mass pop --model huff --decay 2 -o huff.tif
          hinterland catchment --hubs hubs.gpkg --model cost --cell 10km --points firms.csv --stats c.csv
        """)
    )

    @Option(name: .long, help: "Hub points: a file (CSV/OGR) or an embedded point layer (computing_hubs, gateways).")
    var hubs: String

    @Option(name: .long, help: "Field naming the hubs.")
    var name: String?

    @Option(name: .long, help: "Field with the hubs' mass (attractiveness), or 'census': the 2020 census population of each hub's prefecture-level unit; default 1 for all.")
    var mass: String?

    @Option(name: .long, help: "Allocation model.")
    var model: CatchmentModel = .voronoi

    @Option(name: .long, parsing: .unconditional, help: "Distance decay λ (huff, reilly).")
    var decay: Double = 2

    @Option(name: .long, parsing: .unconditional, help: "Exponent α on mass (huff).")
    var attraction: Double = 1

    @Option(name: .long, help: "Friction raster for cost (same CRS as the grid).")
    var friction: String?

    @Option(name: .long, help: "8 or 16 neighbour moves for cost.")
    var neighbours: Int = 16

    @Option(name: .long, parsing: .unconditional, help: "Cell size: 5km, 1km, 2000 (metres).")
    var cell: String = "5km"

    @Option(name: .long, help: "Region: country (default: the 31 mainland provinces, the census's territory; the whole outline with --with-sar-tw), a zone set, or a polygon file.")
    var clip: String = "country"

    @Option(name: .long, help: "CRS of the hubs file (EPSG, WKT, PROJ, gcj02, bd09).")
    var hubsCRS: String?

    @OptionGroup var pointOptions: PointOptions

    @Flag(name: .long, help: "Huff: write one probability band per hub.")
    var bands = false

    @Option(name: .long, help: "Write the per-catchment table to this file (.csv or .xlsx; default: stdout).")
    var stats: String?

    @Option(name: .long, help: "GeoTIFF compression: deflate (default; every reader), zstd (GDAL ≥ 2.3), lzw or none.")
    var compress: RasterWriter.Compression = .deflate

    @Option(name: .shortAndLong, help: "OUT.tif (allocation raster) or OUT.gpkg (catchment polygons).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var measure: AccountingOptions

    var request: CatchmentRequest {
        get throws {
            var q = CatchmentRequest()
            q.hubs = hubs; q.name = name; q.mass = mass; q.model = model; q.decay = decay; q.attraction = attraction; q.friction = friction
            q.neighbours = neighbours; q.cell = cell; q.clip = clip; q.hubsCrs = hubsCRS; q.points = try pointOptions.single(strict: false)
            q.bands = bands; q.compress = compress; q.accounting = measure.accounting
            return q
        }
    }

    func run() throws {
        if let output, !["tif", "tiff", "gpkg"].contains((output as NSString).pathExtension.lowercased()) {
            throw HinterlandError(output, "catchment writes .tif or .gpkg")
        }
        let table = try OutputTarget(stats, format: nil, allowed: ["csv", "xlsx"])
        var q = try request
        q.geometry = output.map { $0.lowercased().hasSuffix(".gpkg") } ?? false
        q.output = q.geometry ? nil : output   // a large grid is then written while it is made
        try q.validate()
        try table.write(try q.run(try cliContext()), csv: csvOptions, alongside: output)
    }
}
