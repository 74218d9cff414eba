import ArgumentParser
import Foundation
import GeoCore
import Operations

struct ZonesCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "One row per zone: code, name, area, census 2020 population, density.",
        discussion: Help.reflow("""
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
        """)
    )

    @Option(name: .long, help: ArgumentHelp("Zone set: \(ZoneSetNames.list), or a polygon file or PG: connection (with --key).", valueName: "SET|PATH"))
    var by: String

    @OptionGroup var zoneOptions: ZoneOptionsGroup
    @OptionGroup var strictOption: StrictOption
    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: "csv (default), json, xlsx, gpkg, geojson, fgb, shp; default from the -o extension.")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (default: stdout for csv and json).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: ZonesRequest {
        var q = ZonesRequest()
        q.by = by; q.zones = zoneOptions.options(strict: strictOption.strict); q.accounting = measure.accounting
        return q
    }

    func run() throws {
        let target = try OutputTarget(output, format: format, allowed: ["csv", "json", "xlsx", "gpkg", "geojson", "fgb", "shp"])
        var q = request
        q.geometry = target.wantsLayers
        try q.validate()
        try target.write(try q.run(try cliContext()), csv: csvOptions)
    }
}
