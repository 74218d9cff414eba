import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct ZonalCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "zonal",
        abstract: "Zonal statistics of a raster with exact cell-coverage fractions.",
        discussion: """
        Each cell counts with the fraction of its area inside the zone (the exactextract method):
        count = Σ coverage, sum = Σ coverage·value, mean = sum/count, min/max over touched cells,
        stdev weighted by coverage. Nodata cells are skipped. Zones are reprojected to the raster's
        CRS and read window by window, so rasters larger than memory work.

        Examples:
          hinterland zonal --raster density.tif --by prefecture
          hinterland zonal --raster dem.tif --by my_zones.gpkg --key code --stats mean,min,max -o dem.csv
        """
    )

    @Option(name: .long, help: "A raster GDAL reads (band 1 is used).")
    var raster: String

    @OptionGroup var zoneSet: ZoneSetOptions

    @Option(name: .long, help: "Statistics, comma-separated: count, sum, mean, min, max, stdev.")
    var stats: String = "count,sum,mean,min,max,stdev"

    @Option(name: .shortAndLong, help: "Output CSV (default: stdout).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        let columns = stats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for c in columns where !ZonalAnalysis.statistics.contains(c) {
            throw HinterlandError("--stats \(c)", "unknown statistic (use \(ZonalAnalysis.statistics.joined(separator: ", ")))")
        }
        if let output, (output as NSString).pathExtension.lowercased() != "csv" {
            throw HinterlandError(output, "zonal writes CSV; use a .csv file name")
        }
        var clock = Stopwatch("zonal")
        // The raster opens (GDAL reads its CRS through PROJ's database, ~20 ms) and its first
        // band decodes on other threads while the zones load.
        let path = raster
        let opening = Background { () throws -> RasterBandReader in RasterBandReader(try RasterSource(path: path)) }
        let zones = Result { try zoneSet.build(with: try ZoneSetBuilder(data: try EmbeddedData()), geometry: true) }
        let bands = try opening.value()   // a raster error first, as before
        let set = try zones.get()
        let source = bands.source
        clock.lap("zones")
        let result = try ZonalAnalysis.run(raster: source, zones: set.zones, bands: bands,
                                           sumsOnly: columns.allSatisfy { ["count", "sum", "mean"].contains($0) })
        clock.lap("statistics")
        let text = ZonalAnalysis.csv(zones: set.zones, stats: result, columns: columns)
        if let output { try AtomicOutput.write(text: text, to: output) } else { try StandardOutput.write(text) }
    }
}
