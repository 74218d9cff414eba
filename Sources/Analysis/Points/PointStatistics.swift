import Foundation
import GeoCore
import GeoIO
import Kernels

/// Counts, weights and shares of a point layer by zone: the statistics of Zhao, Lu and Qi 2026,
/// Table 3 and Figures 3–5 (shares of energy bases, SOEs, listed companies, labs by region,
/// cluster and Hu Line side), for any point layer and any zone set.
public struct PointStatistics: Sendable {
    public struct Row: Sendable {
        public var code: String
        public var name: String
        public var count: Int = 0
        public var weightSum: Double = 0
        public var areaKm2: Double?
        public var population: Int64?
        public var byCategory: [Double] = []
        /// Filled by `finish`.
        public var share = 0.0
        public var weightShare = 0.0
    }

    public var zoneSet: String
    public var rows: [Row]
    /// Points in no zone.
    public var outside: Row
    public var totalCount = 0
    public var totalWeight = 0.0
    public var categoryNames: [String]
    /// Each category's weight (or count) over all points, each point once.
    public var categoryTotals: [Double]
    public var weighted: Bool
    /// For overlapping zones: each zone's weight from the points it counts first (the totals
    /// count each point once).
    var onceWeight: [Double] = []

    /// Builds the table from each point's zone index (-1 = outside).
    public init(set: ZoneSet, zoneOfPoint: [Int32], points: PointSet) {
        self.init(set: set, categoryNames: points.categoryNames, weighted: points.weights != nil)
        add(zoneOfPoint: zoneOfPoint, points: points)
        finishShares()
    }

    /// An empty table, to which points are added a block at a time (`add`), then
    /// `finishShares`: the same sums, in the same order, as the table built at once.
    public init(set: ZoneSet, categoryNames: [String], weighted: Bool) {
        zoneSet = set.name
        self.categoryNames = categoryNames
        self.weighted = weighted
        let nc = categoryNames.count
        rows = set.zones.map { z in
            var r = Row(code: z.code, name: z.name)
            r.areaKm2 = z.densityAreaKm2 > 0 ? z.densityAreaKm2 : nil
            r.population = z.population
            r.byCategory = [Double](repeating: 0, count: nc)
            return r
        }
        categoryTotals = [Double](repeating: 0, count: nc)
        outside = Row(code: "(outside)", name: "(outside)")
        outside.byCategory = [Double](repeating: 0, count: nc)
    }

    /// Adds a block of points (each point's zone index, -1 = outside); its categories may
    /// name more categories than the table has seen.
    public mutating func add(zoneOfPoint: [Int32], points: PointSet) {
        growCategories(points.categoryNames)
        for i in 0..<zoneOfPoint.count {
            let w = points.weights?[i] ?? 1
            let z = Int(zoneOfPoint[i])
            if let c = points.categories?[i] { categoryTotals[Int(c)] += w }
            if z >= 0 {
                rows[z].count += 1; rows[z].weightSum += w
                if let c = points.categories?[i] { rows[z].byCategory[Int(c)] += w }
            } else {
                outside.count += 1; outside.weightSum += w
                if let c = points.categories?[i] { outside.byCategory[Int(c)] += w }
            }
        }
        totalCount += zoneOfPoint.count
    }

    mutating func growCategories(_ names: [String]) {
        guard names.count > categoryNames.count else { return }
        let more = names.count - categoryNames.count
        categoryNames = names
        for k in rows.indices { rows[k].byCategory += repeatElement(0, count: more) }
        outside.byCategory += repeatElement(0, count: more)
        categoryTotals += repeatElement(0, count: more)
    }

    /// Totals and shares, once every point is in.
    public mutating func finishShares() {
        totalWeight = onceWeight.isEmpty ? rows.reduce(outside.weightSum) { $0 + $1.weightSum } : onceWeight.reduce(outside.weightSum, +)
        for i in rows.indices { finish(&rows[i]) }
        finish(&outside)
    }

    private func finish(_ r: inout Row) {
        r.share = totalCount > 0 ? Double(r.count) / Double(totalCount) : 0
        r.weightShare = totalWeight > 0 ? r.weightSum / totalWeight : 0
    }

    /// Population total of the zones that have one (for location quotients).
    var populationTotal: Double { Double(rows.compactMap(\.population).reduce(0, +)) }

    /// Location quotient against population: the zone's share of the points (or of the
    /// weight, when weighted) over its share of the population; 1 = as many as its people.
    public func locationQuotient(_ r: Row) -> Double? {
        guard let p = r.population, p > 0, populationTotal > 0 else { return nil }
        let inZones = weighted ? rows.reduce(0) { $0 + $1.weightSum } : Double(rows.reduce(0) { $0 + $1.count })
        guard inZones > 0 else { return nil }
        let s = (weighted ? r.weightSum : Double(r.count)) / inZones
        return s / (Double(p) / populationTotal)
    }

    /// Rows in zone order, or by descending share when `sorted` (ties by code), then (outside).
    public func orderedRows(sorted: Bool) -> [Row] {
        let key: (Row) -> Double = { weighted ? $0.weightShare : $0.share }
        let body = sorted ? rows.sorted { key($0) != key($1) ? key($0) > key($1) : $0.code < $1.code } : rows
        return body + [outside]
    }
}
