import Testing
@testable import Kernels

struct HubAllocationTests {
    /// The blocked, pruned SIMD search gives exactly what trying every hub for every cell
    /// gives (same formula, ties to the lower index): random hubs inside and outside the grid,
    /// hubs on cell centres in mirrored pairs (exact ties), equal and unequal weights, and a
    /// ragged active mask.
    @Test(arguments: [false, true])
    func equalsTryingEveryHub(weighted: Bool) {
        var rng = SplitMix(seed: weighted ? 11 : 7)
        let g = HubAllocation.Grid(width: 203, height: 117, originX: -5_000, originY: 90_000, cell: 1_000)
        var hx = [Double](), hy = [Double]()
        for _ in 0..<23 {
            hx.append(Double.random(in: -40_000...240_000, using: &rng)); hy.append(Double.random(in: -40_000...120_000, using: &rng))
        }
        // Mirrored pairs on cell centres: cells on the bisector are exactly tied.
        for (c, r, dc) in [(50, 40, 7), (120, 80, 12), (180, 10, 3)] {
            hx += [g.x(c - dc), g.x(c + dc)]; hy += [g.y(r), g.y(r)]
        }
        let weights = hx.indices.map { _ in weighted ? Double.random(in: 0.5...3, using: &rng) : 1 }
        var active = [UInt8](repeating: 0, count: g.width * g.height)
        for i in active.indices where Double.random(in: 0..<1, using: &rng) < 0.8 { active[i] = 1 }
        var out = [Int32](repeating: -7, count: active.count)
        out.withUnsafeMutableBufferPointer {
            HubAllocation.weightedNearest(grid: g, hubX: hx, hubY: hy, weights: weights, active: active, into: $0)
        }
        let inv = weights.map { 1 / ($0 * $0) }
        var differ = 0
        for r in 0..<g.height { for c in 0..<g.width {
            let i = r * g.width + c
            var best = Double.infinity, arg: Int32 = -1
            for j in hx.indices {
                let dx = g.x(c) - hx[j], dy = g.y(r) - hy[j]
                let d = (dx * dx + dy * dy) * inv[j]
                if d < best { best = d; arg = Int32(j) }
            }
            if out[i] != (active[i] != 0 ? arg : -1) { differ += 1 }
        } }
        #expect(differ == 0)
    }
}
