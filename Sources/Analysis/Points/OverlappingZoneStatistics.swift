import GeoCore
import GeoIO

extension PointStatistics {
    /// The table for zones that may overlap (urban clusters by plan membership): a point
    /// counts in every zone its unit belongs to, so zone shares may add to more than 1, while
    /// the totals (and the `outside` row) count each point once.
    public init(set: ZoneSet, zonesOfUnit: [[Int32]], unitOfPoint: [Int32], points: PointSet) {
        self.init(set: set, categoryNames: points.categoryNames, weighted: points.weights != nil)
        add(zonesOfUnit: zonesOfUnit, unitOfPoint: unitOfPoint, points: points)
        finishShares()
    }

    /// Adds a block of points to a table of overlapping zones: each point to every zone of
    /// its unit (the first one counts it in the totals), in point order, so a zone's sums
    /// do not depend on how the points were cut into blocks.
    public mutating func add(zonesOfUnit: [[Int32]], unitOfPoint: [Int32], points: PointSet) {
        growCategories(points.categoryNames)
        if onceWeight.isEmpty { onceWeight = [Double](repeating: 0, count: rows.count) }
        for i in 0..<unitOfPoint.count {
            let w = points.weights?[i] ?? 1
            let c = points.categories?[i]
            if let c { categoryTotals[Int(c)] += w }
            let zs = unitOfPoint[i] < 0 ? [] : zonesOfUnit[Int(unitOfPoint[i])]
            if zs.isEmpty {
                outside.count += 1; outside.weightSum += w
                if let c { outside.byCategory[Int(c)] += w }
            }
            if let first = zs.first { onceWeight[Int(first)] += w }
            for z in zs {
                rows[Int(z)].count += 1; rows[Int(z)].weightSum += w
                if let c { rows[Int(z)].byCategory[Int(c)] += w }
            }
        }
        totalCount += unitOfPoint.count
    }
}
