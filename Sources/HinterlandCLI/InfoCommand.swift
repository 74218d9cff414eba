import ArgumentParser
import GeoIO

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe any vector or raster dataset GDAL reads: driver, layers, fields, CRS, extent, bands.",
        discussion: "Examples:\n  hinterland info GeoData/china.gpkg\n  hinterland info density.tif --wkt\n  hinterland info PG:\"host=127.0.0.1 dbname=gis user=postgres\""
    )

    @Argument(help: "A file, folder or connection string (PG:…).")
    var path: String

    @Flag(name: .long, help: "Print each CRS's full WKT2 definition under its name.")
    var wkt = false

    func run() throws {
        try StandardOutput.write(try DatasetInfo.describe(path: path, wkt: wkt) + "\n")
    }
}
