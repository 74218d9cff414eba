import Foundation
import GeoCore

/// The hinterland suitability index definition (GeoData/index.json): criteria of weighted,
/// directed indicators, the eligibility rule and the spread of the sensitivity draws.
public struct IndexConfig: Codable, Sendable {
    public struct Indicator: Codable, Sendable {
        /// Short name, used as the column name.
        public var id: String
        public var name_zh: String?
        /// "builtin:NAME" (see `IndexBuiltins.names`), "table:COLUMN" (the config's province
        /// table) or "column:NAME" (a joined table).
        public var source: String
        /// Optional denominator, in the same forms: the indicator is source / per × scale.
        public var per: String?
        public var scale: Double?
        /// "log": the natural logarithm of the value (for ratios spanning orders of magnitude).
        public var transform: String?
        public var unit: String?
        /// "+" larger is better, "-" smaller is better.
        public var direction: String
        public var weight: Double
        /// Numeric parameters of a built-in (e.g. max_slope_deg of flat_land_share).
        public var parameters: [String: Double]?
        /// Why the indicator measures its criterion, with the work it follows.
        public var rationale: String?
    }

    public struct Criterion: Codable, Sendable {
        public var name: String
        public var name_zh: String?
        public var weight: Double
        public var rationale: String?
        public var indicators: [Indicator]
    }

    public struct Sensitivity: Codable, Sendable {
        /// Dirichlet concentration κ: draws are Dirichlet(κ · w) around the weights w.
        public var concentration: Double
        /// Normalisations drawn from, uniformly.
        public var normalizations: [Normalization]
    }

    public var description: String?
    /// The default eligibility rule.
    public var eligibility: IndexEligibility?
    /// Default normalisation (minmax).
    public var normalize: Normalization?
    /// The province table of "table:" sources, in GeoData/tables (default province_indicators_2020).
    public var table: String?
    public var sensitivity: Sensitivity?
    public var criteria: [Criterion]

    public var tableName: String { table ?? "province_indicators_2020" }
    public var allIndicators: [Indicator] { criteria.flatMap(\.indicators) }

    public static func load(_ path: String) throws -> IndexConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "no such file or not readable") }
        let c: IndexConfig
        do { c = try JSONDecoder().decode(IndexConfig.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): wrong type")
        } catch let DecodingError.dataCorrupted(ctx) where !ctx.codingPath.isEmpty {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): \(ctx.debugDescription)")
        } catch {
            throw HinterlandError(path, "not a valid index config (\(error.localizedDescription))")
        }
        try c.validate(path)
        return c
    }

    /// Checks what decoding cannot: weights, directions, source forms, unique ids.
    public func validate(_ path: String) throws {
        guard !criteria.isEmpty else { throw HinterlandError(path, "defines no criteria") }
        var ids = Set<String>()
        for (i, cr) in criteria.enumerated() {
            guard cr.weight.isFinite, cr.weight >= 0 else { throw HinterlandError(path, "criteria[\(i)].weight: must be a number ≥ 0") }
            guard !cr.indicators.isEmpty else { throw HinterlandError(path, "criteria[\(i)].indicators: empty") }
            for (j, ind) in cr.indicators.enumerated() {
                let at = "criteria[\(i)].indicators[\(j)]"
                guard !ind.id.isEmpty, ind.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw HinterlandError(path, "\(at).id: use letters, digits and _")
                }
                guard ids.insert(ind.id).inserted else { throw HinterlandError(path, "\(at).id: '\(ind.id)' is used twice") }
                guard ["+", "-"].contains(ind.direction) else { throw HinterlandError(path, "\(at).direction: use + or -") }
                guard ind.weight.isFinite, ind.weight >= 0 else { throw HinterlandError(path, "\(at).weight: must be a number ≥ 0") }
                if let t = ind.transform, t != "log" { throw HinterlandError(path, "\(at).transform: only log is known") }
                if let s = ind.scale, !(s.isFinite && s != 0) { throw HinterlandError(path, "\(at).scale: must be a non-zero number") }
                for (key, value) in [("source", ind.source), ("per", ind.per)] {
                    guard let value else { continue }
                    let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, ["builtin", "table", "column"].contains(parts[0]), !parts[1].isEmpty else {
                        throw HinterlandError(path, "\(at).\(key): use builtin:NAME, table:COLUMN or column:NAME")
                    }
                    if parts[0] == "builtin", !IndexBuiltins.names.contains(parts[1]) {
                        throw HinterlandError(path, "\(at).\(key): unknown built-in '\(parts[1])' (have: \(IndexBuiltins.names.joined(separator: ", ")))")
                    }
                }
            }
        }
        guard criteria.contains(where: { $0.weight > 0 && $0.indicators.contains { $0.weight > 0 } }) else {
            throw HinterlandError(path, "all weights are 0")
        }
        if let s = sensitivity {
            guard s.concentration.isFinite, s.concentration > 0 else { throw HinterlandError(path, "sensitivity.concentration: must be positive") }
            guard !s.normalizations.isEmpty else { throw HinterlandError(path, "sensitivity.normalizations: empty") }
        }
    }

    /// Each indicator's weight in the composite: criterion weight × its share of the
    /// criterion's indicator weights, over the indicators kept (`keep`), summing to 1.
    func effectiveWeights(keep: [Bool]) -> [Double] {
        var w = [Double](), k = 0
        for c in criteria {
            let range = k..<(k + c.indicators.count)
            let sum = range.filter { keep[$0] }.map { c.indicators[$0 - k].weight }.reduce(0, +)
            for i in range { w.append(keep[i] && sum > 0 ? c.weight * c.indicators[i - k].weight / sum : 0) }
            k += c.indicators.count
        }
        let total = w.reduce(0, +)
        return total > 0 ? w.map { $0 / total } : w
    }
}
