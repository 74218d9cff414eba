import Testing
@testable import Kernels

/// Reference: clip the polygon ring to each cell (Sutherland–Hodgman) and take the area.
func clippedArea(_ xs: [Double], _ ys: [Double], cell c: Int, row r: Int) -> Double {
    var poly = zip(xs.dropLast(), ys.dropLast()).map { ($0, $1) }
    let bounds: [(Double, Double) -> Double] = [
        { x, _ in x - Double(c) }, { x, _ in Double(c + 1) - x }, { _, y in y - Double(r) }, { _, y in Double(r + 1) - y },
    ]
    for f in bounds {
        var out = [(Double, Double)]()
        for i in 0..<poly.count {
            let p = poly[i], q = poly[(i + 1) % poly.count]
            let fp = f(p.0, p.1), fq = f(q.0, q.1)
            if fp >= 0 { out.append(p) }
            if (fp >= 0) != (fq >= 0) {
                let t = fp / (fp - fq)
                out.append((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)))
            }
        }
        poly = out
        if poly.isEmpty { return 0 }
    }
    var a = 0.0
    for i in 0..<poly.count { let p = poly[i], q = poly[(i + 1) % poly.count]; a += p.0 * q.1 - q.0 * p.1 }
    return abs(a) / 2
}

struct CoverageFractionTests {
    @Test func matchesPerCellClippingOnRandomStarPolygons() {
        var rng = SplitMix(seed: 3)
        for trial in 0..<20 {
            let ring = starRing(cx: 6 + Double.random(in: -1...1, using: &rng), cy: 5, radius: 7, vertices: 30, rng: &rng)
            // Reverse half of them: the winding must not matter.
            let (xs, ys) = trial % 2 == 0 ? ring : (ring.xs.reversed(), ring.ys.reversed())
            let w = 12, h = 10
            let cov = CoverageFraction.fractions(xs: xs, ys: ys, partOffsets: [0, xs.count], polygonOffsets: [0, 1], width: w, height: h)
            for r in 0..<h { for c in 0..<w {
                let want = clippedArea(xs, ys, cell: c, row: r)
                #expect(abs(cov[r * w + c] - want) < 1e-9, "trial \(trial) cell \(c),\(r): \(cov[r * w + c]) vs \(want)")
            } }
        }
    }

    @Test func holesAreRemovedAndPartsAdded() {
        // A 4×4 square with a 2×2 hole, plus a separate 1×1 square.
        let xs: [Double] = [1, 5, 5, 1, 1, 2, 2, 4, 4, 2, 6, 7, 7, 6, 6]
        let ys: [Double] = [1, 1, 5, 5, 1, 2, 4, 4, 2, 2, 6, 6, 7, 7, 6]
        let cov = CoverageFraction.fractions(xs: xs, ys: ys, partOffsets: [0, 5, 10, 15], polygonOffsets: [0, 2, 3], width: 8, height: 8)
        let total: Double = cov.reduce(0, +)
        #expect(abs(total - 13) < 1e-12)
        let inHole = cov[18], inside = cov[9], island = cov[54]
        #expect(inHole == 0)
        #expect(inside == 1)
        #expect(island == 1)
    }

    @Test func partsOutsideTheWindowAreClipped() {
        // A square from (-3,-3) to (2.5, 2.5): only its part inside [0,4]² counts.
        let xs: [Double] = [-3, 2.5, 2.5, -3, -3], ys: [Double] = [-3, -3, 2.5, 2.5, -3]
        let cov = CoverageFraction.fractions(xs: xs, ys: ys, partOffsets: [0, 5], polygonOffsets: [0, 1], width: 4, height: 4)
        let total: Double = cov.reduce(0, +)
        #expect(abs(total - 6.25) < 1e-12)
        let corner = cov[10]
        #expect(corner == 0.25)
    }
}
