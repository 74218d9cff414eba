import Foundation
import GeoCore
import GeoIO
import Kernels

/// Kernel density surfaces on an equal-area grid.
///
/// Method: points are projected (China Albers by default), linearly binned onto the grid,
/// then smoothed: the Gaussian by separable SIMD convolution with normalised taps, the other
/// kernels by a normalised 2-D stamp applied row by row. The grid is the extent of the clip
/// region (or the points) padded by the kernel's support, so no mass leaves it: the surface
/// integrates to the weight sum up to float rounding. `exact` sums the continuous kernel
/// over every point instead (slow; for checking).
public enum KernelDensity {
    public struct Result: Sendable {
        public var grid: Grid
        public var bandwidth: Double
        public var pointsUsed: Int
        public var weightTotal: Double
        public var metadata: [String: String]
    }

    /// What every way of computing the surface shares: the projection, the bandwidth in
    /// metres, the grid (no values) and the clip region projected.
    struct Layout {
        var fwd: CoordinateTransform
        var h: Double
        var grid: Grid
        var clipProjected: [Geometry]
    }

    /// Projected coordinates of `points`, a chunk at a time in two reused buffers (bounded
    /// memory for 10^7 points, and no fresh pages to fault in chunk after chunk).
    static func projectedChunks(_ points: PointSet, _ fwd: CoordinateTransform, _ body: (Int, inout [Double], inout [Double]) throws -> Void) rethrows {
        let chunk = 1 << 17
        var cx = [Double](), cy = [Double]()
        var s = 0
        while s < points.count {
            let e = min(s + chunk, points.count)
            cx.removeAll(keepingCapacity: true); cy.removeAll(keepingCapacity: true)
            cx += points.xs[s..<e]; cy += points.ys[s..<e]
            fwd.apply(xs: &cx, ys: &cy)
            try body(s, &cx, &cy)
            s = e
        }
    }

    /// The points a block at a time: calls its argument with each block, in order (a layer
    /// held whole is one block).
    public typealias Blocks = ((PointSet) throws -> Void) throws -> Void

    static func layout(points: PointSet, options o: DensityOptions, clip: [Geometry]?) throws -> Layout {
        try layout(blocks: { try $0(points) }, all: points, options: o, clip: clip)
    }

    /// `all`: the points held whole, which a bandwidth estimated from the data needs.
    static func layout(blocks: Blocks, all: PointSet?, options o: DensityOptions, clip: [Geometry]?) throws -> Layout {
        let fwd = try CoordinateTransform(from: .wgs84, to: o.crs)
        let h: Double
        if case .fixed(let fixed) = o.bandwidth { h = fixed } else {
            guard let points = all else {
                throw HinterlandError("bandwidth", "a bandwidth estimated from the data needs every point in memory; give a fixed bandwidth for a layer read in blocks")
            }
            var xs = points.xs, ys = points.ys
            fwd.apply(xs: &xs, ys: &ys)
            h = try bandwidth(o.bandwidth, xs: xs, ys: ys, weights: points.weights)
        }
        guard h >= o.cell / 2 else {
            throw HinterlandError("bandwidth", String(format: "%.0f m is less than half the cell (%.0f m); use smaller cells or a wider bandwidth", h, o.cell))
        }
        // Extent: clip region or points, padded by the kernel support.
        var box = BoundingBox.empty
        var clipProjected: [Geometry] = []
        if let clip {
            clipProjected = clip.map { fwd.apply($0) }
            for g in clipProjected { box.extend(g.boundingBox) }
        } else {
            try blocks { points in
                projectedChunks(points, fwd) { _, xs, ys in for i in 0..<xs.count where xs[i].isFinite && ys[i].isFinite { box.extend(x: xs[i], y: ys[i]) } }
            }
        }
        let pad = o.kernel.support * h + 2 * o.cell
        box = BoundingBox(minX: box.minX - pad, minY: box.minY - pad, maxX: box.maxX + pad, maxY: box.maxY + pad)
        let grid = Grid(covering: box, cell: o.cell, crs: o.crs, fill: nil, nodata: DensityOptions.nodata)
        // Rows are made a band at a time, but each row is whole: a row of more than 2^24
        // cells (a 16,000 km wide grid at 1 m) is past any use.
        guard grid.width <= 1 << 24, grid.height <= 1 << 24 else {
            throw HinterlandError("cell size", "a grid of \(grid.width) × \(grid.height) cells is too large; use larger cells")
        }
        return Layout(fwd: fwd, h: h, grid: grid, clipProjected: clipProjected)
    }

    /// The surface as one grid in memory (up to 4·10^8 cells; `write` makes larger grids a
    /// band of rows at a time).
    public static func estimate(points: PointSet, options o: DensityOptions, clip: [Geometry]? = nil) throws -> Result {
        try estimate(blocks: { try $0(points) }, all: points, options: o, clip: clip)
    }

    /// The surface of points given a block at a time (`blocks` is called once more for the
    /// extent when there is no clip region); `all`, if the points are held whole.
    public static func estimate(blocks: Blocks, all: PointSet? = nil, options o: DensityOptions, clip: [Geometry]? = nil) throws -> Result {
        try estimate(blocks: blocks, plan: try layout(blocks: blocks, all: all, options: o, clip: clip), options: o)
    }

    static func estimate(blocks: Blocks, plan: Layout, options o: DensityOptions) throws -> Result {
        var clock = Stopwatch("density")
        let (fwd, h, clipProjected) = (plan.fwd, plan.h, plan.clipProjected)
        var grid = plan.grid
        guard grid.width * grid.height <= 400_000_000 else {
            throw HinterlandError("cell size", "a grid of \(grid.width) × \(grid.height) cells is too large to hold in memory; use larger cells (a GeoTIFF of any size is written a band of rows at a time)")
        }
        clock.lap("bandwidth and grid")
        let (w, hgt) = (grid.width, grid.height)
        // Grid coordinates of the points; points off the padded grid cannot reach the extent.
        var used = 0, total = 0.0
        var binned = o.exact ? [] : CellPasses.filled(Float(0), count: w * hgt)
        clock.lap("grid")
        var exactCols = [Double](), exactRows = [Double](), exactW = [Double]()
        try blocks { points in projectedChunks(points, fwd) { s, xs, ys in
            // Grid coordinates in place, points off the grid dropped (kept in order).
            let wts = xs.withUnsafeMutableBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in
                [Double](unsafeUninitializedCapacity: x.count) { kept, count in
                    count = withWeights(points.weights, from: s) { wp in
                        LinearBinning.gridCoordinates(xs: x, ys: y, weights: wp, originX: grid.originX, originY: grid.originY, cell: o.cell,
                                                      width: w, height: hgt, kept: kept.baseAddress!)
                    }
                }
            } }
            xs.removeLast(xs.count - wts.count); ys.removeLast(ys.count - wts.count)
            used += wts.count
            for v in wts { total += v }   // point by point: the same sum however the points come in blocks
            if o.exact {
                exactCols += xs; exactRows += ys; exactW += wts
            } else {
                // Float bins: each cell's rounding error (~1e-7 relative) is far below the 1e-4 budget.
                xs.withUnsafeBufferPointer { c in ys.withUnsafeBufferPointer { r in wts.withUnsafeBufferPointer { wt in
                    binned.withUnsafeMutableBufferPointer { LinearBinning.bin(cols: c, rows: r, weights: wt, width: w, height: hgt, into: $0) }
                } } }
            }
        } }
        clock.lap("bin")
        // Clip region as row spans (cells whose centre is inside): only these are smoothed.
        var inside: [[Range<Int>]]? = nil
        if !clipProjected.isEmpty {
            inside = ScanlineRasterize.union(clipProjected.map { g in
                ScanlineRasterize.spans(xs: g.xs.map { ($0 - grid.originX) / o.cell }, ys: g.ys.map { (grid.originY - $0) / o.cell },
                                        partOffsets: g.partOffsets, width: w, height: hgt)
            }, height: hgt)
        }
        clock.lap("mask")
        let hc = h / o.cell
        var mass: [Float]
        if o.exact {
            mass = directSum(cols: exactCols, rows: exactRows, weights: exactW, width: w, height: hgt, kernel: o.kernel, h: hc)
        } else {
            smooth(&binned, width: w, height: hgt, kernel: o.kernel, h: hc, keep: inside)
            mass = binned
            binned = []
        }
        clock.lap("smooth")
        // Edge correction, units.
        if o.edgeCorrect {
            guard let inside else { throw HinterlandError("edge correction", "needs a clip region (the region whose kernel mass is corrected for)") }
            var kept = [Float](repeating: 0, count: w * hgt)
            for (r, list) in inside.enumerated() { for c in list { (r * w + c.lowerBound..<r * w + c.upperBound).forEach { kept[$0] = 1 } } }
            smooth(&kept, width: w, height: hgt, kernel: o.kernel, h: hc, keep: inside)
            for (r, list) in inside.enumerated() {
                for c in list { for i in (r * w + c.lowerBound)..<(r * w + c.upperBound) where kept[i] > 1e-6 { mass[i] /= kept[i] } }
            }
        }
        let scale = unitScale(o, total: total)
        // One pass, rows on all cores: units, then nodata outside the clip region.
        mass.withUnsafeMutableBufferPointer { m in
            let out = UncheckedSendable(m)
            Parallel.forEach((hgt + 255) / 256) { k in
                for r in (k * 256)..<min((k + 1) * 256, hgt) {
                    finishRow(out.value.baseAddress! + r * w, width: w, inside: inside?[r], scale: scale)
                }
            }
        }
        grid.values = mass
        clock.lap("units")
        let md = metadata(o, h: h, used: used, total: total)
        return Result(grid: grid, bandwidth: h, pointsUsed: used, weightTotal: total, metadata: md)
    }

    static func metadata(_ o: DensityOptions, h: Double, used: Int, total: Double) -> [String: String] {
        let unitText = ["per_km2": "weight per km²", "per_cell": "weight per cell", "probability": "share of the total weight per cell"][o.units.rawValue]!
        return [
            "units": o.units.rawValue, "units_description": unitText, "kernel": o.kernel.rawValue,
            "bandwidth_m": String(format: "%.3f", h), "cell_m": String(format: "%.3f", o.cell),
            "method": o.exact ? "exact direct summation" : (o.kernel.isSeparable ? "linear binning + separable convolution" : "linear binning + 2-D kernel stamp"),
            "edge_correction": o.edgeCorrect ? "divided by kernel mass inside the clip region" : "none",
            "points": String(used), "weight_total": String(format: "%.6f", total),
            "crs": o.crs.definition, "software": "hinterland",
        ]
    }

    /// The scale from mass per cell to the surface's units.
    /// One row of the surface in its units, nodata outside the clip region's spans (all
    /// cells inside when `inside` is nil).
    static func finishRow(_ row: UnsafeMutablePointer<Float>, width w: Int, inside: [Range<Int>]?, scale: Float) {
        if let inside {
            var c = 0
            for span in inside {
                (row + c).update(repeating: DensityOptions.nodata, count: span.lowerBound - c)
                if scale != 1 { for i in span { row[i] *= scale } }
                c = span.upperBound
            }
            (row + c).update(repeating: DensityOptions.nodata, count: w - c)
        } else if scale != 1 {
            for i in 0..<w { row[i] *= scale }
        }
    }

    static func unitScale(_ o: DensityOptions, total: Double) -> Float {
        let cellKm2 = o.cell * o.cell / 1e6
        return o.units == .perKm2 ? Float(1 / cellKm2) : o.units == .probability ? (total > 0 ? Float(1 / total) : 0) : 1
    }

    /// Normalised smoothing of a mass grid (Gaussian separable, others by 2-D stamp rows).
    /// Smooths the grid in place. With `keep` (row spans), only those cells need be right:
    /// the separable convolution leaves the others zero.
    static func smooth(_ grid: inout [Float], width w: Int, height hgt: Int, kernel: KernelShape, h: Double, keep: [[Range<Int>]]? = nil) {
        if kernel.isSeparable {
            let taps = kernel.taps1D(bandwidthCells: h).map(Float.init)
            grid.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: hgt, taps: taps, keep: keep) }
            return
        }
        var out = [Float](repeating: 0, count: w * hgt)
        let s = kernel.stamp2D(bandwidthCells: h)
        grid.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer {
            StampConvolution.convolve(i, width: w, height: hgt, radius: s.radius, stamp: s.weights.map(Float.init), into: $0)
        } }
        grid = out
    }

    /// Bandwidth in metres. Scott: σ̄·n^(-1/6) with σ̄ the mean of the two standard deviations
    /// (weighted); Silverman (the ArcGIS/QGIS spatial variant): 0.9·min(SD, √(1/ln 2)·Dm)·n^(-0.2),
    /// SD the standard distance and Dm the median distance to the mean centre.
    static func bandwidth(_ b: DensityOptions.Bandwidth, xs: [Double], ys: [Double], weights: [Double]?) throws -> Double {
        if case .fixed(let h) = b { return h }
        let n = Double(xs.count)
        let wsum = weights?.reduce(0, +) ?? n
        guard n >= 2, wsum > 0 else { throw HinterlandError("bandwidth", "needs at least two points to be estimated") }
        var mx = 0.0, my = 0.0
        for i in 0..<xs.count { let w = weights?[i] ?? 1; mx += w * xs[i]; my += w * ys[i] }
        mx /= wsum; my /= wsum
        var vx = 0.0, vy = 0.0
        for i in 0..<xs.count { let w = weights?[i] ?? 1; vx += w * (xs[i] - mx) * (xs[i] - mx); vy += w * (ys[i] - my) * (ys[i] - my) }
        vx /= wsum; vy /= wsum
        let h: Double
        if b == .scott {
            h = (vx.squareRoot() + vy.squareRoot()) / 2 * pow(n, -1.0 / 6)
        } else {
            let sd = (vx + vy).squareRoot()
            var d = (0..<xs.count).map { ((xs[$0] - mx) * (xs[$0] - mx) + (ys[$0] - my) * (ys[$0] - my)).squareRoot() }
            d.sort()
            let dm = d[d.count / 2]
            h = 0.9 * min(sd, (1 / log(2.0)).squareRoot() * dm) * pow(n, -0.2)
        }
        guard h > 0, h.isFinite else { throw HinterlandError("bandwidth", "all points coincide; give a fixed bandwidth") }
        return h
    }

    /// Exact direct summation of the continuous kernel at every cell centre (mass per cell).
    static func directSum(cols: [Double], rows: [Double], weights: [Double], width w: Int, height hgt: Int, kernel: KernelShape, h: Double) -> [Float] {
        let norm: Double
        switch kernel {
        case .gaussian: norm = 1 / (2 * Double.pi * h * h)
        case .quartic, .triangular: norm = 3 / (Double.pi * h * h)
        case .epanechnikov: norm = 2 / (Double.pi * h * h)
        case .uniform: norm = 1 / (Double.pi * h * h)
        }
        let r = Int((kernel.support * h).rounded(.up))
        var out = [Double](repeating: 0, count: w * hgt)
        for i in 0..<cols.count {
            let c0 = Int(cols[i].rounded()), r0 = Int(rows[i].rounded())
            for rr in max(r0 - r, 0)...min(r0 + r, hgt - 1) {
                let dy = Double(rr) - rows[i]
                for cc in max(c0 - r, 0)...min(c0 + r, w - 1) {
                    let dx = Double(cc) - cols[i]
                    out[rr * w + cc] += weights[i] * norm * kernel.profile((dx * dx + dy * dy).squareRoot() / h)
                }
            }
        }
        return out.map(Float.init)
    }
}
