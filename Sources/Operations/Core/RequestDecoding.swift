import Foundation
import GeoCore

/// Requests from JSON objects (study entries, style sources): snake_case keys, defaults for
/// absent keys, and an error naming the JSON path for a bad value or an unknown key.
public enum RequestDecoding {
    /// Decodes `object` as a `T`. Keys in `ignoring` belong to the caller (e.g. `output`).
    public static func decode<T: Operation>(_ type: T.Type, from object: [String: Any], at path: String, ignoring: Set<String> = []) throws -> T {
        let body = object.filter { !ignoring.contains($0.key) }
        let data = try JSONSerialization.data(withJSONObject: body)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let request: T
        do { request = try decoder.decode(T.self, from: data) } catch let e as DecodingError {
            throw describe(e, at: path)
        }
        // A key the request does not know comes back from neither decoding nor encoding.
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let known = (try JSONSerialization.jsonObject(with: encoder.encode(request)) as? [String: Any]).map { Set($0.keys) } ?? []
        if let unknown = body.keys.sorted().first(where: { !known.contains($0) && !(body[$0] is NSNull) }) {
            throw HinterlandError("\(path).\(unknown)", "unknown key for \(T.kind) (known: \(known.sorted().joined(separator: ", ")))")
        }
        do { try request.validate() } catch let e as FieldError {
            throw e.spelled { "\(path).\(FieldError.snake($0))" }
        }
        return request
    }

    static func describe(_ e: DecodingError, at path: String) -> HinterlandError {
        func where_(_ keys: [CodingKey]) -> String {
            ([path] + keys.map { $0.intValue.map { "[\($0)]" } ?? FieldError.snake($0.stringValue) }).joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch e {
        case .typeMismatch(let t, let c): return HinterlandError(where_(c.codingPath), "expected \(describe(t))")
        case .valueNotFound(let t, let c): return HinterlandError(where_(c.codingPath), "expected \(describe(t)), found null")
        case .keyNotFound(let k, let c): return HinterlandError(where_(c.codingPath + [k]), "missing")
        case .dataCorrupted(let c): return HinterlandError(where_(c.codingPath), c.debugDescription)
        @unknown default: return HinterlandError(path, "\(e)")
        }
    }

    static func describe(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: return "a string"
        case is Double.Type, is Int.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default: return "\(t)".hasPrefix("Array") ? "a list" : "an object or a word"
        }
    }
}
