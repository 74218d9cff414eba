/// The one error type the library throws: what went wrong, where, in one line.
///
/// `subject` names the file, layer, feature or row; `message` says what is wrong with it.
/// The CLI prints `hinterland: <subject>: <message>` and exits non-zero.
public struct HinterlandError: Error, CustomStringConvertible, Sendable {
    public var subject: String
    public var message: String

    public init(_ subject: String, _ message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String {
        subject.isEmpty ? message : "\(subject): \(message)"
    }
}
