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

    /// The fused allocation-and-areas pass equals allocating, putting each hub on its own
    /// cell, then summing the areas: same labels, same sums bit for bit (chunks of more than
    /// one row, partial coverage, a hub whose own cell another hub would win).
    @Test func nearestWithAreasEqualsAllocationThenAreas() {
        var rng = SplitMix(seed: 5)
        let g = HubAllocation.Grid(width: 1500, height: 1400, originX: 0, originY: 1_400_000, cell: 1_000)
        let n = g.width * g.height
        var hx = (0..<9).map { _ in Double.random(in: 100_000...1_300_000, using: &rng) }, hy = (0..<9).map { _ in Double.random(in: 100_000...1_300_000, using: &rng) }
        hx.append(hx[0] + 1_500); hy.append(hy[0])   // next to hub 0, and much lighter
        var weights = hx.indices.map { _ in Double.random(in: 1...4, using: &rng) }
        weights[9] = 0.1
        let hubCells = hx.indices.map { j in Int((g.originY - hy[j]) / g.cell) * g.width + Int((hx[j] - g.originX) / g.cell) }
        var cover = [Float](repeating: 0, count: n)
        for i in 0..<n where Double.random(in: 0..<1, using: &rng) < 0.7 { cover[i] = Float.random(in: 0.01...1, using: &rng) }
        for c in hubCells { cover[c] = 1 }
        let active = cover.map { $0 > 0 ? UInt8(1) : 0 }
        var alloc = [Int32](repeating: -1, count: n)
        alloc.withUnsafeMutableBufferPointer { HubAllocation.weightedNearest(grid: g, hubX: hx, hubY: hy, weights: weights, active: active, into: $0) }
        #expect(alloc[hubCells[9]] != 9, "the light hub's own cell should go to its heavy neighbour before the fix-up")
        for (j, c) in hubCells.enumerated() { alloc[c] = Int32(j) }
        let expected = CellPasses.areas(cover: cover, labels: alloc, count: hx.count, cellArea: 1)
        var fused = cover
        let got = fused.withUnsafeMutableBufferPointer {
            HubAllocation.nearestWithAreas(grid: g, hubX: hx, hubY: hy, weights: weights, hubCells: hubCells, cellArea: 1, coverThenLabels: $0)
        }
        #expect(got.perLabel == expected.perLabel && got.total == expected.total)
        #expect(fused == alloc.map { Float($0) })
    }
}
