import Foundation
import GeoCore
import GeoIO
import Kernels

/// Catchments of grids too large to hold (China at 250 m is 19332 × 22059 cells), a band of
/// rows at a time, the raster written as it is made. The voronoi, weighted, Reilly and Huff
/// models allocate every cell from its own centre and its coverage of the region, and both
/// are computed here exactly as on the whole grid: the raster is the whole grid's, bit for
/// bit, and populations and points are summed in the same order. Voronoi, weighted and Reilly
/// areas are summed band by band (the same cells, added in another order: equal to ~1e-12 of
/// the region's area); Huff's areas, expected values and dominant probabilities are summed in
/// the whole grid's order (its table is the whole grid's to the bit). Cost searches the whole
/// grid in 5 bytes a cell (`CostDistance.allocateCompact`, the same costs and allocation as the
/// held grid's search), joins the islands as `run` does, and writes its rows from that state.
extension Catchment {
    /// The grid of a catchment run over `region` (no values): its size tells whether it is held.
    public static func grid(region: [Geometry], options o: CatchmentOptions) throws -> Grid {
        let fwd = try CoordinateTransform(from: .wgs84, to: o.crs)
        var box = BoundingBox.empty
        for g in region { box.extend(fwd.apply(g).boundingBox) }
        return Grid(covering: box, cell: o.cell, crs: o.crs, fill: nil, nodata: -1)
    }

    /// The run's result with `allocation` a template without values (the raster is in `path`).
    /// `bandRows` is rounded to whole GeoTIFF tile rows (256).
    public static func write(hubs: HubSet, options o: CatchmentOptions, region: [Geometry], builder: ZoneSetBuilder, points: PointSet? = nil,
                             to path: String, metadata: [String: String], colors: [(UInt8, UInt8, UInt8)]?,
                             compression: RasterWriter.Compression = .deflate, bandRows: Int = 1024) throws -> CatchmentResult {
        var clock = Stopwatch("catchment in rows")
        let fwd = try CoordinateTransform(from: .wgs84, to: o.crs)
        let projected = region.map { fwd.apply($0) }
        var box = BoundingBox.empty
        for g in projected { box.extend(g.boundingBox) }
        let grid = Grid(covering: box, cell: o.cell, crs: o.crs, fill: nil, nodata: -1)
        let (w, h) = (grid.width, grid.height)
        let hubCells = try Catchment.hubCells(hubs, grid: grid, cell: o.cell, transform: fwd)
        var hx = hubs.lon, hy = hubs.lat
        fwd.apply(xs: &hx, ys: &hy)
        let n = hx.count
        let weights = o.model == .voronoi ? [Double](repeating: 1, count: n)
            : o.model == .weighted ? hubs.mass : hubs.mass.map { pow($0, 1 / o.decay) }
        let cellArea = o.cell * o.cell / 1e6
        func cellOf(_ x: Double, _ y: Double) -> Int {
            let c = Int(((x - grid.originX) / o.cell).rounded(.down)), r = Int(((grid.originY - y) / o.cell).rounded(.down))
            return c >= 0 && c < w && r >= 0 && r < h ? r * w + c : -1
        }
        // The cells of the census counties' interior points and of the points; their hubs are
        // read as each band is made and summed at the end in the whole-grid order.
        let cp = try builder.countyPopulation()
        let counties = try builder.countyPoints().compactMap { c in c.point.flatMap { p in cp[c.code].map { (p, $0) } } }
        var cx = counties.map(\.0.x), cy = counties.map(\.0.y)
        fwd.apply(xs: &cx, ys: &cy)
        let countyCells = counties.indices.map { cellOf(cx[$0], cy[$0]) }
        var countyHub = [Int32](repeating: -1, count: counties.count)
        var pointCells = [Int](), pointHub = [Int32]()
        if let points {
            var xs = points.xs, ys = points.ys
            fwd.apply(xs: &xs, ys: &ys)
            pointCells = xs.indices.map { cellOf(xs[$0], ys[$0]) }
            pointHub = [Int32](repeating: -1, count: xs.count)
        }
        var area = [Double](repeating: 0, count: n), total = 0.0
        var pairs = Set<Int>()
        var above = [Float]()   // the previous band's last row (Reilly neighbours across bands)
        let rowsPerBand = max(256, bandRows / 256 * 256)
        let pixelRows = projected.map { g in g.ys.map { (grid.originY - $0) / o.cell } }
        // The band's coverage of the region, as the whole grid's (see `run`); a part of the
        // region outside the band's rows covers none of its cells (adds exact zeros).
        func bandCover(_ rows: Range<Int>) -> [Float] {
            let m = rows.count * w
            var cover = [Float]()
            for (g, py) in zip(projected, pixelRows) {
                guard let lo = py.min(), let hi = py.max(), hi > Double(rows.lowerBound), lo < Double(rows.upperBound) else { continue }
                let px = g.xs.map { ($0 - grid.originX) / o.cell }
                let c = [Float](unsafeUninitializedCapacity: m) { out, count in
                    CoverageFraction.fractions(xs: px, ys: py, partOffsets: g.partOffsets, polygonOffsets: g.polygonOffsets, width: w, height: h,
                                               rows: rows, into: out)
                    count = m
                }
                if cover.isEmpty { cover = c } else { for i in 0..<c.count { cover[i] = min(cover[i] + c[i], 1) } }
            }
            return cover.isEmpty ? [Float](repeating: 0, count: m) : cover
        }
        // Cost: the search over the whole grid first (its state held, 5 bytes a cell).
        var search: CostInRows?
        if o.model == .cost {
            var active = [UInt8](repeating: 0, count: w * h)
            var r = 0
            while r < h {
                let rows = r..<min(r + rowsPerBand, h), cover = bandCover(rows)
                active.withUnsafeMutableBufferPointer { a in for i in cover.indices where cover[i] > 0 { a[r * w + i] = 1 } }
                r = rows.upperBound
            }
            search = try CostInRows(o, grid: grid, hubCells: hubCells, active: active, data: builder.data)
            clock.lap("cost search, 5 bytes a cell")
        }
        // Huff: the dominant hub and its probability (two Float32 bands, as the whole grid's
        // file), and the sums of `run` in its order.
        let huff = o.model == .huff
        var huffSums = HuffSums(hubs: n, cells: w * h)
        let descriptions = ["hub index (0-based; -1 outside)"] + (huff ? ["probability of the dominant hub"] : search != nil ? ["accumulated cost"] : [])
        try RasterWriter.writeGeoTIFF(rowsOf: grid, bands: descriptions.count, to: path, metadata: metadata, descriptions: descriptions,
                                      type: n < Int(Int16.max) && descriptions.count == 1 ? .int16 : .float32, compression: compression,
                                      categories: hubs.names, colors: colors) { write in
            var r0 = 0
            while r0 < h {
                let rows = r0..<min(r0 + rowsPerBand, h), m = rows.count * w
                var cover = bandCover(rows)
                let band = HubAllocation.Grid(width: w, height: rows.count, originX: grid.originX, originY: grid.originY, cell: o.cell, firstRow: r0)
                let first = r0 * w, cells = first..<(first + m)
                var probability: [Float] = []
                if let search {
                    (cover, probability) = search.band(first: first, cover: cover, cellArea: cellArea)
                } else if huff {
                    let model = HubAllocation.HuffModel(hubX: hx, hubY: hy, hubCells: hubCells.map { $0 - first }, attraction: hubs.mass,
                                                        alpha: o.attraction, lambda: o.decay)
                    (cover, probability) = huffSums.add(band: band, model: model, cover: cover, first: first, cellArea: cellArea)
                } else {
                    let (a, t) = cover.withUnsafeMutableBufferPointer {
                        HubAllocation.nearestWithAreas(grid: band, hubX: hx, hubY: hy, weights: weights, hubCells: hubCells.map { $0 - first },
                                                       cellArea: cellArea, coverThenLabels: $0)
                    }
                    for j in 0..<n { area[j] += a[j] }
                    total += t
                }
                for (k, c) in countyCells.enumerated() where cells.contains(c) { countyHub[k] = Int32(cover[c - first]) }
                for (k, c) in pointCells.enumerated() where cells.contains(c) { pointHub[k] = Int32(cover[c - first]) }
                if o.model == .reilly {
                    if !above.isEmpty { for c in 0..<w { addPair(Int(above[c]), Int(cover[c]), n, &pairs) } }
                    for r in 0..<rows.count { for c in 0..<w {
                        let i = r * w + c, j = Int(cover[i])
                        if c + 1 < w { addPair(j, Int(cover[i + 1]), n, &pairs) }
                        if r + 1 < rows.count { addPair(j, Int(cover[i + w]), n, &pairs) }
                    } }
                    above = Array(cover[(m - w)..<m])
                }
                var out = Grid(width: w, height: rows.count, geoTransform: grid.geoTransform, crs: grid.crs, fill: nil, nodata: -1)
                out.values = cover
                cover = []
                var second = out
                second.values = probability
                probability = []
                try write(descriptions.count == 2 ? [out, second] : [out])
                r0 = rows.upperBound
            }
        }
        clock.lap("allocation (\(o.model.rawValue)) in rows, written")
        // Census population and points in county and point order, as on the whole grid.
        var pop = [Double](repeating: 0, count: n)
        for (k, c) in counties.enumerated() where countyHub[k] >= 0 { pop[Int(countyHub[k])] += c.1 }
        var pts: [Double]?
        if let points {
            var counts = [Double](repeating: 0, count: n)
            for i in pointHub.indices where pointHub[i] >= 0 { counts[Int(pointHub[i])] += points.weights?[i] ?? 1 }
            pts = counts
        }
        if huff { (area, total) = huffSums.areas.total }
        if let search { (area, total) = search.areas.total }
        var result = CatchmentResult(hubs: hubs, options: o, allocation: grid, secondary: nil, areaKm2: area, regionAreaKm2: total, population: pop, points: pts)
        result.region = projected
        result.joinedAcrossGaps = search?.joinedAcrossGaps ?? 0
        if huff {
            // Census population and points by cell, in county and point order, as `run` makes them.
            var popByCell = [Int: Double](), pointsByCell = [Int: Double]()
            for (k, c) in counties.enumerated() where countyHub[k] >= 0 { popByCell[countyCells[k], default: 0] += c.1 }
            if let points { for i in pointHub.indices where pointHub[i] >= 0 { pointsByCell[pointCells[i], default: 0] += points.weights?[i] ?? 1 } }
            let hg = HubAllocation.Grid(width: w, height: h, originX: grid.originX, originY: grid.originY, cell: o.cell)
            let model = HubAllocation.HuffModel(hubX: hx, hubY: hy, hubCells: hubCells, attraction: hubs.mass, alpha: o.attraction, lambda: o.decay)
            result.huff = huffExpectation(model: model, grid: hg, hubs: n, sums: huffSums.dominant, expectedArea: huffSums.expected.map { $0 * cellArea },
                                          popByCell: popByCell, pointsByCell: points == nil ? nil : pointsByCell)
        }
        result.warnings = warnings(result)
        if o.model == .reilly { result.breakpoints = reillyBreakpoints(pairs: pairs, hx, hy, hubs.mass, o.decay) }
        return result
    }

    /// What `run` sums over a Huff grid, summed a band of rows at a time in its order.
    struct HuffSums {
        var areas: CellPasses.AreaSums
        /// Σ P_ij · cover_i (whole cells), continued row by row.
        var expected: [Double]
        var dominant: DominantProbability

        init(hubs n: Int, cells: Int) {
            areas = CellPasses.AreaSums(cells: cells, count: n)
            expected = [Double](repeating: 0, count: n)
            dominant = DominantProbability(hubs: n)
        }

        /// The band's hub index and dominant probability as raster values (-1 outside the region).
        mutating func add(band: HubAllocation.Grid, model: HubAllocation.HuffModel, cover: [Float], first: Int, cellArea: Double) -> ([Float], [Float]) {
            let m = cover.count, active = CellPasses.active(cover)
            var alloc = [Int32](repeating: -1, count: m), prob = [Float](repeating: .nan, count: m)
            let sums = expected
            expected = alloc.withUnsafeMutableBufferPointer { a in prob.withUnsafeMutableBufferPointer { p in cover.withUnsafeBufferPointer { cv in
                HubAllocation.huff(grid: band, model: model, active: active, dominant: a, probability: p, bands: nil, cover: cv, adding: sums)
            } } }
            areas.add(cover: cover, labels: alloc, first: first, cellArea: cellArea)
            dominant.add(labels: alloc, cover: cover, probability: prob)
            return (CellPasses.floats(alloc), prob.map { $0.isNaN ? -1 : $0 })
        }
    }

    @inline(__always) static func addPair(_ j: Int, _ k: Int, _ n: Int, _ pairs: inout Set<Int>) {
        if j >= 0 && k >= 0 && j != k { pairs.insert(min(j, k) * n + max(j, k)) }
    }
}
