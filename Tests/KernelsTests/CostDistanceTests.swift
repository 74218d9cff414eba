import Testing
@testable import Kernels

struct CostDistanceTests {
    /// On a uniform surface, 16-neighbour path costs stay within 3% of straight-line
    /// distances, and allocation differs from Voronoi only next to Voronoi boundaries.
    @Test func uniformFrictionApproximatesEuclideanDistance() {
        let w = 120, h = 90
        let friction = [Float](repeating: 1, count: w * h)
        let sources = [(10, 10), (100, 20), (60, 80), (30, 60)]
        let r = CostDistance.allocate(width: w, height: h, cell: 1, friction: friction, sources: sources.map { (col: $0.0, row: $0.1) })
        var differ = 0
        for row in 0..<h { for col in 0..<w {
            let d = sources.map { (Double(col - $0.0) * Double(col - $0.0) + Double(row - $0.1) * Double(row - $0.1)).squareRoot() }
            let i = row * w + col
            let j = Int(r.source[i])
            #expect(r.cost[i] >= d[j] - 1e-9 && r.cost[i] <= d[j] * 1.03 + 1e-9)
            let nearest = d.indices.min { d[$0] < d[$1] }!
            if nearest != j {
                differ += 1
                // Only where the two distances are nearly equal: near the bisector.
                #expect(d[j] - d[nearest] < 0.03 * d[nearest] + 1, "cell \(col),\(row)")
            }
        } }
        #expect(Double(differ) / Double(w * h) < 0.05)
    }

    @Test func barriersAreNotCrossed() {
        let w = 20, h = 5
        var friction = [Float](repeating: 1, count: w * h)
        for r in 0..<4 { friction[r * w + 10] = 0 }   // a wall with a gap at the bottom row
        let r = CostDistance.allocate(width: w, height: h, cell: 1, friction: friction, sources: [(col: 0, row: 0)], neighbours: 8)
        // Going round the wall through the gap costs more than the straight 15.
        #expect(r.cost[0 * w + 15] > 15.5)
        #expect(r.cost[0 * w + 10] == .infinity)
    }
}
