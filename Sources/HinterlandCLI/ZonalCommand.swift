import ArgumentParser
import Foundation
import GeoCore
import Operations

struct ZonalCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "zonal",
        abstract: "Zonal statistics of a raster with exact cell-coverage fractions.",
        discussion: Help.reflow("""
        Each cell counts with the fraction of its area inside the zone (the exactextract method):
        count = Σ coverage, sum = Σ coverage·value, mean = sum/count, min/max over touched cells,
        stdev weighted by coverage. Nodata cells are skipped. Zones are reprojected to the raster's
        CRS and read window by window, so rasters larger than memory work.

        Examples:
          hinterland zonal --raster density.tif --by prefecture
          hinterland zonal --raster dem.tif --by my_zones.gpkg --key code --stats mean,min,max -o dem.csv
        """)
    )

    @Option(name: .long, help: "A raster GDAL reads (band 1 is used).")
    var raster: String

    @Option(name: .long, help: ArgumentHelp("Zone set: \(ZoneSetNames.list), or a polygon file or PG: connection (with --key).", valueName: "SET|PATH"))
    var by: String

    @OptionGroup var zoneOptions: ZoneOptionsGroup
    @OptionGroup var strictOption: StrictOption

    @Option(name: .long, help: "Statistics, comma-separated: count, sum, mean, min, max, stdev.")
    var stats: String = "count,sum,mean,min,max,stdev"

    @Option(name: .long, help: "csv (default) or xlsx; default from the -o extension.")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (default: stdout).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: ZonalRequest {
        var q = ZonalRequest()
        q.raster = raster; q.by = by; q.zones = zoneOptions.options(strict: strictOption.strict); q.stats = ZonalRequest.split(stats)
        return q
    }

    func run() throws {
        let target = try OutputTarget(output, format: format, allowed: ["csv", "xlsx"])
        let q = request
        try q.validate()
        try target.write(try q.run(try cliContext()), csv: csvOptions)
    }
}
