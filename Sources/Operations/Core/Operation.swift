import GeoCore

/// An analysis as a value: a typed, `Codable` request with one `run`.
///
/// The CLI builds requests from its flags, a style's computed source and a study file from
/// JSON; all of them call the same `run`, so one set of inputs gives one set of bytes
/// whichever way it came in. `validate` checks the request's own fields (before any input is
/// read) and its errors name fields, never flags: the caller says how a field was spelled.
public protocol Operation: Codable, Sendable {
    /// The request's name in study files ("stats", "density", …).
    static var kind: String { get }
    func validate() throws
    func run(_ context: RunContext) throws -> OperationResult
}

/// A request field with a bad value. `field` is the Swift property name; the CLI prints it
/// as its flag (`minShare` → `--min-share`), a study file as its key (`min_share`).
public struct FieldError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var value: String?
    public var message: String

    public init(_ field: String, _ value: String? = nil, _ message: String) {
        self.field = field; self.value = value; self.message = message
    }

    public var description: String { "\(FieldError.snake(field))\(value.map { " \($0)" } ?? ""): \(message)" }

    /// `minShare` → `min_share`.
    public static func snake(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// `minShare` → `--min-share`.
    public static func flag(_ name: String) -> String {
        "--" + snake(name).replacingOccurrences(of: "_", with: "-")
    }

    /// The error as a HinterlandError, the field spelled by `spell`.
    public func spelled(_ spell: (String) -> String) -> HinterlandError {
        HinterlandError(spell(field) + (value.map { " \($0)" } ?? ""), message)
    }
}
