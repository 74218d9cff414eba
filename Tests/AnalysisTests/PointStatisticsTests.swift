import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

struct PointStatisticsTests {
    /// Deterministic points over China's bounding box.
    static func randomPoints(_ n: Int, seed: UInt64) -> PointSet {
        var s = seed
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        var p = PointSet(source: "random")
        for _ in 0..<n { p.xs.append(73 + 62 * next()); p.ys.append(18 + 36 * next()) }
        return p
    }

    /// The counts by province equal a brute-force even-odd test against every province.
    @Test func provinceCountsEqualBruteForce() throws {
        let points = Self.randomPoints(3000, seed: 21)
        let (set, zoneOf, provinces) = try Shared.with { b -> (ZoneSet, [Int32], FeatureTable) in
            let set = try b.build(.province)
            // Through the county index, so the test also checks that counties nest in provinces.
            let a = try UnitAssignment(data: b.data, level: .county)
            return (set, try a.zones(of: a.units(of: points), in: set, name: .province, points: points), try b.data.layer("provinces"))
        }
        let stats = PointStatistics(set: set, zoneOfPoint: zoneOf, points: points)
        var brute = [String: Int]()
        let codes = provinces.strings("adcode")!
        let boxes = provinces.features.map { $0.geometry!.boundingBox }
        var outside = 0
        for i in 0..<points.count {
            let hit = provinces.features.indices.first { boxes[$0].contains(x: points.xs[i], y: points.ys[i]) && provinces.features[$0].geometry!.contains(x: points.xs[i], y: points.ys[i]) }
            if let hit { brute[codes[hit], default: 0] += 1 } else { outside += 1 }
        }
        for r in stats.rows { #expect(r.count == brute[r.code, default: 0], "\(r.code)") }
        #expect(stats.outside.count == outside)
    }

    @Test func clusterSharesAreSortedAndAddUpWithOutside() throws {
        let points = Self.randomPoints(20_000, seed: 5)
        let (set, zoneOf) = try Shared.with { b -> (ZoneSet, [Int32]) in
            let set = try b.build(.cluster, membership: .primary)
            let a = try UnitAssignment(data: b.data, level: .prefecture)
            return (set, try a.zones(of: a.units(of: points), in: set, name: .cluster, points: points))
        }
        let stats = PointStatistics(set: set, zoneOfPoint: zoneOf, points: points)
        let rows = stats.orderedRows(sorted: true)
        #expect(rows.last!.code == "(outside)")
        let shares = rows.dropLast().map(\.share)
        #expect(shares == shares.sorted(by: >))
        #expect(abs(rows.reduce(0) { $0 + $1.share } - 1) < 1e-12)
        // Uniform points: a cluster's share is close to its share of the bounding box's area.
        let csv = PointStatisticsTable.csv([stats], minShare: 0.05)
        #expect(csv.hasPrefix("zone_set,zone,name,count,share,weight_sum,weight_share,per_10k_km2,per_million_people,lq,above_min_share\n"))
    }
}
