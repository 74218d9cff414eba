import Foundation
import GeoCore

/// Reads a GeoJSON FeatureCollection of polygons (RFC 7946; also a single Feature, and the
/// old `crs` member naming WGS 84) straight from the file's bytes into the table OGR's
/// GeoJSON driver gives for it: the same fields in the same order and of the same types, the
/// same values and geometries. OGR parses the text into a tree of json-c objects feature by
/// feature; here the features are parsed on all cores, straight into coordinate arrays.
///
/// Whatever it does not read the way OGR does (other geometry types, objects or arrays as
/// property values, date-like strings, mixed value types in a column, property orders that
/// OGR would reconcile, other CRSs, …) is reported as `.unsupported`, and the caller reads
/// the file through OGR instead.
enum GeoJSONReader {
    enum Outcome {
        case table(FeatureTable)
        case unsupported(String)
        /// Not JSON: what is wrong, in which feature (1-based) and at which byte.
        case malformed(HinterlandError)
    }

    /// Whether a path is a plain GeoJSON file this reader tries first (not /vsi… paths nor
    /// names with a driver prefix such as GeoJSON: or PG:; a GeoJSONSeq text in a .geojson
    /// file reads as malformed here, and OGR then reads it).
    static func handles(_ path: String) -> Bool {
        guard !path.hasPrefix("/vsi"), !path.contains(":") || path.hasPrefix("/") || path.hasPrefix(".") else { return false }
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "geojson" || ext == "json"
    }

    /// `pieces` fixes how many pieces the features array is cut into (tests; by default
    /// four per thread for files over 1 MB, else one).
    static func read(path: String, pieces: Int? = nil) -> Outcome {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            return .unsupported("unreadable file")
        }
        let layerName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return data.withUnsafeBytes { raw -> Outcome in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress, raw.count > 0 else { return .unsupported("empty file") }
            do throws(Located) {
                return .table(try document(JSONScanner(base: base, count: raw.count), defaultName: layerName, pieces: pieces))
            } catch let stop {
                switch stop.stop {
                case .unsupported(let why): return .unsupported(why)
                case .malformed(let what, let offset):
                    let at = stop.feature.map { "feature \($0): " } ?? ""
                    return .malformed(HinterlandError(path, "\(at)\(what) (byte \(offset))"))
                }
            }
        }
    }

    /// A stop with the feature (1-based) it happened in, if any.
    struct Located: Error {
        var stop: JSONScanStop
        var feature: Int?
    }

    // MARK: the document

    private static func document(_ scanner: JSONScanner, defaultName: String, pieces: Int?) throws(Located) -> FeatureTable {
        var s = scanner
        var type: String?, name: String?, features: [ParsedFeature]?
        var single = FeatureState()
        var failed: Int?         // the feature a stop happened in
        do throws(JSONScanStop) {
            if s.end >= 3 && s.byte(0) == 0xEF && s.byte(1) == 0xBB && s.byte(2) == 0xBF { throw .unsupported("byte order mark") }
            try s.expect(0x7B, "'{' starting the GeoJSON object")
            if s.peek() == 0x7D { throw .unsupported("an empty object") }
            repeat {
                let key = try Key.read(&s)
                switch key {
                case .type:
                    guard let r = try s.rawString() else { throw .unsupported("escaped type") }
                    if s.bytes(r, equal: "FeatureCollection") { type = "FeatureCollection" }
                    else if s.bytes(r, equal: "Feature") { type = "Feature"; single.sawType = true }
                    else { throw .unsupported("a GeoJSON object that is not a Feature or FeatureCollection") }
                case .name:
                    guard s.peek() == 0x22 else { throw .unsupported("a name that is not a string") }
                    name = try s.string()
                case .crs:
                    try crs(&s)
                case .features:
                    features = try featureArray(&s, pieces: pieces, failed: &failed)
                case .properties, .geometry, .id:
                    try single.member(key, &s)
                case .geometries:
                    throw .unsupported("a GeometryCollection")
                case .coordinates:
                    throw .unsupported("a bare geometry")
                default:
                    try s.skipValue()
                }
            } while try s.next(close: 0x7D)
            s.skipWhitespace()
            guard s.atEnd else { throw s.malformed("text after the end of the GeoJSON object") }
            var parsed: [ParsedFeature]
            var layer = defaultName
            switch type {
            case "FeatureCollection":
                guard let features, !single.touched else { throw .unsupported("a FeatureCollection without features") }
                parsed = features
                if let name { layer = name }
            case "Feature":
                guard features == nil else { throw .unsupported("a Feature with features") }
                parsed = [try single.finish()]
            default:
                throw .unsupported("no GeoJSON type")
            }
            return try table(parsed, name: layer)
        } catch {
            throw Located(stop: error, feature: failed)
        }
    }

    /// The old `crs` member: only the names OGR reads as EPSG:4326 (it reads the short
    /// "urn:ogc:def:crs:OGC::CRS84" as OGC:CRS84, left to it).
    private static func crs(_ s: inout JSONScanner) throws(JSONScanStop) {
        let names: Set<String> = ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"]
        guard s.peek() == 0x7B else { throw .unsupported("a crs that is not an object") }
        s.pos += 1
        var type: String?, name: String?
        if s.peek() == 0x7D { throw .unsupported("an empty crs") }
        repeat {
            let k = try s.string()
            try s.expect(0x3A, "':' after a member name")
            switch k {
            case "type":
                guard s.peek() == 0x22 else { throw .unsupported("crs type") }
                type = try s.string()
            case "properties":
                guard s.peek() == 0x7B else { throw .unsupported("crs properties") }
                s.pos += 1
                if s.peek() == 0x7D { throw .unsupported("empty crs properties") }
                repeat {
                    let pk = try s.string()
                    try s.expect(0x3A, "':' after a member name")
                    if pk == "name" {
                        guard s.peek() == 0x22 else { throw .unsupported("crs name") }
                        name = try s.string()
                    } else { try s.skipValue() }
                } while try s.next(close: 0x7D)
            default:
                try s.skipValue()
            }
        } while try s.next(close: 0x7D)
        guard type == "name", let name, names.contains(name) else { throw .unsupported("a crs other than WGS 84") }
    }

    // MARK: features, on all cores

    /// The features array (the scanner at its '['). The text is cut into pieces at guessed
    /// feature boundaries ("}, {") and the pieces parsed at once; a piece counts only when
    /// the one before it, parsed from a known boundary, ended exactly where it starts, so a
    /// wrong guess (inside a string, say) costs time, never a different answer.
    private static func featureArray(_ s: inout JSONScanner, pieces: Int?, failed: inout Int?) throws(JSONScanStop) -> [ParsedFeature] {
        try s.expect(0x5B, "'[' starting the features array")
        guard let b = s.peek() else { throw s.truncatedOr("") }
        if b == 0x5D { s.pos += 1; return [] }
        let first = s.pos
        var starts = [first]
        let pieces = pieces ?? (s.end - first > 1 << 20 ? Parallel.threads * 4 : 1)
        for k in 1..<max(pieces, 1) {
            if let c = boundary(s, from: first + (s.end - first) * k / pieces), c > starts.last! { starts.append(c) }
        }
        var results = [Piece?](repeating: nil, count: starts.count)
        let scanner = s
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(starts.count) { k in
                out[k] = piece(scanner, from: starts[k], limit: k + 1 < starts.count ? starts[k + 1] : Int.max)
            }
        }
        var all = [ParsedFeature]()
        var k = 0
        while true {
            let r = results[k]!
            all += r.features
            if let stop = r.stop { failed = all.count + 1; throw stop }
            if r.arrayEnded { s.pos = r.end; return all }
            if k + 1 < starts.count && r.end == starts[k + 1] { k += 1; continue }
            // A wrong guess: the rest in one piece from where this one ended.
            let rest = piece(scanner, from: r.end, limit: Int.max)
            all += rest.features
            if let stop = rest.stop { failed = all.count + 1; throw stop }
            s.pos = rest.end
            return all
        }
    }

    private struct Piece {
        var features: [ParsedFeature] = []
        var end = 0
        var arrayEnded = false
        var stop: JSONScanStop?
    }

    /// Features from `start` (a '{') until the next one starts at or after `limit`, or the array ends.
    private static func piece(_ scanner: JSONScanner, from start: Int, limit: Int) -> Piece {
        var s = scanner
        s.pos = start
        var p = Piece()
        do throws(JSONScanStop) {
            while true {
                guard s.peek() == 0x7B else { throw s.truncatedOr("expected a feature object") }
                p.features.append(try feature(&s))
                if try s.next(close: 0x5D) {
                    s.skipWhitespace()
                    if s.pos >= limit { p.end = s.pos; return p }
                } else {
                    p.end = s.pos; p.arrayEnded = true; return p
                }
            }
        } catch {
            p.stop = error
            return p
        }
    }

    /// The first "}" "," "{" at or after `offset` (blanks between): the '{' position.
    private static func boundary(_ s: JSONScanner, from offset: Int) -> Int? {
        var p = offset
        while p < s.end {
            if s.byte(p) == 0x7D {
                var q = p + 1
                while q < s.end, s.byte(q) == 0x20 || s.byte(q) == 0x0A || s.byte(q) == 0x0D || s.byte(q) == 0x09 { q += 1 }
                if q < s.end, s.byte(q) == 0x2C {
                    q += 1
                    while q < s.end, s.byte(q) == 0x20 || s.byte(q) == 0x0A || s.byte(q) == 0x0D || s.byte(q) == 0x09 { q += 1 }
                    if q < s.end, s.byte(q) == 0x7B { return q }
                }
            }
            p += 1
        }
        return nil
    }

    // MARK: one feature

    struct ParsedFeature {
        var geometry: Geometry?
        var keys: [String] = []
        var values: [JSONScalar] = []
    }

    /// The members of a feature as they come (in any order).
    struct FeatureState {
        var feature = ParsedFeature()
        var sawType = false
        var hasID = false
        var touched = false
        var seen: UInt8 = 0

        mutating func member(_ key: Key, _ s: inout JSONScanner) throws(JSONScanStop) {
            touched = true
            // A repeated member: json-c keeps the last one; left to it.
            let bit: UInt8 = key == .id ? 1 : key == .properties ? 2 : key == .geometry ? 4 : 0
            guard seen & bit == 0 else { throw .unsupported("a repeated feature member") }
            seen |= bit
            switch key {
            case .id:
                // An integer id is OGR's FID; others become a field there.
                guard s.peek() != 0x22, case .integer = try s.scalar() else { throw .unsupported("a feature id that is not an integer") }
                hasID = true
            case .properties:
                guard let b = s.peek() else { throw s.truncatedOr("") }
                if b == 0x6E { try s.literal("null"); return }
                guard b == 0x7B else { throw s.malformed("properties must be an object") }
                s.pos += 1
                if s.peek() == 0x7D { s.pos += 1; return }
                repeat {
                    let k = try s.string()
                    if k.isEmpty { throw .unsupported("an empty property name") }
                    try s.expect(0x3A, "':' after a property name")
                    feature.keys.append(k)
                    feature.values.append(try s.scalar())
                } while try s.next(close: 0x7D)
            case .geometry:
                feature.geometry = try GeoJSONReader.geometry(&s)
            default:
                try s.skipValue()
            }
        }

        func finish() throws(JSONScanStop) -> ParsedFeature {
            guard sawType else { throw .unsupported("a feature without type") }
            // Without a properties member OGR takes the feature's other members as fields.
            guard seen & 2 != 0 else { throw .unsupported("a feature without properties") }
            if hasID && feature.keys.contains("id") { throw .unsupported("an id member and an id property") }
            return feature
        }
    }

    private static func feature(_ s: inout JSONScanner) throws(JSONScanStop) -> ParsedFeature {
        try s.expect(0x7B, "'{' starting a feature")
        var st = FeatureState()
        if s.peek() == 0x7D { throw .unsupported("an empty feature") }
        repeat {
            let key = try Key.read(&s)
            if case .type = key {
                guard let r = try s.rawString(), s.bytes(r, equal: "Feature") else { throw .unsupported("a features element that is not a Feature") }
                st.sawType = true
            } else {
                try st.member(key, &s)
            }
        } while try s.next(close: 0x7D)
        return try st.finish()
    }

    // MARK: geometry

    /// A Polygon or MultiPolygon (or null); everything else is left to OGR.
    private static func geometry(_ s: inout JSONScanner) throws(JSONScanStop) -> Geometry? {
        guard let b = s.peek() else { throw s.truncatedOr("") }
        if b == 0x6E { try s.literal("null"); return nil }
        guard b == 0x7B else { throw s.malformed("geometry must be an object or null") }
        s.pos += 1
        var type = 0            // nesting depth the type asks for: 3 Polygon, 4 MultiPolygon
        var g: Geometry?, depth = 0
        if s.peek() == 0x7D { throw .unsupported("an empty geometry object") }
        repeat {
            switch try Key.read(&s) {
            case .type:
                guard let r = try s.rawString() else { throw .unsupported("escaped geometry type") }
                if s.bytes(r, equal: "Polygon") { type = 3 } else if s.bytes(r, equal: "MultiPolygon") { type = 4 }
                else { throw .unsupported("geometries other than polygons") }
            case .coordinates:
                (g, depth) = try polygons(&s)
            case .geometries:
                throw .unsupported("a GeometryCollection")
            default:
                try s.skipValue()
            }
        } while try s.next(close: 0x7D)
        guard type != 0, depth == type, g != nil else { throw .unsupported("a geometry without polygon coordinates") }
        return g
    }

    /// Polygon (depth 3) or MultiPolygon (depth 4) coordinates, told apart by their nesting.
    private static func polygons(_ s: inout JSONScanner) throws(JSONScanStop) -> (Geometry, Int) {
        let start = s.pos
        var depth = 0
        while s.peek() == 0x5B { depth += 1; s.pos += 1 }
        s.pos = start
        guard depth == 3 || depth == 4 else { throw .unsupported("coordinates that are not polygons") }
        var g = Geometry(kind: .polygon, xs: [], ys: [], partOffsets: [0], polygonOffsets: [0])
        if depth == 3 {
            try polygon(&s, into: &g)
        } else {
            try s.expect(0x5B, "'['")
            repeat { try polygon(&s, into: &g) } while try s.next(close: 0x5D)
        }
        return (g, depth)
    }

    private static func polygon(_ s: inout JSONScanner, into g: inout Geometry) throws(JSONScanStop) {
        try s.expect(0x5B, "'[' starting a polygon")
        if s.peek() == 0x5D { throw .unsupported("an empty polygon") }
        repeat {
            try s.expect(0x5B, "'[' starting a ring")
            if s.peek() == 0x5D { throw .unsupported("an empty ring") }
            let first = g.xs.count
            repeat {
                try s.expect(0x5B, "'[' starting a position")
                let x = try s.number().value
                try s.expect(0x2C, "',' between coordinates")
                let y = try s.number().value
                if try s.next(close: 0x5D) {
                    _ = try s.number()      // Z, dropped as OGR's 2D reading drops it
                    try s.expect(0x5D, "']' closing a position")
                }
                g.xs.append(x); g.ys.append(y)
            } while try s.next(close: 0x5D)
            // OGR keeps rings of fewer than four points and unclosed ones as they are; the
            // tool's bridge then drops or keeps them: left to that path.
            let n = g.xs.count - first
            guard n >= 4, g.xs[first] == g.xs[first + n - 1], g.ys[first] == g.ys[first + n - 1] else {
                throw .unsupported("a ring of fewer than four points or not closed")
            }
            g.partOffsets.append(g.xs.count)
        } while try s.next(close: 0x5D)
        g.polygonOffsets.append(g.partOffsets.count - 1)
    }

    // MARK: member names

    enum Key {
        case type, id, properties, geometry, coordinates, geometries, features, name, crs, other

        static func read(_ s: inout JSONScanner) throws(JSONScanStop) -> Key {
            let key: Key
            if let r = try s.rawString() {
                switch r.count {
                case 2: key = s.bytes(r, equal: "id") ? .id : .other
                case 3: key = s.bytes(r, equal: "crs") ? .crs : .other
                case 4: key = s.bytes(r, equal: "type") ? .type : s.bytes(r, equal: "name") ? .name : .other
                case 8: key = s.bytes(r, equal: "geometry") ? .geometry : s.bytes(r, equal: "features") ? .features : .other
                case 10: key = s.bytes(r, equal: "properties") ? .properties : s.bytes(r, equal: "geometries") ? .geometries : .other
                case 11: key = s.bytes(r, equal: "coordinates") ? .coordinates : .other
                default: key = .other
                }
            } else {
                let name = try s.string()
                key = ["type": .type, "id": .id, "properties": .properties, "geometry": .geometry, "coordinates": .coordinates,
                       "geometries": .geometries, "features": .features, "name": .name, "crs": .crs][name] ?? .other
            }
            try s.expect(0x3A, "':' after a member name")
            return key
        }
    }

    // MARK: the table

    /// Fields in OGR's order and with its types. OGR orders the union of the property names
    /// so that each feature's order holds; when one feature names them all and the others
    /// keep its order, that order is the only one that does.
    private static func table(_ features: [ParsedFeature], name: String) throws(JSONScanStop) -> FeatureTable {
        var union = Set<String>()
        for f in features { union.formUnion(f.keys) }
        var order: [String] = []
        if !union.isEmpty {
            guard let full = features.first(where: { Set($0.keys).count == union.count }) else {
                throw .unsupported("no feature names every property")
            }
            order = full.keys
        }
        var index = [String: Int]()
        for (i, k) in order.enumerated() { index[k] = i }
        var seen = [Kinds](repeating: [], count: order.count)
        var columns = [[Int]]()        // per feature: the field index of each of its values
        columns.reserveCapacity(features.count)
        for f in features {
            var last = -1
            var idx = [Int]()
            idx.reserveCapacity(f.keys.count)
            for (k, v) in zip(f.keys, f.values) {
                let i = index[k]!
                guard i > last else { throw .unsupported("properties in an order OGR reconciles") }
                last = i
                idx.append(i)
                seen[i].insert(Kinds(v))
                if case .string(let t) = v, looksLikeDate(t) { throw .unsupported("a date-like string") }
            }
            columns.append(idx)
        }
        var fields = [Field]()
        for (i, k) in order.enumerated() {
            let s = seen[i].subtracting(.null)
            let type: FieldType
            switch s {
            case [], .string: type = .string
            case .bool, .integer: type = .integer
            case .real, [.integer, .real]: type = .real
            default: throw .unsupported("values of different types in '\(k)'")
            }
            fields.append(Field(k, type))
        }
        var t = FeatureTable(name: name, crs: .wgs84, geometryKind: nil, fields: fields)
        t.features.reserveCapacity(features.count)
        for (f, idx) in zip(features, columns) {
            var values = [FieldValue](repeating: .null, count: fields.count)
            for (v, i) in zip(f.values, idx) {
                switch v {
                case .null: values[i] = .null
                case .bool(let b): values[i] = .integer(b ? 1 : 0)
                case .integer(let n): values[i] = fields[i].type == .real ? .real(Double(n)) : .integer(n)
                case .real(let d): values[i] = .real(d)
                case .string(let s): values[i] = .string(s)
                }
            }
            t.features.append(Feature(geometry: f.geometry, values: values))
        }
        t.geometryKind = t.features.first { $0.geometry != nil }?.geometry?.kind
        return t
    }

    private struct Kinds: OptionSet {
        let rawValue: UInt8
        static let null = Kinds(rawValue: 1), bool = Kinds(rawValue: 2), integer = Kinds(rawValue: 4)
        static let real = Kinds(rawValue: 8), string = Kinds(rawValue: 16)
        init(rawValue: UInt8) { self.rawValue = rawValue }
        init(_ v: JSONScalar) {
            switch v {
            case .null: self = .null
            case .bool: self = .bool
            case .integer: self = .integer
            case .real: self = .real
            case .string: self = .string
            }
        }
    }

    /// Strings OGR may type as Date, Time or DateTime (and then print its own way): a digit
    /// or sign first, and a date or time separator.
    private static func looksLikeDate(_ s: String) -> Bool {
        let u = s.utf8
        guard u.count <= 64 else { return false }
        guard let c = u.first(where: { $0 != 0x20 }), (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B else { return false }
        return u.dropFirst().contains { $0 == 0x2D || $0 == 0x2F || $0 == 0x3A }
    }
}
