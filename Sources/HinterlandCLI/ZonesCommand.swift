import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct ZonesCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "One row per zone: code, name, area, census 2020 population, density.",
        discussion: """
        Areas are ellipsoidal (geodesic on the WGS84 ellipsoid), in km²: area_km2 of the
        administrative polygon, land_area_km2 of its land (clipped to the shoreline), and
        official_area_km2 where a yearbook figure is known. Densities use the land area (--area
        admin for the polygon). Population is the 7th census (2020) resident population, county
        rows carried onto today's polygons by a crosswalk. HK, MO and TW carry their governments'
        end-2020 figures in their own rows and are left out of composite areas and populations
        alike unless --with-sar-tw. Composite sets list their member codes.

        Examples:
          hinterland zones --by province
          hinterland zones --by region4 --format json
          hinterland zones --by cluster --format gpkg -o clusters.gpkg
          hinterland zones --by my_zones.shp --key CODE --name-field NAME
        """
    )

    @OptionGroup var zoneSet: ZoneSetOptions
    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: "csv (default), json, gpkg, geojson, fgb, shp; default from the -o extension.")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (default: stdout for csv and json).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        let fmt = try resolvedFormat()
        let builder = try measure.builder(try EmbeddedData())
        let layerFormats = ["gpkg", "geojson", "fgb", "shp"]
        let set = try zoneSet.build(with: builder, geometry: layerFormats.contains(fmt))
        switch fmt {
        case "csv", "json":
            let text = fmt == "csv" ? set.csv() : try set.json()
            if let output { try AtomicOutput.write(text: text, to: output) } else { try StandardOutput.write(text) }
        default:
            guard let output else { throw HinterlandError("--format \(fmt)", "needs -o PATH") }
            try VectorWriter.write([set.featureTable()], to: output)
        }
    }

    func resolvedFormat() throws -> String {
        let known = ["csv", "json", "gpkg", "geojson", "fgb", "shp"]
        if let format {
            guard known.contains(format) else { throw HinterlandError("--format \(format)", "unknown format (use \(known.joined(separator: ", ")))") }
            if let output, format == "gpkg" || format == "geojson" || format == "fgb" || format == "shp" {
                let ext = (output as NSString).pathExtension.lowercased()
                if ext != format && !(format == "geojson" && ext == "json") {
                    throw HinterlandError(output, "extension does not match --format \(format)")
                }
            }
            return format
        }
        guard let output else { return "csv" }
        let ext = (output as NSString).pathExtension.lowercased()
        switch ext {
        case "csv", "json", "gpkg", "geojson", "fgb", "shp": return ext
        default: throw HinterlandError(output, "cannot tell the format from the extension; give --format")
        }
    }
}
