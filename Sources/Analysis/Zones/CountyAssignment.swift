import GeoCore
import GeoIO
import Kernels

/// Assigns points to zones of the named sets through one prepared index over the 2,875
/// counties: a point's county decides its prefecture, province, region and cluster, so any
/// number of named zone sets share a single point-in-polygon pass. The Hu Line sides are
/// decided by the line itself (exactly), not by counties.
public final class CountyAssignment {
    public let index: PolygonIndex
    public let countyCodes: [String]
    public let prefectureOf: [String]
    public let provinceOf: [String]

    public init(data: EmbeddedData) throws {
        let t = try data.layer("counties")
        countyCodes = t.strings("adcode")!
        prefectureOf = t.strings("prefecture_adcode")!
        provinceOf = t.strings("province_adcode")!
        index = PolygonIndex(zones: t.features.map { f in
            let g = f.geometry!
            return (g.xs, g.ys, g.partOffsets)
        })
    }

    /// County index per point (-1 outside every county), in parallel, deterministic.
    public func counties(of points: PointSet) -> [Int32] {
        var out = [Int32](repeating: -1, count: points.count)
        points.xs.withUnsafeBufferPointer { xp in
            points.ys.withUnsafeBufferPointer { yp in
                out.withUnsafeMutableBufferPointer { op in index.zones(xs: xp, ys: yp, into: op) }
            }
        }
        return out
    }

    /// For a named zone set, the zone index of each county (-1 when the county is in none).
    public func zoneOfCounty(in set: ZoneSet, name: ZoneSetName) -> [Int32] {
        var byCode = [String: Int32]()
        for (i, z) in set.zones.enumerated() {
            if z.members.isEmpty { byCode[z.code] = Int32(i) }
            for m in z.members where byCode[m] == nil { byCode[m] = Int32(i) }
        }
        let key: [String]
        switch name {
        case .county: key = countyCodes
        case .prefecture, .cluster: key = prefectureOf
        case .province, .region4, .region7, .northsouth, .thirdfront: key = provinceOf
        case .huline: return [Int32](repeating: -1, count: countyCodes.count)
        }
        return key.map { byCode[$0] ?? -1 }
    }
}
