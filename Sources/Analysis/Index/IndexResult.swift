import Foundation
import GeoCore

/// The outcome of an index run: per zone its role (ranked, or hub when not eligible), score,
/// rank, criterion scores, indicator values and missing indicators; per indicator its weight
/// and source; with sensitivity runs, the rank intervals and leave-one-out rank changes.
public struct IndexResult: Sendable {
    public let level: IndexLevel
    public let method: IndexMethod
    public let eligibility: IndexEligibility
    public let normalization: Normalization
    public let config: IndexConfig
    public let zones: [Zone]
    public let eligible: [Bool]
    /// zone × indicator, as defined (before any log transform).
    public let indicatorValues: [[Double?]]
    public let indicatorSources: [String]
    /// Whether each indicator entered the score (available at this level, weight > 0).
    public let used: [Bool]
    /// The weights the score used (summing to 1 over the used indicators).
    public let weights: [Double]
    /// What was left out and why.
    public let notes: [String]
    public var score: [Double?]
    public var rank: [Int?]
    public var criterionScores: [[Double?]]
    public var missing: [[String]]
    /// Median and 5–95 % rank over the perturbed runs (nearest-rank percentiles).
    public var rankInterval: [(median: Int, p05: Int, p95: Int)?]
    /// Per indicator left out: each zone's rank change (positive: falls).
    public var leaveOneOut: [(indicator: String, change: [Int?])] = []
    public var sensitivityRuns = 0
    public var seed: UInt64 = 0
    public var concentration = 0.0

    init(level: IndexLevel, method: IndexMethod, eligibility: IndexEligibility, normalization: Normalization, config: IndexConfig,
         zones: IndexZones, eligible: [Bool], indicatorValues: [[Double?]], indicatorSources: [String], used: [Bool], weights: [Double], notes: [String]) {
        self.level = level; self.method = method; self.eligibility = eligibility; self.normalization = normalization
        self.config = config; self.zones = zones.zones
        self.eligible = eligible
        self.indicatorValues = indicatorValues; self.indicatorSources = indicatorSources
        self.used = used; self.weights = weights; self.notes = notes
        let n = zones.zones.count
        score = Array(repeating: nil, count: n); rank = Array(repeating: nil, count: n)
        criterionScores = Array(repeating: config.criteria.map { _ in nil }, count: n)
        missing = Array(repeating: [], count: n); rankInterval = Array(repeating: nil, count: n)
    }

    public var indicatorIDs: [String] { config.allIndicators.map(\.id) }

    /// "ranked", or "hub" for a zone the eligibility rule leaves out (it touches the coast).
    public func role(_ i: Int) -> String { eligible[i] ? "ranked" : "hub" }

    /// A zone's name without the administrative suffix (四川省 → 四川), for labels.
    public func shortName(_ i: Int) -> String {
        let n = zones[i].name
        guard level == .province else { return n }
        for suffix in ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"] where n.hasSuffix(suffix) && n.count > suffix.count + 1 {
            return String(n.dropLast(suffix.count))
        }
        return n
    }

    /// Zones in output order: ranked zones by rank, then the others by code.
    public var order: [Int] {
        zones.indices.sorted { (rank[$0] ?? Int.max, zones[$0].code) < (rank[$1] ?? Int.max, zones[$1].code) }
    }

    static func number(_ v: Double?) -> String {
        guard let v else { return "" }
        return abs(v) >= 100 ? String(format: "%.1f", v) : String(format: "%.4g", v)
    }

    /// One row per zone.
    public func csv() -> String {
        var header = ["zone", "name", "role", "rank", "score"]
        if sensitivityRuns > 0 { header += ["rank_median", "rank_p05", "rank_p95"] }
        header += config.criteria.map { "score_\($0.name)" } + indicatorIDs + ["missing"]
        header += leaveOneOut.map { "rank_change_without_\($0.indicator)" }
        var s = header.map(CSVField.text).joined(separator: ",") + "\n"
        for i in order {
            var row = [CSVField.text(zones[i].code), CSVField.text(zones[i].name), role(i), rank[i].map(String.init) ?? "",
                       score[i].map { String(format: "%.4f", $0) } ?? ""]
            if sensitivityRuns > 0 {
                let r = rankInterval[i]
                row += [r.map { String($0.median) } ?? "", r.map { String($0.p05) } ?? "", r.map { String($0.p95) } ?? ""]
            }
            row += criterionScores[i].map { $0.map { String(format: "%.4f", $0) } ?? "" }
            row += indicatorValues[i].map(IndexResult.number)
            row.append(CSVField.text(missing[i].joined(separator: " ")))
            row += leaveOneOut.map { $0.change[i].map(String.init) ?? "" }
            s += row.joined(separator: ",") + "\n"
        }
        return s
    }

    /// One row per indicator: criterion, direction, weights, availability and source.
    public func indicatorsCSV() -> String {
        var s = "indicator,name_zh,criterion,direction,transform,unit,weight_config,weight_used,zones_missing,source,rationale\n"
        var k = 0
        for c in config.criteria {
            for ind in c.indicators {
                let miss = zones.indices.filter { missing[$0].contains(ind.id) }.map { zones[$0].name }
                let missText = used[k] ? (miss.isEmpty ? "" : "\(miss.count): " + miss.joined(separator: " ")) : "not used: " + (notes.first { $0.hasPrefix(ind.id + ":") }.map { String($0.dropFirst(ind.id.count + 2)) } ?? "weight 0")
                // Directions and weights are the program's own cells: quoted only, "+" and "-" kept as they are.
                s += ([ind.id, ind.name_zh ?? "", c.name].map(CSVField.text) + [ind.direction, ind.transform ?? "", CSVField.text(ind.unit ?? ""),
                      String(format: "%g", ind.weight), String(format: "%.4f", weights[k])].map(CSVField.escape)
                      + [missText, indicatorSources[k], ind.rationale ?? ""].map(CSVField.text)).joined(separator: ",") + "\n"
                k += 1
            }
        }
        return s
    }

    /// The whole result as JSON (keys sorted, byte-identical on rerun).
    public func json() throws -> String {
        func num(_ v: Double?, _ digits: Double = 1e4) -> Any { v.map { ($0 * digits).rounded() / digits } ?? NSNull() }
        var k = 0
        var indicators = [[String: Any]]()
        for c in config.criteria { for ind in c.indicators {
            indicators.append(["id": ind.id, "name_zh": ind.name_zh ?? "", "criterion": c.name, "direction": ind.direction,
                               "weight_used": num(weights[k]), "used": used[k], "source": indicatorSources[k], "unit": ind.unit ?? "",
                               "rationale": ind.rationale ?? ""])
            k += 1
        } }
        let rows: [[String: Any]] = order.map { i in
            var r: [String: Any] = ["zone": zones[i].code, "name": zones[i].name, "role": role(i), "rank": rank[i] ?? NSNull(), "score": num(score[i]),
                                    "missing": missing[i],
                                    "criteria": Dictionary(uniqueKeysWithValues: zip(config.criteria.map(\.name), criterionScores[i].map { num($0) })),
                                    "indicators": Dictionary(uniqueKeysWithValues: zip(indicatorIDs, indicatorValues[i].map { num($0, 1e3) }))]
            if let ri = rankInterval[i] { r["rank_median"] = ri.median; r["rank_p05"] = ri.p05; r["rank_p95"] = ri.p95 }
            if !leaveOneOut.isEmpty {
                r["rank_change_without"] = Dictionary(uniqueKeysWithValues: leaveOneOut.map { ($0.indicator, $0.change[i] ?? NSNull() as Any) })
            }
            return r
        }
        var top: [String: Any] = ["level": level.rawValue, "method": method.rawValue, "eligibility": eligibility.rawValue,
                                  "normalization": normalization.rawValue, "notes": notes, "indicators": indicators, "zones": rows,
                                  "criteria": config.criteria.map { ["name": $0.name, "name_zh": $0.name_zh ?? "", "weight": $0.weight] }]
        if sensitivityRuns > 0 { top["sensitivity"] = ["runs": sensitivityRuns, "seed": seed, "concentration": concentration] }
        let data = try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The zones as a layer (WGS84), for GeoPackages and maps.
    public func featureTable() -> FeatureTable {
        var fields = [Field("zone", .string), Field("name", .string), Field("short_name", .string), Field("role", .string),
                      Field("rank", .integer), Field("score", .real)]
        if sensitivityRuns > 0 { fields += [Field("rank_median", .integer), Field("rank_p05", .integer), Field("rank_p95", .integer)] }
        fields += config.criteria.map { Field("score_\($0.name)", .real) } + [Field("missing", .string)]
        var t = FeatureTable(name: "hinterland_index", crs: .wgs84, geometryKind: .polygon, fields: fields)
        func real(_ v: Double?) -> FieldValue { v.map { .real(($0 * 1e4).rounded() / 1e4) } ?? .null }
        for i in order {
            var v: [FieldValue] = [.string(zones[i].code), .string(zones[i].name), .string(shortName(i)), .string(role(i)),
                                   rank[i].map { .integer(Int64($0)) } ?? .null, real(score[i])]
            if sensitivityRuns > 0 {
                let r = rankInterval[i]
                v += [r.map { .integer(Int64($0.median)) } ?? .null, r.map { .integer(Int64($0.p05)) } ?? .null, r.map { .integer(Int64($0.p95)) } ?? .null]
            }
            v += criterionScores[i].map(real) + [.string(missing[i].joined(separator: " "))]
            t.features.append(Feature(geometry: zones[i].geometry, values: v))
        }
        return t
    }
}
