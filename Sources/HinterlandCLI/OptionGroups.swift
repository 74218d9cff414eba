import ArgumentParser
import Foundation
import Analysis
import GeoCore
import GeoIO
import Operations

/// `--points` and how to read them: one way for every command that reads point layers.
struct PointOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Point layer: CSV/TSV with coordinate columns, any OGR source, a PG: connection, or a built-in layer (\(PointInput.builtIn.joined(separator: ", "))); NAME=PATH labels its rows.", valueName: "PATH"))
    var points: [String] = []

    @Option(name: .long, help: "CSV longitude column (default: lon, lng, longitude, 经度 …).")
    var lon: String?

    @Option(name: .long, help: "CSV latitude column (default: lat, latitude, 纬度 …).")
    var lat: String?

    @Option(name: .long, help: "Numeric field weighting each point (default: each point counts 1).")
    var weight: String?

    @Option(name: .long, help: "CRS of the points: EPSG code, WKT, PROJ string, gcj02 or bd09 (default: WGS84, or the layer's CRS).")
    var inputCRS: String?

    @Option(name: .long, help: "Text encoding of a CSV: utf-8, gbk or gb18030 (default: detected).")
    var encoding: String?

    @Option(name: .long, help: "Layer of a multi-layer point source.")
    var pointLayer: String?

    func inputs(strict: Bool) -> [PointInput] {
        points.map { p in
            var i = PointInput.parse(p)
            i.lon = lon; i.lat = lat; i.weight = weight; i.inputCrs = inputCRS; i.encoding = encoding; i.layer = pointLayer; i.strict = strict
            return i
        }
    }

    /// At most one layer (nil if none given).
    func single(strict: Bool) throws -> PointInput? {
        guard points.count <= 1 else { throw HinterlandError("--points", "give one point layer") }
        return inputs(strict: strict).first
    }
}

/// `--strict`: fail on the first bad row or polygon instead of skipping or repairing it.
struct StrictOption: ParsableArguments {
    @Flag(name: .long, help: "Fail on the first bad point row or invalid polygon instead of skipping or repairing it.")
    var strict = false
}

/// How a polygon file in `--by` is read: its key, name field and layer.
struct ZoneFileOptionsGroup: ParsableArguments {
    @Option(name: .long, help: "With a polygon file in --by: the field whose values name the zones.")
    var key: String?

    @Option(name: .long, help: "With a polygon file in --by: a field with display names.")
    var nameField: String?

    @Option(name: .long, help: "With a polygon file or PG: connection in --by: the layer or table (default: the first).")
    var layer: String?

    func options(strict: Bool) -> ZoneOptions {
        var z = ZoneOptions()
        z.key = key; z.nameField = nameField; z.layer = layer; z.strict = strict
        return z
    }
}

/// How `--by` is read: the variant of a named zone set, or the fields of a polygon file.
struct ZoneOptionsGroup: ParsableArguments {
    @OptionGroup var file: ZoneFileOptionsGroup

    @Option(name: .long, help: "Hu Line for --by huline: geodesic, or conic (straight in the China Albers).")
    var line: HuLine.Variant = .geodesic

    @Option(name: .long, help: "For northsouth and thirdfront: classify each prefecture by the geography, or whole provinces by convention.")
    var level: RegionLevel = .prefecture

    @Option(name: .long, help: "For cluster: plan (every unit the plans name; a city may be in two clusters, shares may add to more than 1) or primary (one cluster per prefecture; shares add to 1).")
    var membership: Membership = .plan

    func options(strict: Bool) -> ZoneOptions {
        var z = file.options(strict: strict)
        z.line = line; z.level = level; z.membership = membership
        return z
    }
}

/// `--area land|admin` and `--with-sar-tw`: how zones are measured.
struct AccountingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Area that densities, per-km² figures and area shares use: land (the polygon clipped to the shoreline) or admin (the whole administrative polygon).", valueName: "land|admin"))
    var area: AreaBasis = .land

    @Flag(name: .customLong("with-sar-tw"), help: "Count Hong Kong, Macao and Taiwan in composite zones (area and their governments' end-2020 populations); by default both are left out, as the 2020 census does not cover them.")
    var withSARTW = false

    var accounting: Accounting { Accounting(area: area, withSarTw: withSARTW) }
}

/// `--raw-csv` and `--bom`, on every command that writes CSV.
struct CSVOptions: ParsableArguments {
    @Flag(name: .long, help: "Write text cells starting with =, +, -, @ or a tab as they are (by default they get a leading ' so that spreadsheets do not run them as formulas).")
    var rawCsv = false

    @Flag(name: .long, help: "Start CSV output with a UTF-8 byte-order mark, so that Excel shows Chinese correctly.")
    var bom = false
}

/// Commands with CSV output; main applies their CSV options before running them.
protocol WritesCSV {
    var csvOptions: CSVOptions { get }
}
