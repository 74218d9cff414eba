import GeoCore
import GeoIO
import Kernels

/// Point statistics by several zone sets from a layer read a block at a time: each block's
/// points are assigned to units once (one point-in-polygon pass for all named sets), then
/// to each set's zones, and added to its table; the points are dropped after. The tables
/// equal those made from the whole layer at once, sum for sum.
public final class PointStatisticsStream {
    /// A zone set to count by: a named set (through the unit assignment; `overlapping`
    /// counts a point in every zone of its unit) or polygons with their own index.
    public enum Target {
        case named(ZoneSet, ZoneSetName, overlapping: Bool)
        case polygons(ZoneSet, PolygonIndex)
    }

    let targets: [Target]
    let assignment: UnitAssignment?
    let zonesOfUnit: [[[Int32]]?]
    public private(set) var tables: [PointStatistics] = []
    /// The first points read (up to `sampleSize`), for hints when no point falls in a zone.
    public private(set) var sample: PointSet?
    public static let sampleSize = 4096

    public init(targets: [Target], assignment: UnitAssignment?) {
        self.targets = targets
        self.assignment = assignment
        zonesOfUnit = targets.map { t in
            if case .named(let set, _, true) = t { return assignment?.zonesOfUnit(in: set) }
            return nil
        }
    }

    public func add(_ block: PointSet) throws {
        if tables.isEmpty {
            tables = targets.map { t in
                switch t {
                case .named(let set, _, _), .polygons(let set, _):
                    return PointStatistics(set: set, categoryNames: block.categoryNames, weighted: block.weights != nil)
                }
            }
        }
        if sample == nil || sample!.count < Self.sampleSize {
            var s = sample ?? PointSet(source: block.source)
            let n = min(Self.sampleSize - s.count, block.count)
            s.xs += block.xs.prefix(n); s.ys += block.ys.prefix(n)
            sample = s
        }
        let units = assignment?.units(of: block) ?? []
        for (k, t) in targets.enumerated() {
            switch t {
            case .named(let set, let name, let overlapping):
                guard let assignment else { preconditionFailure("named zone sets need a unit assignment") }
                if overlapping, let zu = zonesOfUnit[k] {
                    tables[k].add(zonesOfUnit: zu, unitOfPoint: units, points: block)
                } else {
                    tables[k].add(zoneOfPoint: try assignment.zones(of: units, in: set, name: name, points: block), points: block)
                }
            case .polygons(_, let index):
                var zone = [Int32](repeating: -1, count: block.count)
                block.xs.withUnsafeBufferPointer { xp in block.ys.withUnsafeBufferPointer { yp in
                    zone.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) }
                } }
                tables[k].add(zoneOfPoint: zone, points: block)
            }
        }
    }

    /// Reads `stream` through and returns the finished tables (in the order of the targets)
    /// and the layer's account (see `PointStream.forEachBlock`).
    public func run(_ stream: PointStream) throws -> (tables: [PointStatistics], account: PointSet, count: Int) {
        let (account, count) = try stream.forEachBlock { try add($0) }
        if tables.isEmpty {
            tables = targets.map { t in
                switch t { case .named(let set, _, _), .polygons(let set, _): return PointStatistics(set: set, categoryNames: account.categoryNames, weighted: account.weights != nil) }
            }
        }
        for k in tables.indices { tables[k].growCategories(account.categoryNames); tables[k].finishShares() }
        return (tables, account, count)
    }
}
