import GeoCore
import GeoIO

extension PointStatistics {
    /// The table for zones that may overlap (urban clusters by plan membership): a point
    /// counts in every zone its unit belongs to, so zone shares may add to more than 1, while
    /// the totals (and the `outside` row) count each point once.
    public init(set: ZoneSet, zonesOfUnit: [[Int32]], unitOfPoint: [Int32], points: PointSet) {
        let first = unitOfPoint.map { $0 < 0 ? Int32(-1) : (zonesOfUnit[Int($0)].first ?? -1) }
        self.init(set: set, zoneOfPoint: first, points: points)
        var extra = false
        for i in 0..<unitOfPoint.count where unitOfPoint[i] >= 0 {
            let zs = zonesOfUnit[Int(unitOfPoint[i])]
            guard zs.count > 1 else { continue }
            let w = points.weights?[i] ?? 1
            for z in zs.dropFirst() {
                rows[Int(z)].count += 1; rows[Int(z)].weightSum += w
                if let c = points.categories?[i] { rows[Int(z)].byCategory[Int(c)] += w }
                extra = true
            }
        }
        guard extra else { return }
        for k in rows.indices {
            rows[k].share = totalCount > 0 ? Double(rows[k].count) / Double(totalCount) : 0
            rows[k].weightShare = totalWeight > 0 ? rows[k].weightSum / totalWeight : 0
        }
    }
}
