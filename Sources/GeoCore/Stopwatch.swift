import Foundation

/// Phase timings on stderr when `HINTERLAND_TIMING` is set: where a command spends its time.
public struct Stopwatch {
    static let enabled = ProcessInfo.processInfo.environment["HINTERLAND_TIMING"] != nil
    private var last = Date()
    private let label: String

    public init(_ label: String) { self.label = label }

    /// Prints the time since the previous lap (or the start) under `phase`.
    public mutating func lap(_ phase: String) {
        guard Stopwatch.enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing %@ %@: %.3f s\n", label, phase, now.timeIntervalSince(last)).utf8))
        last = now
    }
}
