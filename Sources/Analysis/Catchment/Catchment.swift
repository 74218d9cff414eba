import Foundation
import GeoCore
import GeoIO
import Kernels

/// Hub–hinterland catchments on an equal-area grid clipped to a region (China by default):
/// every cell whose area overlaps the region is allocated to a hub; areas are the exact
/// overlaps (coverage fractions), so the catchments tile the region and sum to its area.
public struct CatchmentResult: Sendable {
    public var hubs: HubSet
    public var options: CatchmentOptions
    /// Hub index per cell (-1 outside the region), as a grid (Float32; nodata -1).
    public var allocation: Grid
    /// Huff: probability of the dominant hub; cost: accumulated cost.
    public var secondary: Grid?
    public var bands: [Grid] = []
    public var areaKm2: [Double]
    public var regionAreaKm2: Double
    public var population: [Double]
    public var points: [Double]?
    /// Reilly breakpoints of neighbouring hubs: (j, k, distance from j in km, d_jk in km).
    public var breakpoints: [(Int, Int, Double, Double)] = []
    /// Cost model: region cells no path reaches (islands off a friction raster clipped to
    /// land, cells without friction), joined to the nearest reached cell across the gap.
    public var joinedAcrossGaps = 0
    /// The region in the grid's CRS (the catchment polygons are clipped to it).
    public var region: [Geometry] = []
    /// Huff: the probability view of the catchments (nil for the other models).
    public var huff: HuffExpectation?
    /// What the reader should know about the result (equal masses, a hub taking over half
    /// the region), one sentence each, without naming command-line flags.
    public var warnings: [String] = []
}

/// Huff as a probability model. Every cell i (area a_i, the exact overlap of the cell with the
/// region) is served by hub j with probability P_ij = A_j^α d_ij^−λ / Σ_k A_k^α d_ik^−λ, d the
/// distance from the cell centre to the hub (a hub's own cell: P = 1 for it). A quantity held
/// by the cells (area a_i, the census population c_i of the counties whose interior point
/// lies in the cell, the weight w_i of the points in the cell) is split among the hubs in
/// proportion to P, so hub j's expected share is
///
///     E_j[area] = Σ_i P_ij a_i,   E_j[population] = Σ_i P_ij c_i,   E_j[points] = Σ_i P_ij w_i.
///
/// Since Σ_j P_ij = 1 for every cell, the expected values of all hubs add up to the region's
/// area, population and points, as the dominant-hub totals do; they differ from those where
/// the dominant hub's probability is low. The mean (area-weighted) and least probability of
/// the dominant hub over the cells a hub dominates say how firm its dominant-hub catchment is.
public struct HuffExpectation: Sendable {
    public var expectedAreaKm2: [Double]
    public var expectedPopulation: [Double]
    public var expectedPoints: [Double]?
    /// Over the cells where hub j is the dominant hub: Σ a_i P_ij / Σ a_i and min P_ij (NaN
    /// when the hub dominates no cell).
    public var meanDominantProbability: [Double]
    public var minDominantProbability: [Double]
}

public enum Catchment {
    public static func run(hubs: HubSet, options o: CatchmentOptions, region: [Geometry], builder: ZoneSetBuilder,
                           points: PointSet? = nil) throws -> CatchmentResult {
        var clock = Stopwatch("catchment")
        let fwd = try CoordinateTransform(from: .wgs84, to: o.crs)
        let projected = region.map { fwd.apply($0) }
        var box = BoundingBox.empty
        for g in projected { box.extend(g.boundingBox) }
        var grid = Grid(covering: box, cell: o.cell, crs: o.crs, fill: nil, nodata: -1)   // values: the allocation, at the end
        let (w, h) = (grid.width, grid.height)
        guard w * h <= 200_000_000 else {
            throw HinterlandError("cell size", "a grid of \(w) × \(h) cells is too large to hold; use larger cells, or write the raster to a GeoTIFF (made a band of rows at a time)")
        }
        // Exact overlap of each cell with the region, held as Float: half the memory at 1 km,
        // and a fraction's rounding (< 6e-8) is far below what an area table shows.
        func regionCover() -> [Float] {
            var cover = [Float]()
            for g in projected {
                let px = g.xs.map { ($0 - grid.originX) / o.cell }, py = g.ys.map { (grid.originY - $0) / o.cell }
                let c = [Float](unsafeUninitializedCapacity: w * h) { out, count in
                    CoverageFraction.fractions(xs: px, ys: py, partOffsets: g.partOffsets, polygonOffsets: g.polygonOffsets, width: w, height: h, into: out)
                    count = w * h
                }
                if cover.isEmpty { cover = c } else { for i in 0..<c.count { cover[i] = min(cover[i] + c[i], 1) } }
            }
            return cover.isEmpty ? [Float](repeating: 0, count: w * h) : cover
        }
        var cover = regionCover()
        clock.lap("grid and coverage")
        var hx = hubs.lon, hy = hubs.lat
        fwd.apply(xs: &hx, ys: &hy)
        let hubCells = try Self.hubCells(hubs, grid: grid, cell: o.cell, transform: fwd)
        let hg = HubAllocation.Grid(width: w, height: h, originX: grid.originX, originY: grid.originY, cell: o.cell)
        let cellArea = o.cell * o.cell / 1e6
        var secondary: Grid?
        var bands = [Grid]()
        var joinedAcrossGaps = 0
        var expectedArea = [Double]()
        var dominant = DominantProbability(hubs: hx.count)
        let area: [Double], total: Double
        if [.voronoi, .weighted, .reilly].contains(o.model) {
            let weights = o.model == .voronoi ? [Double](repeating: 1, count: hx.count)
                : o.model == .weighted ? hubs.mass : hubs.mass.map { pow($0, 1 / o.decay) }
            // The coverage grid turns into the hub-index grid as the areas are counted.
            (area, total) = cover.withUnsafeMutableBufferPointer {
                HubAllocation.nearestWithAreas(grid: hg, hubX: hx, hubY: hy, weights: weights, hubCells: hubCells, cellArea: cellArea, coverThenLabels: $0)
            }
            grid.values = cover
            cover = []
            clock.lap("allocation (\(o.model.rawValue))")
        } else {
            let active = CellPasses.active(cover)
            // The cost search is the largest user of memory: the coverage is made again after
            // it (0.06 s at 1 km), and its memory meanwhile holds the allocation grid (fresh
            // memory costs 1–4 s per GB to fault in on a VM).
            if o.model == .cost { cover = [] }
            var alloc = CellPasses.filled(Int32(-1), count: w * h)
            if o.model == .huff {
                var prob = [Float](repeating: .nan, count: w * h)
                var all = o.bands ? [Float](repeating: .nan, count: w * h * hx.count) : []
                let coverSums = alloc.withUnsafeMutableBufferPointer { a in prob.withUnsafeMutableBufferPointer { p in all.withUnsafeMutableBufferPointer { b in
                    cover.withUnsafeBufferPointer { cv in
                        HubAllocation.huff(grid: hg, hubX: hx, hubY: hy, hubCells: hubCells, attraction: hubs.mass, alpha: o.attraction, lambda: o.decay, active: active,
                                           dominant: a, probability: p, bands: o.bands ? b : nil, cover: cv)
                    }
                } } }
                expectedArea = coverSums.map { $0 * cellArea }
                var pg = grid; pg.values = prob.map { $0.isNaN ? -1 : $0 }
                secondary = pg
                if o.bands {
                    for j in 0..<hx.count {
                        var b = grid; b.values = Array(all[(j * w * h)..<((j + 1) * w * h)]).map { $0.isNaN ? -1 : $0 }
                        bands.append(b)
                    }
                }
            } else {
                // Paths go wherever the friction raster has data (beyond the region too, as in
                // GRASS r.cost); cells without friction are barriers. Clip the raster to keep paths in.
                // In place: the friction grid becomes the cost grid, the allocation goes into `alloc`.
                var cost = try frictionGrid(o, grid: grid, data: builder.data)
                clock.lap("friction")
                let lowest = alloc.withUnsafeMutableBufferPointer { a in
                    CostDistance.allocate(width: w, height: h, cell: o.cell, frictionThenCost: &cost, sources: hubCells.map { ($0 % w, $0 / w) },
                                          neighbours: o.neighbours, source: a)
                }
                let fmin = lowest.isFinite ? Double(lowest) : 1
                clock.lap("cost search")
                // Region cells no path reaches are joined across the gap (documented fix-up).
                joinedAcrossGaps = cost.withUnsafeMutableBufferPointer { c in alloc.withUnsafeMutableBufferPointer { a in
                    NearestReached.join(width: w, height: h, cell: o.cell, gapFriction: fmin, wanted: active, cost: c, source: a)
                } }
                cost.withUnsafeMutableBufferPointer { c in alloc.withUnsafeMutableBufferPointer { CellPasses.clearUnreached(active: active, cost: c, labels: $0) } }
                var cg = grid; cg.values = cost
                secondary = cg
            }
            // A hub's own cell is its own, whatever its neighbours' pull.
            for (j, c) in hubCells.enumerated() where active[c] != 0 { alloc[c] = Int32(j) }
            clock.lap("allocation (\(o.model.rawValue))")
            if cover.isEmpty { cover = regionCover() }
            (area, total) = CellPasses.areas(cover: cover, labels: alloc, count: hx.count, cellArea: cellArea)
            if o.model == .huff, let prob = secondary?.values { dominant.add(labels: alloc, cover: cover, probability: prob) }
            cover = []   // its memory, already paged in, takes the raster values next
            grid.values = CellPasses.floats(alloc)
        }
        let labels = grid.values   // each cell's hub index (-1 outside the region)
        func cellOf(_ x: Double, _ y: Double) -> Int? {
            let c = Int(((x - grid.originX) / o.cell).rounded(.down)), r = Int(((grid.originY - y) / o.cell).rounded(.down))
            return c >= 0 && c < w && r >= 0 && r < h ? r * w + c : nil
        }
        // Census counties by interior point.
        var pop = [Double](repeating: 0, count: hx.count)
        let cp = try builder.countyPopulation()
        let counties = try builder.countyPoints().compactMap { c in c.point.flatMap { p in cp[c.code].map { (p, $0) } } }
        var cx = counties.map(\.0.x), cy = counties.map(\.0.y)
        fwd.apply(xs: &cx, ys: &cy)
        // Per cell (in cell order, so sums are deterministic): census population and points.
        var popByCell = [Int: Double]()
        for (k, c) in counties.enumerated() {
            if let i = cellOf(cx[k], cy[k]), labels[i] >= 0 { pop[Int(labels[i])] += c.1; popByCell[i, default: 0] += c.1 }
        }
        var pts: [Double]?
        var pointsByCell = [Int: Double]()
        if let points {
            var xs = points.xs, ys = points.ys
            fwd.apply(xs: &xs, ys: &ys)
            var counts = [Double](repeating: 0, count: hx.count)
            for i in 0..<xs.count {
                if let c = cellOf(xs[i], ys[i]), labels[c] >= 0 {
                    let v = points.weights?[i] ?? 1
                    counts[Int(labels[c])] += v
                    pointsByCell[c, default: 0] += v
                }
            }
            pts = counts
        }
        var result = CatchmentResult(hubs: hubs, options: o, allocation: grid, secondary: secondary, bands: bands, areaKm2: area,
                                     regionAreaKm2: total, population: pop, points: pts)
        result.joinedAcrossGaps = joinedAcrossGaps
        result.region = projected
        if o.model == .huff {
            let model = HubAllocation.HuffModel(hubX: hx, hubY: hy, hubCells: hubCells, attraction: hubs.mass, alpha: o.attraction, lambda: o.decay)
            result.huff = huffExpectation(model: model, grid: hg, hubs: hx.count, sums: dominant, expectedArea: expectedArea,
                                          popByCell: popByCell, pointsByCell: points == nil ? nil : pointsByCell)
        }
        result.warnings = warnings(result)
        if o.model == .reilly { result.breakpoints = reillyBreakpoints(labels, w, h, hx, hy, hubs.mass, o.decay) }
        clock.lap("statistics")
        return result
    }

    /// The Huff expectations from the sums over the cells: census population and points held
    /// by cells (row-major index of `g`) split by the probabilities of the cell's centre, in
    /// cell order.
    static func huffExpectation(model: HubAllocation.HuffModel, grid g: HubAllocation.Grid, hubs n: Int, sums: DominantProbability, expectedArea: [Double],
                                popByCell: [Int: Double], pointsByCell: [Int: Double]?) -> HuffExpectation {
        var p = [Double](repeating: 0, count: n)
        func expected(_ byCell: [Int: Double]) -> [Double] {
            var e = [Double](repeating: 0, count: n)
            for i in byCell.keys.sorted() {
                let v = byCell[i]!
                _ = model.probabilities(x: g.x(i % g.width), y: g.y(i / g.width), cell: i, into: &p)
                for j in 0..<n { e[j] += p[j] * v }
            }
            return e
        }
        return HuffExpectation(expectedAreaKm2: expectedArea, expectedPopulation: expected(popByCell), expectedPoints: pointsByCell.map(expected),
                               meanDominantProbability: (0..<n).map { sums.weight[$0] > 0 ? sums.sum[$0] / sums.weight[$0] : .nan },
                               minDominantProbability: sums.least.map { $0.isFinite ? $0 : .nan })
    }

    /// Each hub's cell (row-major index); hubs off the grid or sharing a cell are errors.
    static func hubCells(_ hubs: HubSet, grid: Grid, cell: Double, transform fwd: CoordinateTransform) throws -> [Int] {
        var hx = hubs.lon, hy = hubs.lat
        fwd.apply(xs: &hx, ys: &hy)
        let (w, h) = (grid.width, grid.height)
        var hubCells = [Int]()
        for j in 0..<hx.count {
            let c = Int(((hx[j] - grid.originX) / cell).rounded(.down)), r = Int(((grid.originY - hy[j]) / cell).rounded(.down))
            guard c >= 0, c < w, r >= 0, r < h else {
                throw HinterlandError("hub \(j + 1) (\(hubs.names[j]))", String(format: "at %.4f, %.4f lies outside the grid of the region", hubs.lon[j], hubs.lat[j]))
            }
            if let k = hubCells.firstIndex(of: r * w + c) {
                throw HinterlandError("hubs \(k + 1) (\(hubs.names[k])) and \(j + 1) (\(hubs.names[j]))", "fall in the same \(Int(cell)) m cell; use smaller cells")
            }
            hubCells.append(r * w + c)
        }
        return hubCells
    }

    /// Sentences for results that are easy to misread.
    static func warnings(_ r: CatchmentResult) -> [String] {
        var out = [String]()
        let m = r.hubs.mass, model = r.options.model
        if [.weighted, .huff, .reilly].contains(model), let first = m.first, m.allSatisfy({ $0 == first }) {
            out.append("all \(m.count) hubs have the same mass (\(String(format: "%g", first))), so the \(model.rawValue) model's dominant hub is the "
                       + "nearest hub in every cell: voronoi, weighted, huff and reilly give the same map; give the hubs masses to tell them apart")
        }
        if model == .weighted, r.regionAreaKm2 > 0, let j = r.areaKm2.indices.max(by: { r.areaKm2[$0] < r.areaKm2[$1] }),
           r.areaKm2[j] > 0.5 * r.regionAreaKm2 {
            out.append(String(format: "under the weighted model %@ takes %.1f %% of the region's area: multiplicatively weighted Voronoi "
                              + "cells of heavy hubs grow without bound and wrap around lighter hubs; huff or reilly (weights M^(1/λ)) "
                              + "temper the masses", r.hubs.names[j], 100 * r.areaKm2[j] / r.regionAreaKm2))
        }
        return out
    }

    /// One valid (multi)polygon per hub, in the grid's CRS: the hub's cells traced
    /// 4-connected and dissolved (`Polygonize.labels`), then clipped to the region, so the
    /// polygons' areas are the catchments' exact areas and sum to the region's. Each result
    /// is checked with GEOS (repaired with make-valid if it must be); a hub whose catchment
    /// comes out empty is an error (every hub owns at least its own cell).
    public static func polygons(_ r: CatchmentResult) throws -> [Geometry] {
        let g = r.allocation
        let traced = try Polygonize.labels(g.values.map { Int32($0) }, width: g.width, height: g.height, geoTransform: g.geoTransform, crs: g.crs)
        var region = Geometry(kind: .polygon, xs: [], ys: [])
        for p in r.region where p.kind == .polygon { region.append(p) }
        return try r.hubs.names.indices.map { j in
            let what = "catchment of hub \(j + 1) (\(r.hubs.names[j]))"
            guard let cells = traced[Int32(j)] else { throw HinterlandError(what, "has no cells") }
            let clipped = region.isEmpty ? cells : try GeometryOperations.intersection(cells, region)
            let valid = try GeometryOperations.validated(clipped, what: what)
            guard !valid.isEmpty else { throw HinterlandError(what, "is empty after clipping to the region") }
            return valid
        }
    }

    /// Breakpoints for hubs whose trade areas touch: d_jk / (1 + (M_k/M_j)^(1/λ)) from j.
    static func reillyBreakpoints(_ a: [Float], _ w: Int, _ h: Int, _ hx: [Double], _ hy: [Double], _ m: [Double], _ decay: Double) -> [(Int, Int, Double, Double)] {
        var pairs = Set<Int>()
        let n = hx.count
        for r in 0..<h { for c in 0..<w {
            let i = r * w + c, j = Int(a[i]); guard j >= 0 else { continue }
            for k in [c + 1 < w ? Int(a[i + 1]) : -1, r + 1 < h ? Int(a[i + w]) : -1] where k >= 0 && k != j {
                pairs.insert(min(j, k) * n + max(j, k))
            }
        } }
        return reillyBreakpoints(pairs: pairs, hx, hy, m, decay)
    }

    /// The breakpoints of the hub pairs j * n + k (j < k) whose trade areas touch.
    static func reillyBreakpoints(pairs: Set<Int>, _ hx: [Double], _ hy: [Double], _ m: [Double], _ decay: Double) -> [(Int, Int, Double, Double)] {
        let n = hx.count
        return pairs.sorted().map { p in
            let j = p / n, k = p % n
            let d = ((hx[j] - hx[k]) * (hx[j] - hx[k]) + (hy[j] - hy[k]) * (hy[j] - hy[k])).squareRoot() / 1000
            return (j, k, d / (1 + pow(m[k] / m[j], 1 / decay)), d)
        }
    }

    /// The friction value at each cell centre (nearest cell of the friction raster); cells
    /// off that raster or on its nodata are barriers (NaN).
    static func frictionGrid(_ o: CatchmentOptions, grid: Grid, data: EmbeddedData) throws -> [Float] {
        let (src, path) = try frictionSource(o, grid: grid, data: data)
        let gt = src.geoTransform
        let nd = src.nodata ?? .nan   // NaN matches nothing; NaN cells stay NaN anyway
        let n = grid.width * grid.height
        // The usual case, a friction raster on the grid's own cells (or a larger raster of the
        // same cells): its window is read straight into the grid, no resampling pass.
        let fc = (grid.originX - gt[0]) / gt[1], fr = (gt[3] - grid.originY) / -gt[5]
        if abs(gt[1] - o.cell) <= 1e-9 * o.cell, abs(-gt[5] - o.cell) <= 1e-9 * o.cell,
           abs(fc - fc.rounded()) < 1e-6, abs(fr - fr.rounded()) < 1e-6 {
            let c0 = Int(fc.rounded()), r0 = Int(fr.rounded())
            let cols = max(0, min(grid.width, src.width - c0) - max(0, -c0)), rows = max(0, min(grid.height, src.height - r0) - max(0, -r0))
            let gc = max(0, -c0), gr = max(0, -r0)   // first grid column and row with data
            return try [Float](unsafeUninitializedCapacity: n) { buf, count in
                let p = buf.baseAddress!
                for r in 0..<grid.height {
                    let row = p + r * grid.width
                    if r < gr || r >= gr + rows || cols == 0 { row.initialize(repeating: .nan, count: grid.width); continue }
                    row.initialize(repeating: .nan, count: gc)
                    (row + gc + cols).initialize(repeating: .nan, count: grid.width - gc - cols)
                }
                if rows > 0 && cols > 0 {
                    try src.read(col: c0 + gc, row: r0 + gr, width: cols, height: rows, into: p + gr * grid.width + gc, lineStride: grid.width)
                    if !nd.isNaN { CellPasses.replace(nd, withNaNIn: buf) }
                }
                count = n
            }
        }
        let lookup = try frictionLookup(src, path: path, grid: grid)
        var out = [Float](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer { o in
            for r in 0..<grid.height { for c in 0..<grid.width { o[r * grid.width + c] = lookup.at(r, c) } }
        }
        return out
    }

    static func frictionSource(_ o: CatchmentOptions, grid: Grid, data: EmbeddedData) throws -> (RasterSource, String) {
        let path = o.friction ?? data.root + "/friction_10km.tif"
        let src = try RasterSource(path: path)
        if src.crs != grid.crs {
            let a = try SpatialReferenceCheck.same(src.crs, grid.crs)
            if !a { throw HinterlandError(path, "friction raster CRS (\(src.crs)) differs from the grid's (\(grid.crs)); warp it first (gdalwarp -t_srs)") }
        }
        return (src, path)
    }

    /// The friction raster held whole and each grid cell's nearest raster cell (off the
    /// raster or on its nodata: NaN, a barrier).
    static func frictionLookup(_ o: CatchmentOptions, grid: Grid, data: EmbeddedData) throws -> FrictionLookup {
        let (src, path) = try frictionSource(o, grid: grid, data: data)
        return try frictionLookup(src, path: path, grid: grid)
    }

    static func frictionLookup(_ src: RasterSource, path: String, grid: Grid) throws -> FrictionLookup {
        let gt = src.geoTransform
        guard var all = try src.readAll() else {
            throw HinterlandError(path, "friction raster of \(src.width) × \(src.height) cells too large to hold in memory; resample it to larger cells (gdalwarp -tr)")
        }
        if let nd = src.nodata { for i in all.indices where all[i] == nd { all[i] = .nan } }
        // Both grids are north-up: the source column depends on the column only, the row on the row.
        let colMap = (0..<grid.width).map { c -> Int in
            let fc = Int(((grid.centre(col: c, row: 0).x - gt[0]) / gt[1]).rounded(.down)); return fc >= 0 && fc < src.width ? fc : -1
        }
        let rowMap = (0..<grid.height).map { r -> Int in
            let fr = Int(((grid.centre(col: 0, row: r).y - gt[3]) / gt[5]).rounded(.down)); return fr >= 0 && fr < src.height ? fr : -1
        }
        return FrictionLookup(values: all, rasterWidth: src.width, rowOfRow: rowMap, columnOfColumn: colMap)
    }
}
