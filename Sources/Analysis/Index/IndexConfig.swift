import Foundation
import GeoCore

/// The hinterland suitability index definition: criteria of weighted indicators.
public struct IndexConfig: Decodable, Sendable {
    public struct Indicator: Decodable, Sendable {
        /// "builtin:NAME" (see `HinterlandIndex.builtins`) or "column:NAME" (from --join).
        public var source: String
        /// "+" larger is better, "-" smaller is better.
        public var direction: String
        public var weight: Double
        public var normalize: String?
    }

    public struct Criterion: Decodable, Sendable {
        public var name: String
        public var name_zh: String?
        public var weight: Double
        public var indicators: [Indicator]
    }

    public var normalize: String?
    public var criteria: [Criterion]

    public static func load(_ path: String) throws -> IndexConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "no such file or not readable") }
        let c: IndexConfig
        do { c = try JSONDecoder().decode(IndexConfig.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): wrong type")
        } catch {
            throw HinterlandError(path, "not a valid index config (\(error.localizedDescription))")
        }
        guard !c.criteria.isEmpty else { throw HinterlandError(path, "defines no criteria") }
        for (i, cr) in c.criteria.enumerated() {
            guard cr.weight >= 0 else { throw HinterlandError(path, "criteria[\(i)].weight: must not be negative") }
            for (j, ind) in cr.indicators.enumerated() {
                guard ["+", "-"].contains(ind.direction) else { throw HinterlandError(path, "criteria[\(i)].indicators[\(j)].direction: use + or -") }
                let n = ind.normalize ?? c.normalize ?? "minmax"
                guard ["minmax", "zscore"].contains(n) else { throw HinterlandError(path, "criteria[\(i)].indicators[\(j)].normalize: use minmax or zscore") }
                guard ind.source.hasPrefix("builtin:") || ind.source.hasPrefix("column:") else {
                    throw HinterlandError(path, "criteria[\(i)].indicators[\(j)].source: use builtin:NAME or column:NAME")
                }
                if ind.source.hasPrefix("builtin:"), !HinterlandIndex.builtins.contains(String(ind.source.dropFirst(8))) {
                    throw HinterlandError(path, "criteria[\(i)].indicators[\(j)].source: unknown built-in '\(ind.source.dropFirst(8))' (have: \(HinterlandIndex.builtins.joined(separator: ", ")))")
                }
            }
        }
        return c
    }
}
