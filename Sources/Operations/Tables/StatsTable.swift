import Foundation
import Analysis
import GeoCore
import GeoIO

/// Tables of a stats request: one zone set's table as `PointStatisticsTable` writes it, or,
/// with several layers or periods, a long table with `layer` and `period` columns first.
enum StatsTable {
    static func csv(_ entries: [StatsRequest.Entry], minShare: Double?, long: Bool) -> String {
        guard long else { return PointStatisticsTable.csv(entries.map(\.stats), minShare: minShare) }
        // One header for all: the categories of every layer, in order of first appearance.
        var categories = [String]()
        for e in entries { for c in e.stats.categoryNames where !categories.contains(c) { categories.append(c) } }
        let fixed = 11
        let header = ["layer", "period"] + PointStatisticsTable.header(entries[0].stats).prefix(fixed)
            + ["cat:", "cat_share_of_zone:", "zone_share_of_cat:"].flatMap { p in categories.map { p + $0 } }
        var out = header.map(CSVField.escape).joined(separator: ",") + "\n"
        for e in entries {
            let s = e.stats, n = s.categoryNames.count
            for r in s.orderedRows(sorted: minShare != nil) {
                let c = PointStatisticsTable.cells(s, r, minShare: minShare)
                var row = [CSVField.text(e.layer), CSVField.text(e.period)]
                row += c.prefix(fixed).enumerated().map { $0.offset < 3 ? CSVField.text($0.element) : CSVField.escape($0.element) }
                for block in 0..<3 {
                    row += categories.map { name in s.categoryNames.firstIndex(of: name).map { c[fixed + block * n + $0] } ?? "" }
                }
                out += row.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Each zone's share in the first and last period and the change in percentage points,
    /// per layer and zone set.
    static func changeCSV(_ entries: [StatsRequest.Entry]) -> String {
        var out = "layer,zone_set,zone,name,first_period,last_period,share_first,share_last,change_pp\n"
        var groups = [(String, String)]()
        for e in entries where !groups.contains(where: { $0 == (e.layer, e.stats.zoneSet) }) { groups.append((e.layer, e.stats.zoneSet)) }
        for (layer, set) in groups {
            let g = entries.filter { $0.layer == layer && $0.stats.zoneSet == set }
            guard let first = g.first, let last = g.last, g.count > 1 else { continue }
            let key: (PointStatistics.Row, PointStatistics) -> Double = { r, s in s.weighted ? r.weightShare : r.share }
            for (a, b) in zip(first.stats.rows + [first.stats.outside], last.stats.rows + [last.stats.outside]) {
                let s0 = key(a, first.stats), s1 = key(b, last.stats)
                out += [CSVField.text(layer), CSVField.text(set), CSVField.text(a.code), CSVField.text(a.name), CSVField.text(first.period), CSVField.text(last.period),
                        String(format: "%.6f", s0), String(format: "%.6f", s1), String(format: "%.4f", (s1 - s0) * 100)].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func layer(_ e: StatsRequest.Entry, minShare: Double?, long: Bool) -> FeatureTable {
        var t = PointStatisticsTable.featureTable(e.stats, set: e.set, minShare: minShare)
        if long {
            t.name = "stats_\(e.layer)_\(e.period.isEmpty ? "" : e.period + "_")\(e.stats.zoneSet)"
            t.fields.insert(contentsOf: [Field("layer", .string), Field("period", .string)], at: 0)
            for i in t.features.indices { t.features[i].values.insert(contentsOf: [.string(e.layer), .string(e.period)], at: 0) }
        }
        return t
    }
}
