import Foundation
import GeoCore
import GeoIO
import Kernels

/// Kernel density a band of rows at a time, for grids too large to hold (China at 100 m is
/// 2·10^9 cells, 8 GB of Float32): memory is one band with its halo, not the grid.
///
/// Each band of output rows [a, b) is computed on the input rows [a − R, b + R), R the
/// kernel's radius in cells: every input an output row's convolution reads lies there, and
/// rows past the grid's edge are zero in both. The points that bin into those rows are binned
/// again, in their original order, so each cell's mass is the same sum as in the whole grid,
/// and the convolution adds each output's taps in the same order whatever rows it is given:
/// the surface is the whole-grid surface bit for bit. Only the halo's row pass is repeated.
extension KernelDensity {
    /// Computes the surface band by band and hands each band of output rows, top to bottom,
    /// to `body` as a grid of those rows (the template's width). `bandRows` fixes the band
    /// height (a multiple of 256 for a GeoTIFF); by default about 256 MB a band.
    /// `validate` sees the result (points used, weight total) before any band is made.
    public static func estimateInRows(points: PointSet, options o: DensityOptions, clip: [Geometry]? = nil, bandRows: Int? = nil,
                                      validate: (Result) throws -> Void = { _ in },
                                      body: (Grid) throws -> Void) throws -> Result {
        let rows = try InRows(blocks: { try $0(points) }, plan: try layout(points: points, options: o, clip: clip), options: o)
        try validate(rows.result)
        try rows.run(bandRows: bandRows, body: body)
        return rows.result
    }

    /// The points on the grid, kept for the bands, and the result's totals.
    final class InRows {
        let o: DensityOptions
        let plan: Layout
        var cols = [Double](), rows = [Double](), wts = [Double]()
        var result: Result

        init(blocks: Blocks, plan: Layout, options o: DensityOptions) throws {
            guard !o.exact else { throw HinterlandError("exact summation", "is for checking on grids that fit in memory") }
            self.o = o
            self.plan = plan
            let grid = plan.grid
            let (w, hgt) = (grid.width, grid.height)
            // Grid coordinates of every point on the grid, in order (24 bytes a point).
            var cols = [Double](), rows = [Double](), wts = [Double]()
            var used = 0, total = 0.0
            let plan = self.plan
            try blocks { points in projectedChunks(points, plan.fwd) { s, xs, ys in
                let kept = xs.withUnsafeMutableBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in
                    [Double](unsafeUninitializedCapacity: x.count) { kept, count in
                        count = withWeights(points.weights, from: s) { wp in
                            LinearBinning.gridCoordinates(xs: x, ys: y, weights: wp, originX: grid.originX, originY: grid.originY, cell: o.cell,
                                                          width: w, height: hgt, kept: kept.baseAddress!)
                        }
                    }
                } }
                cols += xs[0..<kept.count]; rows += ys[0..<kept.count]; wts += kept
                used += kept.count
                for v in kept { total += v }
            } }
            (self.cols, self.rows, self.wts) = (cols, rows, wts)
            result = Result(grid: grid, bandwidth: plan.h, pointsUsed: used, weightTotal: total, metadata: metadata(o, h: plan.h, used: used, total: total))
        }

        func run(bandRows: Int?, body: (Grid) throws -> Void) throws {
            var clock = Stopwatch("density in rows")
            let o = self.o, total = result.weightTotal
            let (h, grid) = (plan.h, plan.grid)
            let (w, hgt) = (grid.width, grid.height)
            var inside: [[Range<Int>]]? = nil
            if !plan.clipProjected.isEmpty {
                inside = ScanlineRasterize.union(plan.clipProjected.map { g in
                    ScanlineRasterize.spans(xs: g.xs.map { ($0 - grid.originX) / o.cell }, ys: g.ys.map { (grid.originY - $0) / o.cell },
                                            partOffsets: g.partOffsets, width: w, height: hgt)
                }, height: hgt)
            }
            clock.lap("mask")
            let hc = h / o.cell
            let radius = Int((o.kernel.support * hc).rounded(.up))
            let band = bandRows ?? defaultBandRows(width: w, radius: radius, grids: o.edgeCorrect ? 2 : 1)
            precondition(band > 0)
            let bands = (hgt + band - 1) / band
            func inputRows(_ k: Int) -> Range<Int> { max(k * band - radius, 0)..<min((k + 1) * band + radius, hgt) }
            // Each band's points, in order: a point adds to its rows r0 and r0 + 1.
            var members = [[UInt32]](repeating: [], count: bands)
            for i in 0..<rows.count {
                let r0 = Int(rows[i]), r1 = min(r0 + 1, hgt - 1)
                for k in max((r0 - radius) / band - 1, 0)...min((r1 + radius) / band, bands - 1) {
                    let input = inputRows(k)
                    if input.contains(r0) || input.contains(r1) { members[k].append(UInt32(i)) }
                }
            }
            clock.lap("points by band")
            let scale = unitScale(o, total: total)
            var mass = [Float](repeating: 0, count: (band + 2 * radius) * w)
            var kept = o.edgeCorrect ? [Float](repeating: 0, count: mass.count) : []
            var bc = [Double](), br = [Double](), bw = [Double]()
            for k in 0..<bands {
                let out = (k * band)..<min((k + 1) * band, hgt), input = inputRows(k)
                let n = input.count
                bc.removeAll(keepingCapacity: true); br.removeAll(keepingCapacity: true); bw.removeAll(keepingCapacity: true)
                for i in members[k] { bc.append(cols[Int(i)]); br.append(rows[Int(i)]); bw.append(wts[Int(i)]) }
                members[k] = []
                mass.withUnsafeMutableBufferPointer { m in
                    let cells = UnsafeMutableBufferPointer(rebasing: m[0..<(n * w)])
                    cells.update(repeating: 0)
                    bc.withUnsafeBufferPointer { c in br.withUnsafeBufferPointer { r in bw.withUnsafeBufferPointer { wt in
                        LinearBinning.bin(cols: c, rows: r, weights: wt, width: w, height: hgt, rowsOf: input, into: cells)
                    } } }
                }
                // Only the output rows are smoothed (their clip spans); the halo only feeds them.
                let keep: [[Range<Int>]] = input.map { row in out.contains(row) ? (inside?[row] ?? [0..<w]) : [] }
                smoothRows(&mass, rows: n, width: w, kernel: o.kernel, h: hc, keep: keep)
                if o.edgeCorrect {
                    guard let inside else { throw HinterlandError("edge correction", "needs a clip region (the region whose kernel mass is corrected for)") }
                    kept.withUnsafeMutableBufferPointer { kp in
                        UnsafeMutableBufferPointer(rebasing: kp[0..<(n * w)]).update(repeating: 0)
                        for row in input { for c in inside[row] { (kp.baseAddress! + (row - input.lowerBound) * w + c.lowerBound).update(repeating: 1, count: c.count) } }
                    }
                    smoothRows(&kept, rows: n, width: w, kernel: o.kernel, h: hc, keep: keep)
                    for row in out {
                        let at = (row - input.lowerBound) * w
                        for c in inside[row] { for i in (at + c.lowerBound)..<(at + c.upperBound) where kept[i] > 1e-6 { mass[i] /= kept[i] } }
                    }
                }
                // Units, nodata outside the clip region; the output rows moved to the front.
                let first = out.lowerBound - input.lowerBound
                mass.withUnsafeMutableBufferPointer { m in
                    let base = m.baseAddress!
                    for row in out {
                        let src = base + (row - input.lowerBound) * w, dst = base + (row - out.lowerBound) * w
                        KernelDensity.finishRow(src, width: w, inside: inside?[row], scale: scale)
                        if first > 0 { dst.update(from: src, count: w) }
                    }
                }
                // The band handed over without a copy: the grid borrows the buffer.
                var rowsGrid = grid
                rowsGrid.height = out.count
                swap(&rowsGrid.values, &mass)
                defer { swap(&rowsGrid.values, &mass) }
                try body(rowsGrid)
            }
            clock.lap("bands")
        }
    }

    /// Writes the surface to a GeoTIFF: in memory when the grid has at most
    /// `options.wholeGridLimit` cells, else a band of rows at a time (the same values).
    /// `validate` sees the result before anything is written.
    public static func write(points: PointSet, options o: DensityOptions, clip: [Geometry]? = nil, to path: String,
                             description: String? = nil, compression: RasterWriter.Compression = .deflate, bandRows: Int? = nil,
                             validate: (Result) throws -> Void = { _ in }) throws -> Result {
        try write(blocks: { try $0(points) }, all: points, options: o, clip: clip, to: path, description: description,
                  compression: compression, bandRows: bandRows, validate: validate)
    }

    /// The same for points given a block at a time (`all`: the points, if held whole).
    /// A grid held whole needs no point kept; a grid made in bands keeps the points' grid
    /// coordinates (24 bytes a point).
    public static func write(blocks: Blocks, all: PointSet? = nil, options o: DensityOptions, clip: [Geometry]? = nil, to path: String,
                             description: String? = nil, compression: RasterWriter.Compression = .deflate, bandRows: Int? = nil,
                             validate: (Result) throws -> Void = { _ in }) throws -> Result {
        let plan = try layout(blocks: blocks, all: all, options: o, clip: clip)
        if o.exact || plan.grid.width * plan.grid.height <= o.wholeGridLimit {
            var r = try estimate(blocks: blocks, plan: plan, options: o)
            try validate(r)
            try RasterWriter.writeGeoTIFF(r.grid, to: path, metadata: r.metadata, description: description, compression: compression)
            r.grid.values = []
            return r
        }
        let rows = try InRows(blocks: blocks, plan: plan, options: o)
        try validate(rows.result)
        try RasterWriter.writeGeoTIFF(rowsOf: rows.plan.grid, to: path, metadata: rows.result.metadata,
                                      description: description, compression: compression) { write in
            try rows.run(bandRows: bandRows, body: write)
        }
        return rows.result
    }

    /// Band height: a multiple of 256 rows (the GeoTIFF's tiles) holding about 64 M cells
    /// with its halo, per grid held.
    static func defaultBandRows(width: Int, radius: Int, grids: Int) -> Int {
        let rows = (64 << 20) / grids / max(width, 1) - 2 * radius
        return max(rows / 256, 1) * 256
    }

    /// Smooths the first `rows` rows of `grid` in place, only the cells `keep` lists needed.
    static func smoothRows(_ grid: inout [Float], rows n: Int, width w: Int, kernel: KernelShape, h: Double, keep: [[Range<Int>]]) {
        if kernel.isSeparable {
            let taps = kernel.taps1D(bandwidthCells: h).map(Float.init)
            grid.withUnsafeMutableBufferPointer {
                SeparableConvolution.convolveInPlace(UnsafeMutableBufferPointer(rebasing: $0[0..<(n * w)]), width: w, height: n, taps: taps, keep: keep)
            }
            return
        }
        var out = [Float](repeating: 0, count: n * w)
        let s = kernel.stamp2D(bandwidthCells: h)
        grid.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer {
            StampConvolution.convolve(UnsafeBufferPointer(rebasing: i[0..<(n * w)]), width: w, height: n, radius: s.radius, stamp: s.weights.map(Float.init), into: $0)
        } }
        grid.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: out, count: n * w) }
    }

    /// The weights of the points from `s` on (nil: all 1).
    static func withWeights<R>(_ weights: [Double]?, from s: Int, _ body: (UnsafePointer<Double>?) -> R) -> R {
        guard let weights else { return body(nil) }
        return weights.withUnsafeBufferPointer { body($0.baseAddress! + s) }
    }
}
