import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels
import Operations

struct HuLineCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "huline",
        abstract: "South-east / north-west shares of area, population, points and rasters across the Hu Line.",
        discussion: Help.reflow("""
        The line runs from Heihe to Tengchong (or --from/--to) as a geodesic on the WGS84 ellipsoid, or
        straight in the China Albers (--line conic) — never a two-point line in longitude/latitude. Land
        area is cut with the line; county census populations are split by area in the counties it cuts,
        or, with --assign centroid, whole counties go to the side of their interior point (the
        "quasi-line" of the literature). --by adds a per-zone split: which zones the line crosses, their
        south-east fractions, and with --points or --raster each zone's points or raster sum on either side. --by also takes a
        polygon file or PG: connection with --key: each zone's polygon is cut with the line (and the
        census counties whose interior point it holds split as the line splits them), or with --assign
        centroid or majority the whole zone goes to the side of its interior point or of most of its
        area; --level is for named sets only. A .gpkg output holds the line, the two sides and the tables.

        Examples:
          hinterland huline
          hinterland huline --points firms.csv --weight staff --by province
          hinterland huline --points firms.csv --by basins.gpkg --key basin_id
          hinterland huline --raster density.tif --line conic --assign centroid -o huline.gpkg
        """)
    )

    @OptionGroup var pointOptions: PointOptions

    @Option(name: .long, help: "A raster whose sum is split by the line.")
    var raster: String?

    @Option(name: .long, help: ArgumentHelp("A zone set for the per-zone split (province, prefecture, region4 …), or a polygon file or PG: connection with --key.", valueName: "SET|PATH"))
    var by: String?

    @OptionGroup var zoneFile: ZoneFileOptionsGroup
    @OptionGroup var strictOption: StrictOption

    @Option(name: .long, help: "Hu Line variant: geodesic, or conic (straight in the China Albers).")
    var line: HuLine.Variant = .geodesic

    @Option(name: .long, help: "cut (split the counties the line cuts by area), centroid (whole counties by interior point) or majority (whole units to the side holding most of their land, at --level).")
    var assign: HuLineAssign = .cut

    @Option(name: .long, help: "With --assign majority and a named set in --by: county or prefecture (default).")
    var level: HuLineLevel?

    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: "North-east endpoint LON,LAT (default Heihe 127.49016,50.24413).")
    var from: String?

    @Option(name: .long, help: "South-west endpoint LON,LAT (default Tengchong 98.51276,24.99492).")
    var to: String?

    @Option(name: .shortAndLong, help: "Output: .csv (default stdout), .xlsx, or .gpkg (line, sides, tables).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: HuLineRequest {
        get throws {
            var q = HuLineRequest()
            q.points = try pointOptions.single(strict: strictOption.strict); q.raster = raster; q.by = by; q.zones = zoneFile.options(strict: strictOption.strict); q.line = line; q.assign = assign; q.level = level
            q.accounting = measure.accounting; q.from = from; q.to = to
            return q
        }
    }

    func run() throws {
        let target = try OutputTarget(output, format: nil, allowed: ["csv", "xlsx", "gpkg"])
        var q = try request
        q.geometry = target.wantsLayers
        try q.validate()
        let r = try q.run(try cliContext())
        Report.notes(r)
        try target.write(r, csv: csvOptions)
    }
}
