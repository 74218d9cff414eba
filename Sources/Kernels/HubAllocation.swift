/// Allocation of grid cells to hubs by distance, for catchment models. Distances are planar
/// in the grid's CRS (the China Albers). Rows run in parallel; every cell is computed from
/// its own centre only, so results do not depend on the thread count.
public enum HubAllocation {
    public struct Grid: Sendable {
        public var width, height: Int
        public var originX, originY, cell: Double
        public init(width: Int, height: Int, originX: Double, originY: Double, cell: Double) {
            self.width = width; self.height = height; self.originX = originX; self.originY = originY; self.cell = cell
        }
        @inline(__always) public func x(_ c: Int) -> Double { originX + (Double(c) + 0.5) * cell }
        @inline(__always) public func y(_ r: Int) -> Double { originY - (Double(r) + 0.5) * cell }
    }

    /// The hub minimising distance / weight for every cell where `active` is non-zero
    /// (weight 1 for all: plain Voronoi; weights = masses: multiplicatively weighted
    /// Voronoi). Inactive cells get -1. Ties go to the lower hub index.
    public static func weightedNearest(grid g: Grid, hubX: [Double], hubY: [Double], weights: [Double],
                                       active: [UInt8], into out: UnsafeMutableBufferPointer<Int32>) {
        let n = hubX.count
        // Compare d²/w² to avoid square roots.
        let inv = weights.map { 1 / ($0 * $0) }
        Parallel.forEach(g.height) { r in
            let row = r * g.width
            // Only the span of active cells in this row (China fills about a third of its box).
            var lo = 0, hi = g.width
            while lo < hi && active[row + lo] == 0 { lo += 1 }
            while hi > lo && active[row + hi - 1] == 0 { hi -= 1 }
            for c in 0..<lo { out[row + c] = -1 }
            for c in hi..<g.width { out[row + c] = -1 }
            guard hi > lo else { return }
            let y = g.y(r), m = hi - lo
            var best = [Double](repeating: .infinity, count: m)
            var arg = [Int32](repeating: -1, count: m)
            best.withUnsafeMutableBufferPointer { best in arg.withUnsafeMutableBufferPointer { arg in
                for j in 0..<n {
                    let dy2 = (y - hubY[j]) * (y - hubY[j]), hx = hubX[j], s = inv[j]
                    var c = 0
                    while c + 4 <= m {
                        let xs = SIMD4<Double>(g.x(lo + c), g.x(lo + c + 1), g.x(lo + c + 2), g.x(lo + c + 3))
                        let dx = xs - SIMD4(repeating: hx)
                        let d = (dx * dx + SIMD4(repeating: dy2)) * SIMD4(repeating: s)
                        let b = SIMD4(best[c], best[c + 1], best[c + 2], best[c + 3])
                        let better = d .< b
                        if any(better) {
                            for k in 0..<4 where better[k] { best[c + k] = d[k]; arg[c + k] = Int32(j) }
                        }
                        c += 4
                    }
                    while c < m {
                        let dx = g.x(lo + c) - hx
                        let d = (dx * dx + dy2) * s
                        if d < best[c] { best[c] = d; arg[c] = Int32(j) }
                        c += 1
                    }
                }
            } }
            for c in lo..<hi { out[row + c] = active[row + c] != 0 ? arg[c - lo] : -1 }
        }
    }

    /// Huff model: P_ij = A_j^α d_ij^-λ / Σ_k A_k^α d_ik^-λ. Writes the dominant hub and its
    /// probability per active cell, and all probabilities when `bands` is given (hub-major:
    /// bands[j * cells + i]). The cell containing hub j (`hubCells[j]`) belongs to it with
    /// probability 1 (the d → 0 limit), which also keeps every hub's own cell its own.
    public static func huff(grid g: Grid, hubX: [Double], hubY: [Double], hubCells: [Int], attraction: [Double], alpha: Double, lambda: Double,
                            active: [UInt8], dominant: UnsafeMutableBufferPointer<Int32>, probability: UnsafeMutableBufferPointer<Float>,
                            bands: UnsafeMutableBufferPointer<Float>?) {
        let n = hubX.count, cells = g.width * g.height
        let a = attraction.map { pow($0, alpha) }
        let half = -lambda / 2   // d^-λ = (d²)^(-λ/2)
        var hubCell = [Int: Int]()
        for (j, c) in hubCells.enumerated() { hubCell[c] = j }
        Parallel.forEach(g.height) { r in
            let y = g.y(r)
            var u = [Double](repeating: 0, count: n)
            for c in 0..<g.width {
                let i = r * g.width + c
                guard active[i] != 0 else {
                    dominant[i] = -1; probability[i] = .nan
                    if let bands { for j in 0..<n { bands[j * cells + i] = .nan } }
                    continue
                }
                if let j = hubCell[i] {
                    dominant[i] = Int32(j); probability[i] = 1
                    if let bands { for k in 0..<n { bands[k * cells + i] = k == j ? 1 : 0 } }
                    continue
                }
                let x = g.x(c)
                var sum = 0.0, best = -1.0, arg = 0
                for j in 0..<n {
                    let d2 = (x - hubX[j]) * (x - hubX[j]) + (y - hubY[j]) * (y - hubY[j])
                    u[j] = a[j] * pow(d2, half)
                    sum += u[j]
                    if u[j] > best { best = u[j]; arg = j }
                }
                dominant[i] = Int32(arg); probability[i] = Float(best / sum)
                if let bands { for j in 0..<n { bands[j * cells + i] = Float(u[j] / sum) } }
            }
        }
    }
}

import Foundation
