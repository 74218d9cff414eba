import ArgumentParser
import GeoIO

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe any vector or raster dataset GDAL reads: driver, layers, fields, CRS, extent, bands.",
        discussion: "Examples:\n  hinterland info GeoData/china.gpkg\n  hinterland info density.tif"
    )

    @Argument(help: "A file, folder or connection string (PG:…).")
    var path: String

    func run() throws {
        try StandardOutput.write(try DatasetInfo.describe(path: path) + "\n")
    }
}
