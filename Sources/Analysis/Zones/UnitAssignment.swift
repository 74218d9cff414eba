import GeoCore
import GeoIO
import Kernels

/// Assigns points to the zones of the named sets through one prepared index over the
/// administrative units of the coarsest level that serves them all (provinces for
/// province-based sets, prefectures for prefectures and clusters, counties for counties):
/// a point's unit decides its province, region and cluster, so any number of named zone sets
/// share a single point-in-polygon pass. The Hu Line sides are decided by the line itself.
public final class UnitAssignment {
    public enum Level: Int, Comparable, Sendable {
        case province, prefecture, county
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var layer: String { ["provinces", "prefectures", "counties"][rawValue] }
    }

    public let level: Level
    public let index: PolygonIndex
    public let unitCodes: [String]
    let prefectureOf: [String]
    let provinceOf: [String]

    /// The level a named zone set needs (in its default variant: clusters by plan at county
    /// level, north/south and the Third Front by prefecture).
    public static func level(for name: ZoneSetName) -> Level {
        level(for: name, variant: .standard)
    }

    /// The level a named zone set needs in a given variant.
    public static func level(for name: ZoneSetName, variant: ZoneSetVariant) -> Level {
        switch name {
        case .county: return .county
        case .cluster: return variant.membership == .plan ? .county : .prefecture
        case .prefecture: return .prefecture
        case .northsouth, .thirdfront: return variant.level == .prefecture ? .prefecture : .province
        default: return .province
        }
    }

    public init(data: EmbeddedData, level: Level) throws {
        self.level = level
        let t = try data.layer(level.layer)
        unitCodes = t.strings("adcode")!
        prefectureOf = level == .county ? t.strings("prefecture_adcode")! : level == .prefecture ? unitCodes : []
        provinceOf = level == .province ? unitCodes : t.strings("province_adcode")!
        index = PolygonIndex(zones: t.features.map { f in
            let g = f.geometry!
            return (g.xs, g.ys, g.partOffsets)
        })
    }

    /// Unit index per point (-1 outside every unit), in parallel, deterministic.
    public func units(of points: PointSet) -> [Int32] {
        var out = [Int32](repeating: -1, count: points.count)
        points.xs.withUnsafeBufferPointer { xp in
            points.ys.withUnsafeBufferPointer { yp in
                out.withUnsafeMutableBufferPointer { op in index.zones(xs: xp, ys: yp, into: op) }
            }
        }
        return out
    }

    /// For a named zone set, the zone index of each unit (-1 when the unit is in none): by the
    /// unit's own code, else its prefecture's, else its province's, so a set whose members are
    /// counties, prefectures or provinces (or a mix) works with any index at least as fine.
    /// A unit listed by two zones goes to the first.
    public func zoneOfUnit(in set: ZoneSet, name: ZoneSetName) -> [Int32] {
        if name == .huline { return [Int32](repeating: -1, count: unitCodes.count) }
        let byCode = set.zoneOfUnitCode
        return unitCodes.indices.map { i in
            byCode[unitCodes[i]] ?? (prefectureOf.isEmpty ? nil : byCode[prefectureOf[i]]) ?? byCode[provinceOf[i]] ?? -1
        }
    }

    /// Every zone of each unit, for sets whose zones overlap (clusters by plan membership).
    public func zonesOfUnit(in set: ZoneSet) -> [[Int32]] {
        var of = [String: [Int32]]()
        for (i, z) in set.zones.enumerated() {
            for m in z.members.isEmpty ? [z.code] : z.members where of[m]?.last != Int32(i) { of[m, default: []].append(Int32(i)) }
        }
        return unitCodes.indices.map { i in
            of[unitCodes[i]] ?? (prefectureOf.isEmpty ? nil : of[prefectureOf[i]]) ?? of[provinceOf[i]] ?? []
        }
    }

    /// Zone index per point for a named set, from each point's unit.
    public func zones(of unitOfPoint: [Int32], in set: ZoneSet, name: ZoneSetName, points: PointSet) throws -> [Int32] {
        if name == .huline {
            let hu = try HuLine()
            return (0..<unitOfPoint.count).map { i in
                unitOfPoint[i] < 0 ? -1 : (hu.isEast(lon: points.xs[i], lat: points.ys[i]) ? 0 : 1)
            }
        }
        let map = zoneOfUnit(in: set, name: name)
        return unitOfPoint.map { $0 < 0 ? -1 : map[Int($0)] }
    }
}
