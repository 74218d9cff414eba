import Foundation
import GeoCore

/// A co-operative regional unit definition: hub zones plus hinterland zones, by cluster
/// name or code, province or prefecture adcode; or a hinterland derived automatically.
public struct UnitConfig: Decodable, Sendable {
    public struct Part: Decodable, Sendable {
        public var clusters: [String]?
        public var provinces: [String]?
        public var prefectures: [String]?
        public var auto: Bool?
        public var max_km: Double?
        /// Automatic hinterlands: `nearest_hub` (each candidate prefecture goes to the auto hub
        /// nearest to it, geodesic distance to the hub's nearest county point), the only model.
        public var model: String?
        /// Automatic hinterlands: `inland_unassigned` (prefectures in no cluster of the plans and
        /// no other part, not on the coast), the only rule.
        public var candidates: String?
        /// Provinces whose prefectures are never candidates (default: Hainan, 460000).
        public var exclude_provinces: [String]?
    }

    /// Where a unit's definition comes from.
    public struct Source: Decodable, Sendable {
        public var document: String?
        public var year: Int?
        public var issued: String?
        public var section: String?
        public var hub_rule: String?
        public var hinterland: String?
    }

    public struct Unit: Decodable, Sendable {
        public var id: String
        public var name: String
        public var name_en: String?
        public var hub: Part
        public var hinterland: Part
        public var source: Source?
    }

    public var units: [Unit]

    /// Reads a JSON config; errors name the file and what is wrong.
    public static func load(_ path: String) throws -> UnitConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "no such file or not readable") }
        do {
            let c = try JSONDecoder().decode(UnitConfig.self, from: data)
            guard !c.units.isEmpty else { throw HinterlandError(path, "defines no units") }
            return c
        } catch let e as HinterlandError {
            throw e
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw HinterlandError(path, "\(JSONPath.of(ctx.codingPath)): wrong type (\(ctx.debugDescription))")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw HinterlandError(path, "not valid JSON (\(ctx.underlyingError.map { "\($0.localizedDescription)" } ?? ctx.debugDescription))")
        } catch {
            throw HinterlandError(path, "cannot read the config (\(error))")
        }
    }
}

/// "units[2].hub.clusters[0]" from a decoding path.
public enum JSONPath {
    public static func of(_ path: [CodingKey]) -> String {
        var s = ""
        for k in path {
            if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : ".\(k.stringValue)" }
        }
        return s.isEmpty ? "(top level)" : s
    }
}
