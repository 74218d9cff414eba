import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO
@testable import Kernels

/// A layer read a block at a time gives the same tables and the same surface, bit for bit,
/// as the layer read whole: the sums are made in the same order.
struct StreamedPointsTests {
    /// 20,000 points, deterministic: in and around China, weights, categories, a few bad rows.
    static func file() throws -> String {
        var s: UInt64 = 7
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        var text = "id,lon,lat,w,kind\n"
        for i in 0..<20_000 {
            if i % 997 == 5 { text += "\(i),abc,30,1,x\n"; continue }
            if i % 1999 == 7 { text += "\(i),30.5,104.2,1,x\n"; continue }     // swapped: out of range
            let lon = 73 + next() * 62, lat = 18 + next() * 36
            text += "\(i),\(lon),\(lat),\(String(format: "%.3f", next() * 100)),\(["a", "b", "c", "d"][Int(next() * 4)])\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func statisticsOfBlocksEqualTheWholeLayer() throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let opts = PointReadOptions(weight: "w", category: "kind")
        let points = try PointReader.read(path: path, options: opts)
        try Shared.with { builder in
            let assignment = try builder.assignment(.county)
            let names: [ZoneSetName] = [.province, .cluster, .huline, .region4]
            let sets = try names.map { try builder.build($0) }
            // The whole layer, as the command makes its tables.
            let units = assignment.units(of: points)
            var whole = [PointStatistics]()
            for (set, name) in zip(sets, names) {
                if name == .cluster {
                    whole.append(PointStatistics(set: set, zonesOfUnit: assignment.zonesOfUnit(in: set), unitOfPoint: units, points: points))
                } else {
                    whole.append(PointStatistics(set: set, zoneOfPoint: try assignment.zones(of: units, in: set, name: name, points: points), points: points))
                }
            }
            for blockSize in [4096, 65_536, 1 << 23] {
                var stream = PointStream(path: path, options: opts)
                stream.blockSize = blockSize
                let tally = PointStatisticsStream(targets: zip(sets, names).map { .named($0, $1, overlapping: $1 == .cluster) }, assignment: assignment)
                let (tables, account, count) = try tally.run(stream)
                #expect(count == points.count && account.skipped == points.skipped && account.firstSkip == points.firstSkip)
                #expect(account.swappedLooking == points.swappedLooking && account.categoryNames == points.categoryNames)
                #expect(PointStatisticsTable.csv(tables, minShare: nil) == PointStatisticsTable.csv(whole, minShare: nil), "blocks of \(blockSize) bytes")
                #expect(PointStatisticsTable.csv(tables, minShare: 0.05) == PointStatisticsTable.csv(whole, minShare: 0.05))
                for (a, b) in zip(tables, whole) {
                    #expect(a.totalWeight.bitPattern == b.totalWeight.bitPattern && a.totalCount == b.totalCount)
                    #expect(zip(a.rows, b.rows).allSatisfy { $0.weightSum.bitPattern == $1.weightSum.bitPattern && $0.count == $1.count && $0.byCategory == $1.byCategory })
                }
            }
        }
        #expect(points.skipped > 0 && points.swappedLooking > 0)
    }

    /// An independent count: points per province by testing every point against every
    /// province polygon (no index), against the streamed table.
    @Test func streamedCountsMatchBruteForce() throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = PointStream(path: path)
        stream.blockSize = 8192
        let points = try PointReader.read(path: path)
        try Shared.with { builder in
            let set = try builder.build(.province, geometry: true)
            let (tables, _, _) = try PointStatisticsStream(targets: [.named(set, .province, overlapping: false)], assignment: try builder.assignment(.province)).run(stream)
            for (k, zone) in set.zones.enumerated() where ["110000", "510000", "650000"].contains(zone.code) {
                let g = zone.geometry!
                let n = (0..<points.count).filter { g.contains(x: points.xs[$0], y: points.ys[$0]) }.count
                #expect(tables[0].rows[k].count == n, "\(zone.code): \(tables[0].rows[k].count) vs \(n)")
            }
        }
    }

    @Test(arguments: [true, false])
    func densityOfBlocksEqualsTheWholeLayer(clipped: Bool) throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let opts = PointReadOptions(weight: "w")
        let points = try PointReader.read(path: path, options: opts)
        var o = DensityOptions()
        o.cell = 20_000; o.bandwidth = .fixed(60_000)
        let clip = clipped ? [Geometry.polygon(ring: [90, 120, 120, 90, 90], [20, 20, 45, 45, 20])] : nil
        let whole = try KernelDensity.estimate(points: points, options: o, clip: clip)
        var stream = PointStream(path: path, options: opts)
        stream.blockSize = 16_384
        let blocks: KernelDensity.Blocks = { body in _ = try stream.forEachBlock(body) }
        let r = try KernelDensity.estimate(blocks: blocks, options: o, clip: clip)
        #expect(r.grid.width == whole.grid.width && r.grid.height == whole.grid.height && r.pointsUsed == whole.pointsUsed)
        #expect(r.weightTotal.bitPattern == whole.weightTotal.bitPattern)
        #expect(zip(r.grid.values, whole.grid.values).allSatisfy { $0.bitPattern == $1.bitPattern })
        // In bands too.
        var bands = [Float]()
        let rows = try KernelDensity.InRows(blocks: blocks, plan: try KernelDensity.layout(blocks: blocks, all: nil, options: o, clip: clip), options: o)
        try rows.run(bandRows: 9) { g in bands += g.values[0..<(g.width * g.height)] }
        #expect(bands.count == whole.grid.values.count && zip(bands, whole.grid.values).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}
