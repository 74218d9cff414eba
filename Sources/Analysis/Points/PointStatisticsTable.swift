import Foundation
import GeoCore
import GeoIO

/// Point statistics as CSV, JSON or a layer. Columns: zone_set, zone, name, count, share,
/// weight_sum, weight_share, per_10k_km2, per_million_people, lq, above_min_share, then one
/// three columns per category: its weight (or count) in the zone, its share of the zone's
/// total, and the zone's share of the category's total ("77 % of the energy bases are in the north").
public enum PointStatisticsTable {
    static func number(_ v: Double?, _ digits: Int) -> String {
        guard let v, v.isFinite else { return "" }
        return String(format: "%.\(digits)f", v)
    }

    public static func header(_ s: PointStatistics) -> [String] {
        ["zone_set", "zone", "name", "count", "share", "weight_sum", "weight_share", "per_10k_km2",
         "per_million_people", "lq", "above_min_share"] + s.categoryNames.map { "cat:\($0)" }
            + s.categoryNames.map { "cat_share_of_zone:\($0)" } + s.categoryNames.map { "zone_share_of_cat:\($0)" }
    }

    public static func cells(_ s: PointStatistics, _ r: PointStatistics.Row, minShare: Double?) -> [String] {
        let key = s.weighted ? r.weightShare : r.share
        let isOutside = r.code == "(outside)"
        let base: [String] = [s.zoneSet, r.code, r.name, String(r.count), number(r.share, 6), number(r.weightSum, 4), number(r.weightShare, 6),
                              number(r.areaKm2.map { Double(r.count) / $0 * 10_000 }, 4),
                              number(r.population.flatMap { $0 > 0 ? Double(r.count) / Double($0) * 1e6 : nil }, 4),
                              number(isOutside ? nil : s.locationQuotient(r), 4),
                              minShare.map { !isOutside && key >= $0 ? "yes" : "no" } ?? ""]
        let weights: [String] = r.byCategory.map { number($0, 4) }
        let ofZone: [String] = r.byCategory.map { v -> String in number(r.weightSum > 0 ? v / r.weightSum : nil, 6) }
        let ofCategory: [String] = r.byCategory.indices.map { k -> String in
            number(s.categoryTotals[k] > 0 ? r.byCategory[k] / s.categoryTotals[k] : nil, 6)
        }
        return base + weights + ofZone + ofCategory
    }

    /// One CSV for one or more zone sets (rows of each set in turn).
    public static func csv(_ sets: [PointStatistics], minShare: Double?) -> String {
        var out = ""
        for (k, s) in sets.enumerated() {
            if k == 0 || header(s) != header(sets[k - 1]) { out += header(s).map(CSVField.escape).joined(separator: ",") + "\n" }
            for r in s.orderedRows(sorted: minShare != nil) {
                // zone_set, zone and name are text; the rest are numbers or yes/no.
                out += cells(s, r, minShare: minShare).enumerated().map { $0.offset < 3 ? CSVField.text($0.element) : CSVField.escape($0.element) }
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public static func json(_ sets: [PointStatistics], minShare: Double?, points: PointSet) throws -> String {
        var doc: [[String: Any]] = []
        for s in sets {
            let h = header(s)
            let rows = s.orderedRows(sorted: minShare != nil).map { r -> [String: Any] in
                var o = [String: Any]()
                for (k, v) in zip(h.dropFirst(), cells(s, r, minShare: minShare).dropFirst()) {
                    o[k] = ["zone", "name", "above_min_share"].contains(k) || k.hasPrefix("cat:") && Double(v) == nil ? v : (Double(v) ?? (v.isEmpty ? NSNull() : v))
                }
                return o
            }
            var entry: [String: Any] = ["zone_set": s.zoneSet, "points": s.totalCount, "weight_total": s.totalWeight, "zones": rows]
            if let minShare {
                entry["above_min_share"] = s.orderedRows(sorted: true).filter { $0.code != "(outside)" && (s.weighted ? $0.weightShare : $0.share) >= minShare }.map(\.name)
            }
            doc.append(entry)
        }
        var top: [String: Any] = ["source": points.source, "statistics": doc]
        if let r = points.skipReport { top["skipped"] = r }
        let data = try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The statistics joined to the zone polygons, as a layer.
    public static func featureTable(_ s: PointStatistics, set: ZoneSet, minShare: Double?) -> FeatureTable {
        let h = header(s)
        var t = FeatureTable(name: "stats_\(s.zoneSet)", crs: .wgs84, geometryKind: .polygon,
                             fields: h.map { name in
                                 ["zone_set", "zone", "name", "above_min_share"].contains(name) ? Field(name, .string)
                                     : name == "count" ? Field(name, .integer) : Field(name, .real)
                             })
        let geometry = Dictionary(uniqueKeysWithValues: set.zones.map { ($0.code, $0.geometry) })
        let english = Dictionary(uniqueKeysWithValues: set.zones.map { ($0.code, $0.nameEn) })
        let baseFields = t.fields
        t.fields.insert(Field("name_en", .string), at: 3)
        for r in s.orderedRows(sorted: minShare != nil) {
            let values: [FieldValue] = zip(baseFields, cells(s, r, minShare: minShare)).map { f, v in
                switch f.type {
                case .string: return .string(v)
                case .integer: return Int64(v).map { .integer($0) } ?? .null
                case .real: return Double(v).map { .real($0) } ?? .null
                }
            }
            var v = values
            v.insert(.string(english[r.code] ?? ""), at: 3)
            t.features.append(Feature(geometry: geometry[r.code] ?? nil, values: v))
        }
        return t
    }
}
