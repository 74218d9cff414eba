import Analysis
import Foundation
import GeoCore
import GeoIO
import Kernels

extension StatsCommand {
    /// `stats` on a delimited file read a block at a time (`PointOptions.stream`): the same
    /// tables, checks and outputs as the whole-layer path, in the memory of one block.
    func runStreamed(_ stream: PointStream, named: [ZoneSetName?], builder: ZoneSetBuilder, format fmt: String) throws {
        var clock = Stopwatch("stats (streamed)")
        let variant = ZoneSetVariant(level: level, membership: membership)
        let indexLevel = named.compactMap { $0 }.map { UnitAssignment.level(for: $0, variant: variant) }.max()
        let assignment = try indexLevel.map { try builder.assignment($0) }
        var sets = [ZoneSet](), targets = [PointStatisticsStream.Target]()
        for (b, name) in zip(by, named) {
            if let name {
                let set = try builder.build(name, geometry: fmt == "gpkg", variant: variant)
                sets.append(set)
                targets.append(.named(set, name, overlapping: name == .cluster && membership == .plan))
            } else {
                let set = try builder.build(path: b, key: key!, nameField: nameField, geometry: true, strict: pointOptions.strict)
                for r in set.repairs { Diagnostics.warning(r) }
                sets.append(set)
                targets.append(.polygons(set, PolygonIndex(zones: set.zones.map { ($0.geometry!.xs, $0.geometry!.ys, $0.geometry!.partOffsets) })))
            }
        }
        clock.lap("zones and index")
        let tally = PointStatisticsStream(targets: targets, assignment: assignment)
        let (tables, account, count) = try tally.run(stream)
        try pointOptions.report(account, count: count)
        clock.lap("points read and counted")
        for (b, stats) in zip(by, tables) {
            if stats.outside.count == stats.totalCount {
                var hint = "check the CRS (--input-crs) and the coordinate columns"
                // Would they fall in China with longitude and latitude swapped? (The first points read.)
                if let sample = tally.sample {
                    var swapped = PointSet(source: sample.source)
                    swapped.xs = sample.ys; swapped.ys = sample.xs
                    let inside = try builder.assignment(.province).units(of: swapped).filter { $0 >= 0 }.count
                    if inside > sample.count / 2 { hint = "with longitude and latitude swapped most of them fall in China: check --lon/--lat" }
                }
                throw HinterlandError(pointOptions.points, "none of the \(count) points falls in any zone of \(b); \(hint)")
            }
            if let minShare {
                let top = stats.orderedRows(sorted: true).filter { $0.code != "(outside)" && (stats.weighted ? $0.weightShare : $0.share) >= minShare }
                Diagnostics.note("\(b): zones at or above \(minShare * 100)%: " + top.map { String(format: "%@ %.1f%%", $0.name, 100 * (stats.weighted ? $0.weightShare : $0.share)) }.joined(separator: ", "))
            }
        }
        switch fmt {
        case "csv", "json":
            let text = fmt == "csv" ? PointStatisticsTable.csv(tables, minShare: minShare)
                                    : try PointStatisticsTable.json(tables, minShare: minShare, points: account)
            if let output { try AtomicOutput.write(text: text, to: output) } else { try StandardOutput.write(text) }
        default:
            try VectorWriter.write(zip(tables, sets).map { PointStatisticsTable.featureTable($0.0, set: $0.1, minShare: minShare) }, to: output!)
        }
    }
}
