import GeoCore
/// Allocation of grid cells to hubs by distance, for catchment models. Distances are planar
/// in the grid's CRS (the China Albers). Rows run in parallel; every cell is computed from
/// its own centre only, so results do not depend on the thread count.
public enum HubAllocation {
    public struct Grid: Sendable {
        public var width, height: Int
        public var originX, originY, cell: Double
        /// The whole grid's row of this grid's row 0: a band of rows of a larger grid has the
        /// same cell centres, bit for bit, as the whole grid's rows.
        public var firstRow = 0
        public init(width: Int, height: Int, originX: Double, originY: Double, cell: Double, firstRow: Int = 0) {
            self.width = width; self.height = height; self.originX = originX; self.originY = originY; self.cell = cell; self.firstRow = firstRow
        }
        @inline(__always) public func x(_ c: Int) -> Double { originX + (Double(c) + 0.5) * cell }
        @inline(__always) public func y(_ r: Int) -> Double { originY - (Double(r + firstRow) + 0.5) * cell }
    }

    /// The hub minimising distance / weight for every cell where `active` is non-zero
    /// (weight 1 for all: plain Voronoi; weights = masses: multiplicatively weighted
    /// Voronoi). Inactive cells get -1. Ties go to the lower hub index.
    public static func weightedNearest(grid g: Grid, hubX: [Double], hubY: [Double], weights: [Double],
                                       active: [UInt8], into out: UnsafeMutableBufferPointer<Int32>) {
        let hubs = WeightedHubs(x: hubX, y: hubY, weights: weights)
        Parallel.forEach(g.height) { r in
            let row = r * g.width
            // Only the span of active cells in this row (China fills about a third of its box).
            var lo = 0, hi = g.width
            while lo < hi && active[row + lo] == 0 { lo += 1 }
            while hi > lo && active[row + hi - 1] == 0 { hi -= 1 }
            for c in 0..<lo { out[row + c] = -1 }
            for c in hi..<g.width { out[row + c] = -1 }
            guard hi > lo else { return }
            hubs.nearest(g, row: r, from: lo, to: hi, into: out.baseAddress! + row + lo)
            for c in lo..<hi where active[row + c] == 0 { out[row + c] = -1 }
        }
    }

    /// Hubs with their weights as 1/w² (d²/w² is compared: no square roots).
    struct WeightedHubs {
        let x: [Double], y: [Double], inv: [Double]
        init(x: [Double], y: [Double], weights: [Double]) { self.x = x; self.y = y; inv = weights.map { 1 / ($0 * $0) } }

        /// The hub minimising d²/w² for columns lo..<hi of row r, into `labels` (column lo first).
        ///
        /// Blocks of 64 cells: only hubs that can be nearest somewhere in the block are tried
        /// (a hub whose least distance to the block exceeds the smallest of the hubs' greatest
        /// distances never wins there; a 1e-9 margin keeps near-ties in). Then eight cells at a
        /// time against those hubs, best distance and hub kept in registers. Branch-free: SIMD
        /// compare and select per hub; the hub index rides along as a Double lane so one mask
        /// serves both. Strict < with hubs in ascending order: ties → lower index, as when every
        /// hub is tried. A cell's hub depends on its centre only, not on the block it falls in.
        @inline(__always)
        func nearest(_ g: Grid, row r: Int, from lo: Int, to hi: Int, into labels: UnsafeMutablePointer<Int32>) {
            let n = x.count, y = g.y(r)
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { k in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { cand in
                    for j in 0..<n { k[3 * j] = x[j]; k[3 * j + 1] = (y - self.y[j]) * (y - self.y[j]); k[3 * j + 2] = inv[j] }
                    let step = SIMD8<Double>(0, 1, 2, 3, 4, 5, 6, 7)
                    var c = lo
                    while c < hi {
                        let end = min(c + 64, hi)
                        let xa = g.originX + (Double(c) + 0.5) * g.cell, xb = g.originX + (Double(end - 1) + 0.5) * g.cell
                        var bound = Double.infinity
                        for j in 0..<n {
                            let hx = k[3 * j], far = max(abs(xa - hx), abs(xb - hx))
                            bound = min(bound, (far * far + k[3 * j + 1]) * k[3 * j + 2])
                        }
                        bound *= 1 + 1e-9
                        var m = 0
                        for j in 0..<n {
                            let hx = k[3 * j], near = hx < xa ? xa - hx : (hx > xb ? hx - xb : 0)
                            if (near * near + k[3 * j + 1]) * k[3 * j + 2] <= bound { cand[m] = j; m += 1 }
                        }
                        while c < end {
                            // Cell centres exactly as g.x computes them: originX + (col + 0.5) · cell.
                            let xs = SIMD8<Double>(repeating: g.originX) + (SIMD8<Double>(repeating: Double(c)) + step + 0.5) * g.cell
                            var b = SIMD8<Double>(repeating: .infinity), a = SIMD8<Double>(repeating: -1)
                            for q in 0..<m {
                                let j = cand[q]
                                let dx = xs - SIMD8<Double>(repeating: k[3 * j])
                                let d = (dx * dx + SIMD8<Double>(repeating: k[3 * j + 1])) * SIMD8<Double>(repeating: k[3 * j + 2])
                                let better = d .< b
                                b.replace(with: d, where: better)
                                a.replace(with: SIMD8<Double>(repeating: Double(j)), where: better)
                            }
                            for l in 0..<min(8, end - c) { labels[c - lo + l] = Int32(a[l]) }
                            c += 8
                        }
                        c = end
                    }
                }
            }
        }
    }

    /// Huff model: P_ij = A_j^α d_ij^-λ / Σ_k A_k^α d_ik^-λ. Writes the dominant hub and its
    /// probability per active cell, and all probabilities when `bands` is given (hub-major:
    /// bands[j * cells + i]). The cell containing hub j (`hubCells[j]`) belongs to it with
    /// probability 1 (the d → 0 limit), which also keeps every hub's own cell its own.
    ///
    /// Returns, per hub, Σ_i P_ij · cover_i over the active cells (the expected number of
    /// whole cells the hub serves; zeros when `cover` is nil). Rows are summed on their own and
    /// the row sums added in row order, so the sums do not depend on the thread count; they are
    /// added to `sums` (a band of rows continues the sums of the bands above it, as one pass
    /// over the whole grid would add them). `hubCells` are indices in `g` (a band's own).
    @discardableResult
    public static func huff(grid g: Grid, hubX: [Double], hubY: [Double], hubCells: [Int], attraction: [Double], alpha: Double, lambda: Double,
                            active: [UInt8], dominant: UnsafeMutableBufferPointer<Int32>, probability: UnsafeMutableBufferPointer<Float>,
                            bands: UnsafeMutableBufferPointer<Float>?, cover: UnsafeBufferPointer<Float>? = nil, adding sums0: [Double]? = nil) -> [Double] {
        huff(grid: g, model: HuffModel(hubX: hubX, hubY: hubY, hubCells: hubCells, attraction: attraction, alpha: alpha, lambda: lambda),
             active: active, dominant: dominant, probability: probability, bands: bands, cover: cover, adding: sums0)
    }

    /// The same with the model made once (its hub cells indices in `g`).
    @discardableResult
    public static func huff(grid g: Grid, model: HuffModel, active: [UInt8], dominant: UnsafeMutableBufferPointer<Int32>,
                            probability: UnsafeMutableBufferPointer<Float>, bands: UnsafeMutableBufferPointer<Float>?,
                            cover: UnsafeBufferPointer<Float>? = nil, adding sums0: [Double]? = nil) -> [Double] {
        let n = model.x.count, cells = g.width * g.height
        var rowSums = [Double](repeating: 0, count: cover == nil ? 0 : g.height * n)
        rowSums.withUnsafeMutableBufferPointer { rs in
            Parallel.forEach(g.height) { r in
                var u = [Double](repeating: 0, count: n)
                for c in 0..<g.width {
                    let i = r * g.width + c
                    guard active[i] != 0 else {
                        dominant[i] = -1; probability[i] = .nan
                        if let bands { for j in 0..<n { bands[j * cells + i] = .nan } }
                        continue
                    }
                    let (arg, best) = model.probabilities(x: g.x(c), y: g.y(r), cell: i, into: &u)
                    dominant[i] = Int32(arg); probability[i] = Float(best)
                    if let bands { for j in 0..<n { bands[j * cells + i] = Float(u[j]) } }
                    if let cover {
                        let w = Double(cover[i])
                        for j in 0..<n { rs[r * n + j] += u[j] * w }
                    }
                }
            }
        }
        var sums = sums0 ?? [Double](repeating: 0, count: n)
        if cover != nil { for r in 0..<g.height { for j in 0..<n { sums[j] += rowSums[r * n + j] } } }
        return sums
    }

    /// The Huff probabilities of one place, the arithmetic of the grid pass (which uses it):
    /// expected values of counts held at points use the probabilities of their cell centre.
    public struct HuffModel: Sendable {
        let x: [Double], y: [Double], a: [Double], half: Double
        let hubOfCell: [Int: Int]

        public init(hubX: [Double], hubY: [Double], hubCells: [Int], attraction: [Double], alpha: Double, lambda: Double) {
            x = hubX; y = hubY
            a = attraction.map { pow($0, alpha) }
            half = -lambda / 2   // d^-λ = (d²)^(-λ/2)
            var h = [Int: Int]()
            for (j, c) in hubCells.enumerated() { h[c] = j }
            hubOfCell = h
        }

        /// Writes P_j for the point (x, y) lying in grid cell `cell` into `p` (count = hubs);
        /// returns the dominant hub (ties: lower index) and its probability. A hub's own cell
        /// gives that hub probability 1.
        @inline(__always)
        public func probabilities(x px: Double, y py: Double, cell: Int, into p: inout [Double]) -> (Int, Double) {
            let n = x.count
            if let j = hubOfCell[cell] {
                for k in 0..<n { p[k] = k == j ? 1 : 0 }
                return (j, 1)
            }
            var sum = 0.0, best = -1.0, arg = 0
            for j in 0..<n {
                let d2 = (px - x[j]) * (px - x[j]) + (py - y[j]) * (py - y[j])
                p[j] = a[j] * pow(d2, half)
                sum += p[j]
                if p[j] > best { best = p[j]; arg = j }
            }
            for j in 0..<n { p[j] /= sum }
            return (arg, best / sum)
        }
    }
}

import Foundation
