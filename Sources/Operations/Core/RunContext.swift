import Foundation
import Analysis
import GeoCore
import GeoIO

/// What the requests of one run share: the embedded data, zone-set builders per accounting
/// rule, point layers read once, and where messages go.
public final class RunContext: @unchecked Sendable {
    public let data: EmbeddedData
    private var builders: [ZoneAccounting: ZoneSetBuilder] = [:]
    private var pointCache: [PointKey: PointSet] = [:]
    private let lock = NSLock()
    /// Warnings (data problems the run worked around) and notes (method statements).
    public var warn: @Sendable (String) -> Void = { _ in }
    public var note: @Sendable (String) -> Void = { _ in }
    /// Called with a fraction while a point layer is read (for a progress line on a terminal).
    public var readingProgress: (@Sendable (String, Double?) -> Void)?

    public init(data: EmbeddedData? = nil) throws {
        self.data = try data ?? EmbeddedData()
    }

    public func builder(_ accounting: Accounting) throws -> ZoneSetBuilder {
        let a = accounting.rule
        lock.lock(); defer { lock.unlock() }
        if let b = builders[a] { return b }
        let b = try ZoneSetBuilder(data: data, accounting: a)
        builders[a] = b
        return b
    }

    struct PointKey: Hashable { var input: PointInput; var category: String? }

    /// A point layer, read once per run for the same input and category field.
    public func points(_ input: PointInput, category: String? = nil) throws -> PointSet {
        let key = PointKey(input: input, category: category)
        lock.lock()
        if let p = pointCache[key] { lock.unlock(); return p }
        lock.unlock()
        let p = try input.read(category: category, context: self)
        lock.lock(); pointCache[key] = p; lock.unlock()
        return p
    }
}
