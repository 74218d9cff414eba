import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct StatsCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts, weights and shares of a point layer by zone, with densities and location quotients.",
        discussion: """
        One row per zone: count, share, weight_sum, weight_share, per_10k_km2, per_million_people and
        lq (the zone's share of the points over its share of the 2020 census population), plus a row
        (outside) for points in no zone, so shares add up to 1. Several --by share one point-in-polygon
        pass. A point exactly on a border between two zones goes to the zone east of it (north of a
        horizontal border).

        Examples:
          hinterland stats --points firms.csv --by region4 --by huline
          hinterland stats --points labs.gpkg --by cluster --min-share 0.05
          hinterland stats --points firms.csv --weight capital --category industry --by region7 -o t.csv
          hinterland stats --points amap_pois.csv --input-crs gcj02 --by province
        """
    )

    @OptionGroup var pointOptions: PointOptions
    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: ArgumentHelp("Zone set (repeatable): \(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ")), or a polygon file with --key.", valueName: "SET|PATH"))
    var by: [String] = []

    @Option(name: .long, help: "With a polygon file in --by: the field naming its zones.")
    var key: String?

    @Option(name: .long, help: "With a polygon file in --by: a field with display names.")
    var nameField: String?

    @Option(name: .long, help: "For --by northsouth and thirdfront: classify each prefecture by the geography, or whole provinces by convention.")
    var level: RegionLevel = .prefecture

    @Option(name: .long, help: "For --by cluster: plan (a point in a city named by two plans counts in both; shares may add to more than 1) or primary (one cluster per prefecture; shares add to 1).")
    var membership: Membership = .plan

    @Option(name: .long, help: "Field whose values split the counts into a zone × category table.")
    var category: String?

    @Option(name: .long, parsing: .unconditional, help: "Sort zones by share and mark those at or above this share (e.g. 0.05).")
    var minShare: Double?

    @Option(name: .long, help: "csv (default), json or gpkg; default from the -o extension.")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (default: stdout for csv and json).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        guard !by.isEmpty else { throw HinterlandError("stats", "give at least one --by SET") }
        if let minShare, !(minShare >= 0 && minShare <= 1) { throw HinterlandError("--min-share \(minShare)", "must be between 0 and 1") }
        let fmt = try OutputFormat.resolve(format, output, allowed: ["csv", "json", "gpkg"])
        let data = try EmbeddedData()
        let builder = try measure.builder(data)
        // Resolve every --by before reading points, so a typo fails fast.
        let named = try by.map { b -> ZoneSetName? in
            if let n = ZoneSetName(rawValue: b) { return n }
            guard FileManager.default.fileExists(atPath: b) else {
                throw HinterlandError("--by \(b)", "unknown zone set (known: \(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ")); or a polygon file with --key)")
            }
            guard key != nil else { throw HinterlandError(b, "a polygon file needs --key FIELD to name its zones") }
            return nil
        }
        if let stream = try pointOptions.stream(category: category) {
            return try runStreamed(stream, named: named, builder: builder, format: fmt)
        }
        var clock = Stopwatch("stats")
        // Read the points on another core while this one prepares the zones and the index.
        final class Loaded: @unchecked Sendable { var result: Result<PointSet, Error> = .failure(HinterlandError("", "")) }
        let loaded = Loaded()
        let reading = DispatchGroup()
        let opts = pointOptions, cat = category
        DispatchQueue.global().async(group: reading) { loaded.result = Result { try opts.read(category: cat) } }
        // One index for all named sets, at the finest level any of them needs.
        let variant = ZoneSetVariant(level: level, membership: membership)
        let indexLevel = named.compactMap { $0 }.map { UnitAssignment.level(for: $0, variant: variant) }.max()
        var prepared = [String: ZoneSet]()
        let preparation = Result<UnitAssignment?, Error> {
            for (b, name) in zip(by, named) { if let name { prepared[b] = try builder.build(name, geometry: fmt == "gpkg", variant: variant) } }
            return try indexLevel.map { try builder.assignment($0) }
        }
        reading.wait()
        let points = try loaded.result.get()
        let assignment = try preparation.get()
        clock.lap("read points, zones and index")
        var unitOfPoint: [Int32] = []
        if let assignment {
            unitOfPoint = assignment.units(of: points)
            clock.lap("point in polygon")
        }
        var results = [(PointStatistics, ZoneSet)]()
        for (b, name) in zip(by, named) {
            let set: ZoneSet
            var zoneOfPoint: [Int32]
            var overlapping: PointStatistics?
            if let name {
                set = try prepared[b] ?? builder.build(name, geometry: fmt == "gpkg", variant: variant)
                zoneOfPoint = try assignment!.zones(of: unitOfPoint, in: set, name: name, points: points)
                if name == .cluster && membership == .plan {
                    overlapping = PointStatistics(set: set, zonesOfUnit: assignment!.zonesOfUnit(in: set), unitOfPoint: unitOfPoint, points: points)
                }
            } else {
                set = try builder.build(path: b, key: key!, nameField: nameField, geometry: true, strict: pointOptions.strict)
                for r in set.repairs { Diagnostics.warning(r) }
                let index = PolygonIndex(zones: set.zones.map { ($0.geometry!.xs, $0.geometry!.ys, $0.geometry!.partOffsets) })
                zoneOfPoint = [Int32](repeating: -1, count: points.count)
                points.xs.withUnsafeBufferPointer { xp in points.ys.withUnsafeBufferPointer { yp in
                    zoneOfPoint.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) }
                } }
            }
            let stats = overlapping ?? PointStatistics(set: set, zoneOfPoint: zoneOfPoint, points: points)
            if stats.outside.count == stats.totalCount {
                var hint = "check the CRS (--input-crs) and the coordinate columns"
                // Would they fall in China with longitude and latitude swapped?
                var swapped = PointSet(source: points.source)
                swapped.xs = points.ys; swapped.ys = points.xs
                let inside = try builder.assignment(.province).units(of: swapped).filter { $0 >= 0 }.count
                if inside > points.count / 2 { hint = "with longitude and latitude swapped \(inside) of them fall in China: check --lon/--lat" }
                throw HinterlandError(pointOptions.points, "none of the \(points.count) points falls in any zone of \(b); \(hint)")
            }
            if let minShare {
                let top = stats.orderedRows(sorted: true).filter { $0.code != "(outside)" && (stats.weighted ? $0.weightShare : $0.share) >= minShare }
                Diagnostics.note("\(b): zones at or above \(minShare * 100)%: " + top.map { String(format: "%@ %.1f%%", $0.name, 100 * (stats.weighted ? $0.weightShare : $0.share)) }.joined(separator: ", "))
            }
            results.append((stats, set))
        }
        clock.lap("tables")
        switch fmt {
        case "csv", "json":
            let text = fmt == "csv" ? PointStatisticsTable.csv(results.map(\.0), minShare: minShare)
                                    : try PointStatisticsTable.json(results.map(\.0), minShare: minShare, points: points)
            if let output { try AtomicOutput.write(text: text, to: output) } else { try StandardOutput.write(text) }
        default:
            try VectorWriter.write(results.map { PointStatisticsTable.featureTable($0.0, set: $0.1, minShare: minShare) }, to: output!)
        }
    }
}

/// Output format from --format or the -o extension.
enum OutputFormat {
    static func resolve(_ format: String?, _ output: String?, allowed: [String]) throws -> String {
        let ext = output.map { ($0 as NSString).pathExtension.lowercased() }
        let fmt = format ?? ext ?? allowed[0]
        guard allowed.contains(fmt) else {
            if format == nil, let output { throw HinterlandError(output, "cannot tell the format from the extension (use \(allowed.joined(separator: ", ")) or --format)") }
            throw HinterlandError("--format \(fmt)", "unknown format (use \(allowed.joined(separator: ", ")))")
        }
        if let ext, format != nil, ext != fmt, !(fmt == "json" && ext == "geojson") {
            throw HinterlandError(output!, "extension does not match --format \(fmt)")
        }
        if !["csv", "json"].contains(fmt) && output == nil { throw HinterlandError("--format \(fmt)", "needs -o PATH") }
        return fmt
    }
}
