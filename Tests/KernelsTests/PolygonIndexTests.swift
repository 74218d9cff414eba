import Testing
@testable import Kernels

struct PolygonIndexTests {
    @Test func agreesWithBruteForceOnRandomPolygons() {
        var rng = SplitMix(seed: 7)
        var zones: [(xs: [Double], ys: [Double], ringOffsets: [Int])] = []
        for k in 0..<12 {
            var z = starRing(cx: Double(k % 4) * 10, cy: Double(k / 4) * 10, radius: 6, vertices: 40, rng: &rng)
            let hole = starRing(cx: Double(k % 4) * 10, cy: Double(k / 4) * 10, radius: 1.5, vertices: 12, rng: &rng)
            let n = z.xs.count
            z.xs += hole.xs; z.ys += hole.ys
            zones.append((z.xs, z.ys, [0, n, z.xs.count]))
        }
        let index = PolygonIndex(zones: zones, gridSize: 37)
        for _ in 0..<20_000 {
            let x = Double.random(in: -8...38, using: &rng), y = Double.random(in: -8...28, using: &rng)
            let expected = zones.firstIndex { bruteContains($0.xs, $0.ys, $0.ringOffsets, x, y) }.map(Int32.init) ?? -1
            #expect(index.zone(x: x, y: y) == expected, "(\(x), \(y))")
        }
    }

    /// A grid of unit squares sharing every border: points on borders and corners land in
    /// exactly one zone, the documented one (east of a vertical border, north of a horizontal).
    @Test func pointsOnSharedBordersLandInExactlyOneZone() {
        var zones: [(xs: [Double], ys: [Double], ringOffsets: [Int])] = []
        for j in 0..<5 { for i in 0..<5 {
            let (x, y) = (Double(i), Double(j))
            zones.append(([x, x + 1, x + 1, x, x], [y, y, y + 1, y + 1, y], [0, 5]))
        } }
        let index = PolygonIndex(zones: zones, gridSize: 8)
        for j in 0...20 { for i in 0...20 {
            let x = Double(i) * 0.25, y = Double(j) * 0.25
            let z = index.zone(x: x, y: y)
            let expectCol = Int(x), expectRow = Int(y)
            if x < 5 && y < 5 {
                #expect(z == Int32(expectRow * 5 + expectCol), "(\(x), \(y)) → \(z)")
            } else {
                #expect(z == -1)
            }
        } }
    }

    /// Zones that overlap resolve to the first in order, also in cells that only the inner
    /// zone's edges enter (the outer zone there is known from the cell's centre alone), and
    /// with axis-parallel (horizontal) edges throughout.
    @Test func overlappingZonesResolveToTheFirstInOrder() {
        let outer = (xs: [0.0, 10, 10, 0, 0], ys: [0.0, 0, 10, 10, 0], ringOffsets: [0, 5])
        var rng = SplitMix(seed: 3)
        let inner = starRing(cx: 5, cy: 5, radius: 2, vertices: 30, rng: &rng)
        let box = (xs: [3.0, 4, 4, 3, 3], ys: [3.0, 3, 4, 4, 3], ringOffsets: [0, 5])
        let star = (xs: inner.xs, ys: inner.ys, ringOffsets: [0, inner.xs.count])
        let orders: [[(xs: [Double], ys: [Double], ringOffsets: [Int])]] = [[outer, star, box], [star, box, outer]]
        for zones in orders {
            let index = PolygonIndex(zones: zones, gridSize: 23)
            for _ in 0..<20_000 {
                let x = Double.random(in: -1...11, using: &rng), y = Double.random(in: -1...11, using: &rng)
                let expected = zones.firstIndex { bruteContains($0.xs, $0.ys, $0.ringOffsets, x, y) }.map(Int32.init) ?? -1
                #expect(index.zone(x: x, y: y) == expected, "(\(x), \(y))")
            }
        }
    }

    @Test func manyPointsMatchSingleQueries() {
        var rng = SplitMix(seed: 11)
        let z = starRing(cx: 0, cy: 0, radius: 5, vertices: 200, rng: &rng)
        let index = PolygonIndex(zones: [(z.xs, z.ys, [0, z.xs.count])])
        let xs = (0..<200_000).map { _ in Double.random(in: -6...6, using: &rng) }
        let ys = (0..<200_000).map { _ in Double.random(in: -6...6, using: &rng) }
        var out = [Int32](repeating: 9, count: xs.count)
        xs.withUnsafeBufferPointer { xp in ys.withUnsafeBufferPointer { yp in out.withUnsafeMutableBufferPointer { op in
            index.zones(xs: xp, ys: yp, into: op)
        } } }
        for i in stride(from: 0, to: xs.count, by: 97) {
            #expect(out[i] == (bruteContains(z.xs, z.ys, [0, z.xs.count], xs[i], ys[i]) ? 0 : -1))
        }
    }
}
