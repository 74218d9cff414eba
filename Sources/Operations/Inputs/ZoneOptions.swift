import Foundation
import Analysis
import GeoCore
import GeoIO

/// How to read a zone set named by `by`: the variant of a named set, or the fields of a
/// polygon file (or PostGIS table). Decoded from the request's own keys (flat in JSON).
public struct ZoneOptions: Codable, Hashable, Sendable {
    /// With a polygon file: the field whose values name the zones.
    public var key: String?
    public var nameField: String?
    /// With a polygon file: the layer to read (default: the first).
    public var layer: String?
    public var line: HuLine.Variant = .geodesic
    public var level: RegionLevel = .prefecture
    public var membership: Membership = .plan
    /// With a polygon file: fail on invalid polygons instead of repairing them.
    public var strict = false

    public init() {}

    enum CodingKeys: String, CodingKey { case key, nameField, layer, line, level, membership, strict }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        nameField = try c.decodeIfPresent(String.self, forKey: .nameField)
        layer = try c.decodeIfPresent(String.self, forKey: .layer)
        line = try c.value(.line, line); level = try c.value(.level, level)
        membership = try c.value(.membership, membership); strict = try c.value(.strict, strict)
    }

    /// Only the polygon-file keys (key, nameField, layer, strict): for a request whose own
    /// `line` or `level` mean something else (huline).
    public init(fileKeysFrom decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        nameField = try c.decodeIfPresent(String.self, forKey: .nameField)
        layer = try c.decodeIfPresent(String.self, forKey: .layer)
        strict = try c.value(.strict, strict)
    }

    /// Encodes only the polygon-file keys (see `init(fileKeysFrom:)`).
    public func encodeFileKeys(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(key, forKey: .key); try c.encodeIfPresent(nameField, forKey: .nameField)
        try c.encodeIfPresent(layer, forKey: .layer); try c.encode(strict, forKey: .strict)
    }

    public var variant: ZoneSetVariant { ZoneSetVariant(huLine: line, level: level, membership: membership) }

    /// `by` as a named set, or nil for a polygon source (checked to exist and to have a key).
    public func named(_ by: String, field: String = "by") throws -> ZoneSetName? {
        if let n = ZoneSetName(rawValue: by) { return n }
        guard ZoneSetBuilder.isPolygonSource(by) else {
            throw FieldError(field, by, "unknown zone set (known: \(ZoneSetNames.list); or a polygon file with key)")
        }
        guard key != nil else { throw FieldError("key", nil, "a polygon source (\(by)) needs key: the field naming its zones") }
        return nil
    }

    /// The zone set `by` names, with geometry when asked (always for polygon files).
    public func build(_ by: String, builder: ZoneSetBuilder, geometry: Bool, context: RunContext) throws -> ZoneSet {
        if let name = try named(by) { return try builder.build(name, geometry: geometry, variant: variant) }
        let set = try builder.build(path: by, layer: layer, key: key!, nameField: nameField, geometry: geometry, strict: strict)
        for r in set.repairs { context.warn(r) }
        return set
    }
}

extension KeyedDecodingContainer {
    /// The key's value, or `fallback` when the key is absent.
    public func value<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

/// The names of the zone sets, for help texts and messages.
public enum ZoneSetNames {
    public static var list: String { ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ") }
}
