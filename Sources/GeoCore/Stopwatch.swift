import Foundation

/// Phase timings on stderr when `HINTERLAND_TIMING` is set: where a command spends its time,
/// as wall time and the process's CPU time (user + system, all threads) over the phase; their
/// ratio shows how many cores the phase kept busy.
public struct Stopwatch {
    static let enabled = ProcessInfo.processInfo.environment["HINTERLAND_TIMING"] != nil
    private var last = Date()
    private var lastCPU = Stopwatch.enabled ? Stopwatch.cpuSeconds() : 0
    private let label: String

    public init(_ label: String) { self.label = label }

    /// Prints the time since the previous lap (or the start) under `phase`.
    public mutating func lap(_ phase: String) {
        guard Stopwatch.enabled else { return }
        let now = Date(), cpu = Stopwatch.cpuSeconds()
        FileHandle.standardError.write(Data(String(format: "timing %@ %@: %.3f s (CPU %.3f s)\n", label, phase,
                                                   now.timeIntervalSince(last), cpu - lastCPU).utf8))
        last = now
        lastCPU = cpu
    }

    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(u.ru_utime) + s(u.ru_stime)
    }
}
