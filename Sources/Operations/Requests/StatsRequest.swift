import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// Counts, weights and shares of one or more point layers by one or more zone sets, per
/// period and category (Zhao, Lu and Qi 2026, Table 3 and Figures 3–5).
///
/// Each layer is read once and assigned once to the finest unit level any named set needs;
/// every named set then maps units to zones. Polygon files are indexed and tested directly.
public struct StatsRequest: Operation {
    public static let kind = "stats"
    public var points: [PointInput] = []
    public var by: [String] = []
    public var zones = ZoneOptions()
    public var accounting = Accounting()
    /// A field whose values split each zone's counts by category.
    public var category: String?
    /// A year or date field: one table per period (dates count by their year).
    public var period: String?
    /// With `period`: each zone's share change in percentage points, first to last period.
    public var change = false
    /// Sort zones by share and mark those at or above it.
    public var minShare: Double?
    /// Sentences in this language, per layer × zone set.
    public var sentences: Language?
    /// Whether zone polygons are wanted (for a layer output).
    public var geometry = false

    public init() {}

    enum CodingKeys: String, CodingKey { case points, by, category, period, change, minShare, sentences }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let one = try? c.decode(PointInput.self, forKey: .points) { points = [one] } else { points = try c.value(.points, []) }
        if let one = try? c.decode(String.self, forKey: .by) { by = [one] } else { by = try c.value(.by, []) }
        zones = try ZoneOptions(from: decoder)
        accounting = try Accounting(from: decoder)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        period = try c.decodeIfPresent(String.self, forKey: .period)
        change = try c.value(.change, false)
        minShare = try c.decodeIfPresent(Double.self, forKey: .minShare)
        sentences = try c.decodeIfPresent(Language.self, forKey: .sentences)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(points, forKey: .points); try c.encode(by, forKey: .by)
        try c.encodeIfPresent(category, forKey: .category); try c.encodeIfPresent(period, forKey: .period)
        try c.encode(change, forKey: .change); try c.encodeIfPresent(minShare, forKey: .minShare)
        try c.encodeIfPresent(sentences, forKey: .sentences)
        try zones.encode(to: encoder); try accounting.encode(to: encoder)
    }

    public func validate() throws {
        guard !points.isEmpty else { throw FieldError("points", nil, "give at least one point layer") }
        guard !by.isEmpty else { throw FieldError("by", nil, "give at least one zone set") }
        if let minShare, !(minShare >= 0 && minShare <= 1) { throw FieldError("minShare", String(minShare), "must be between 0 and 1") }
        if change && period == nil { throw FieldError("change", nil, "needs period: the field holding each point's year or date") }
        let labels = points.map(\.label)
        if let dup = labels.first(where: { l in labels.filter { $0 == l }.count > 1 }) {
            throw FieldError("points", dup, "two layers have this label; name them (name=path)")
        }
        for b in by { _ = try zones.named(b) }
    }

    /// One layer's statistics for one zone set in one period ("" without periods).
    public struct Entry: Sendable {
        public var layer: String
        public var period: String
        public var stats: PointStatistics
        public var set: ZoneSet
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        try validate()
        let builder = try context.builder(accounting)
        let named = try by.map { try zones.named($0) }
        let indexLevel = named.compactMap { $0 }.map { UnitAssignment.level(for: $0, variant: zones.variant) }.max()
        var sets = [String: ZoneSet]()
        for (b, n) in zip(by, named) where n != nil { sets[b] = try builder.build(n!, geometry: geometry, variant: zones.variant) }
        // A layer too large to hold is counted a block at a time (no periods: they need it whole).
        let streams = try points.map { period == nil ? try $0.stream(category: category) : nil }
        // Zone files load on another thread while the first layer's points are read (a
        // streamed layer needs its zones first).
        let zoneFiles = streams.first! != nil ? [] : zip(by, named).filter { $1 == nil }.map {
            builder.polygonFileLater(path: $0.0, layer: zones.layer, key: zones.key!, nameField: zones.nameField, strict: zones.strict)
        }
        var entries = [Entry]()
        var accounts = [String: PointSet]()
        for (input, stream) in zip(points, streams) {
            if let stream {
                let (streamed, account) = try streamedEntries(input, stream, named: named, indexLevel: indexLevel, builder: builder, context: context)
                entries += streamed; accounts[input.label] = account
                continue
            }
            let pts = try context.points(input, category: category)
            for file in zoneFiles { _ = try file() }
            let periods = try period.map { _ in try periodsOf(input, pts, context) }
            let assignment = try indexLevel.map { try builder.assignment($0) }
            let unitOfPoint = assignment?.units(of: pts) ?? []
            for (b, name) in zip(by, named) {
                let set: ZoneSet
                var zoneOfPoint: [Int32]
                var zonesOfUnit: [[Int32]]?
                if let name {
                    set = sets[b]!
                    zoneOfPoint = try assignment!.zones(of: unitOfPoint, in: set, name: name, points: pts)
                    if name == .cluster && zones.membership == .plan { zonesOfUnit = assignment!.zonesOfUnit(in: set) }
                } else {
                    (set, zoneOfPoint) = try builder.assign(pts, toZonesOf: b, layer: zones.layer, key: zones.key!, nameField: zones.nameField,
                                                            geometry: geometry, strict: zones.strict)
                    if sets[b] == nil { for r in set.repairs { context.warn(r) } }
                    sets[b] = set
                }
                if !zoneOfPoint.contains(where: { $0 >= 0 }) {
                    throw HinterlandError(input.path, "none of the \(pts.count) points falls in any zone of \(b); " + (try SwapHint.text(pts, builder: builder)))
                }
                func statistics(_ subset: [Int]?) -> PointStatistics {
                    let p = subset.map { pts.subset($0) } ?? pts
                    if let zonesOfUnit {
                        let u = subset.map { s in s.map { unitOfPoint[$0] } } ?? unitOfPoint
                        return PointStatistics(set: set, zonesOfUnit: zonesOfUnit, unitOfPoint: u, points: p)
                    }
                    return PointStatistics(set: set, zoneOfPoint: subset.map { s in s.map { zoneOfPoint[$0] } } ?? zoneOfPoint, points: p)
                }
                if let periods {
                    for (value, members) in periods { entries.append(Entry(layer: input.label, period: value, stats: statistics(members), set: set)) }
                } else {
                    entries.append(Entry(layer: input.label, period: "", stats: statistics(nil), set: set))
                }
            }
        }
        return try result(entries, accounts: accounts, context: context)
    }

    /// One layer's tables from a stream (see `PointStatisticsStream`), and the layer's account.
    func streamedEntries(_ input: PointInput, _ stream: PointStream, named: [ZoneSetName?], indexLevel: UnitAssignment.Level?, builder: ZoneSetBuilder,
                         context: RunContext) throws -> ([Entry], PointSet) {
        var sets = [ZoneSet](), targets = [PointStatisticsStream.Target]()
        for (b, name) in zip(by, named) {
            if let name {
                let set = try builder.build(name, geometry: geometry, variant: zones.variant)
                sets.append(set)
                targets.append(.named(set, name, overlapping: name == .cluster && zones.membership == .plan))
            } else {
                let file = try builder.polygonFile(path: b, layer: zones.layer, key: zones.key!, nameField: zones.nameField, strict: zones.strict)
                for r in file.set.repairs { context.warn(r) }
                var set = file.set
                if !geometry { for i in set.zones.indices { set.zones[i].geometry = nil } }
                sets.append(set)
                targets.append(.polygons(file.set, file.index))
            }
        }
        let tally = PointStatisticsStream(targets: targets, assignment: try indexLevel.map { try builder.assignment($0) })
        let (tables, account, count) = try tally.run(stream)
        try input.report(account, count: count, context: context)
        for (b, stats) in zip(by, tables) where stats.outside.count == stats.totalCount {
            throw HinterlandError(input.path, "none of the \(count) points falls in any zone of \(b); " + (try tally.sample.map { try SwapHint.text($0, builder: builder) } ?? "check the points' CRS and coordinate columns"))
        }
        return (zip(tables, sets).map { Entry(layer: input.label, period: "", stats: $0.0, set: $0.1) }, account)
    }

    /// Each period value (dates by their year) with the indices of its points, in order.
    func periodsOf(_ input: PointInput, _ pts: PointSet, _ context: RunContext) throws -> [(String, [Int])] {
        let byPeriod = try context.points(input, category: period)
        guard byPeriod.count == pts.count, let cats = byPeriod.categories else {
            throw HinterlandError(input.path, "period \(period!): rows with a period and rows with a category differ; check the field")
        }
        let value = byPeriod.categoryNames.map(StatsRequest.periodValue)
        var members = [String: [Int]]()
        for (i, c) in cats.enumerated() { members[value[Int(c)], default: []].append(i) }
        if let blank = members[""] { context.warn("\(input.path): \(blank.count) points have no \(period!); left out of the period tables") }
        members[""] = nil
        return members.sorted { a, b in
            if let x = Double(a.key), let y = Double(b.key) { return x < y }
            return a.key < b.key
        }
    }

    /// "2019-05-01" → "2019"; a year or any other value stays as it is.
    static func periodValue(_ raw: String) -> String {
        let t = raw.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix(4)
        if t.count > 4, digits.count == 4, digits.allSatisfy(\.isNumber), ["-", "/", "."].contains(t[t.index(t.startIndex, offsetBy: 4)]) {
            return String(digits)
        }
        return t
    }

    func result(_ entries: [Entry], accounts: [String: PointSet], context: RunContext) throws -> OperationResult {
        var r = OperationResult()
        let long = points.count > 1 || period != nil
        r.tables.append(NamedTable("stats_" + entries.map(\.stats.zoneSet).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: "_"), StatsTable.csv(entries, minShare: minShare, long: long)))
        if change { r.tables.append(NamedTable("change", StatsTable.changeCSV(entries))) }
        if !long {
            let account = try accounts[points[0].label] ?? context.points(points[0], category: category)
            r.makeJSON = { try PointStatisticsTable.json(entries.map(\.stats), minShare: minShare, points: account) }
        }
        if geometry { r.layers = entries.map { StatsTable.layer($0, minShare: minShare, long: long) } }
        if let minShare {
            for e in entries {
                let s = e.stats
                let top = s.orderedRows(sorted: true).filter { $0.code != "(outside)" && (s.weighted ? $0.weightShare : $0.share) >= minShare }
                let label = [long ? e.layer : nil, e.period.isEmpty ? nil : e.period, s.zoneSet].compactMap { $0 }.joined(separator: " ")
                r.notes.append("\(label): zones at or above \(minShare * 100)%: " + top.map { String(format: "%@ %.1f%%", $0.name, 100 * (s.weighted ? $0.weightShare : $0.share)) }.joined(separator: ", "))
            }
        }
        if let sentences { r.sentences = ShareSentences(language: sentences, minShare: minShare ?? 0.05).text(entries) }
        return r
    }
}
