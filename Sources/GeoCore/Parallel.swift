import Dispatch

/// Work split over the machine's cores in fixed pieces, so results never depend on how
/// many threads ran (each piece writes only its own output).
public enum Parallel {
    /// The number of threads to use; `HINTERLAND_THREADS` overrides (1 = serial).
    public static let threads: Int = {
        if let s = getenv("HINTERLAND_THREADS"), let n = Int(String(cString: s)), n > 0 { return n }
        return max(ProcessInfo.processInfo.activeProcessorCount, 1)
    }()

    /// Calls `body(i)` for i in 0..<count, concurrently unless there is one thread or one item.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if threads == 1 || count <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        // The pieces write disjoint outputs through raw pointers, which Swift cannot prove
        // race-free; the box states that we do.
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedSendable(escaping)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }

    /// Cells per piece in `forEachChunk`: fixed, so pieces never depend on the thread count.
    public static let chunk = 1 << 20

    /// How many pieces `forEachChunk` cuts `count` items into.
    public static func chunkCount(_ count: Int) -> Int { (count + chunk - 1) / chunk }

    /// Calls `body(k, range)` for each fixed piece k of 0..<count, concurrently.
    public static func forEachChunk(_ count: Int, _ body: (Int, Range<Int>) -> Void) {
        forEach(chunkCount(count)) { k in body(k, (k * chunk)..<min((k + 1) * chunk, count)) }
    }
}

public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

import Foundation

/// A value made on another thread while the caller does something else; `value()` waits for
/// it (and rethrows its error). For independent set-up steps, such as opening a raster (GDAL
/// reads its CRS through PROJ's database) while the zones load.
public final class Background<T>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Result<T, Error>?

    public init(_ work: @escaping () throws -> T) {
        let box = UncheckedSendable(work)
        group.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try box.value() }
            group.leave()
        }
    }

    public func value() throws -> T {
        group.wait()
        return try result!.get()
    }
}
