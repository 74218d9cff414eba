/// The type of an attribute column.
public enum FieldType: String, Sendable {
    case integer, real, string
}

/// One attribute column: its name and type.
public struct Field: Equatable, Sendable {
    public var name: String
    public var type: FieldType
    public init(_ name: String, _ type: FieldType) { self.name = name; self.type = type }
}

/// One attribute value.
public enum FieldValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case string(String)

    public var description: String {
        switch self {
        case .null: return ""
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .string(let v): return v
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .string(let s): return Double(s)
        case .null: return nil
        }
    }
}

/// One feature: an optional geometry and its values in field order.
public struct Feature: Sendable {
    public var geometry: Geometry?
    public var values: [FieldValue]
    public init(geometry: Geometry?, values: [FieldValue]) { self.geometry = geometry; self.values = values }
}

/// A vector layer in memory: fields, features, the CRS of their coordinates.
public struct FeatureTable: Sendable {
    public var name: String
    public var crs: CRS
    public var geometryKind: GeometryKind?
    public var fields: [Field]
    public var features: [Feature]

    public init(name: String, crs: CRS, geometryKind: GeometryKind?, fields: [Field], features: [Feature] = []) {
        self.name = name
        self.crs = crs
        self.geometryKind = geometryKind
        self.fields = fields
        self.features = features
    }

    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The values of one column, by name.
    public func column(_ name: String) -> [FieldValue]? {
        guard let i = fieldIndex(name) else { return nil }
        return features.map { $0.values[i] }
    }

    /// The string values of one column (nulls as "").
    public func strings(_ name: String) -> [String]? {
        column(name)?.map(\.description)
    }
}

extension FeatureTable {
    /// The same layer with every geometry transformed to `target` (itself when already there).
    public func reprojected(to target: CRS) throws -> FeatureTable {
        if crs == target { return self }
        let tf = try CoordinateTransform(from: crs, to: target)
        var out = self
        for i in out.features.indices { out.features[i].geometry = out.features[i].geometry.map(tf.apply) }
        out.crs = target
        return out
    }
}
