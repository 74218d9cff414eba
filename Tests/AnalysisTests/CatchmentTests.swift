import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

struct CatchmentTests {
    static let hubs = HubSet(names: ["北京", "上海", "广州", "成都", "西安", "乌鲁木齐"],
                             lon: [116.40, 121.47, 113.26, 104.07, 108.94, 87.62], lat: [39.90, 31.23, 23.13, 30.67, 34.26, 43.82],
                             mass: [21.9, 24.9, 18.7, 20.9, 12.9, 4.1])

    static func run(_ model: CatchmentModel, cell: Double = 20_000, bands: Bool = false, friction: String? = nil) throws -> CatchmentResult {
        var o = CatchmentOptions()
        o.model = model; o.cell = cell; o.bands = bands; o.friction = friction
        return try Shared.with { b in
            try Catchment.run(hubs: hubs, options: o, region: try b.data.countryOutline(), builder: b)
        }
    }

    @Test(arguments: CatchmentModel.allCases)
    func catchmentsTileTheRegionAndKeepTheirHubs(model: CatchmentModel) throws {
        let r = try Self.run(model)
        let sum = r.areaKm2.reduce(0, +)
        #expect(abs(sum - r.regionAreaKm2) / r.regionAreaKm2 < 1e-3, "\(model): \(sum) vs \(r.regionAreaKm2)")
        // The region is China: its area agrees with the ellipsoidal area of the outline.
        let country = try Shared.with { try $0.build(.province).zones.reduce(0) { $0 + $1.areaKm2 } }
        #expect(abs(r.regionAreaKm2 - country) / country < 1e-3)
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        for j in Self.hubs.names.indices {
            let p = fwd.apply(x: Self.hubs.lon[j], y: Self.hubs.lat[j])
            let c = Int((p.x - r.allocation.originX) / r.allocation.cellWidth), row = Int((r.allocation.originY - p.y) / r.allocation.cellHeight)
            #expect(r.allocation[c, row] == Float(j), "\(model): hub \(j)'s cell")
        }
        let total = r.population.reduce(0, +)
        #expect(abs(total - 1_409_778_724) / 1_409_778_724 < 0.001, "population \(total)")
    }

    @Test func huffProbabilitiesSumToOne() throws {
        let r = try Self.run(.huff, cell: 40_000, bands: true)
        #expect(r.bands.count == Self.hubs.names.count)
        for i in 0..<r.allocation.values.count where r.allocation.values[i] >= 0 {
            let s = r.bands.reduce(0.0) { $0 + Double($1.values[i]) }
            #expect(abs(s - 1) < 1e-6)
            let j = Int(r.allocation.values[i])
            #expect(r.bands[j].values[i] == r.secondary!.values[i])
        }
    }

    @Test func weightedWithEqualMassesIsVoronoi() throws {
        var equal = Self.hubs
        equal.mass = [Double](repeating: 7, count: equal.mass.count)
        var o = CatchmentOptions()
        o.cell = 20_000; o.model = .weighted
        let (a, b) = try Shared.with { s -> (CatchmentResult, CatchmentResult) in
            let region = try s.data.countryOutline()
            let w = try Catchment.run(hubs: equal, options: o, region: region, builder: s)
            o.model = .voronoi
            return (w, try Catchment.run(hubs: equal, options: o, region: region, builder: s))
        }
        #expect(a.allocation.values == b.allocation.values)
    }

    /// With a uniform friction surface the cost model (16-neighbour Dijkstra) agrees with
    /// Euclidean Voronoi except next to Voronoi boundaries: a cell may go
    /// to another hub only where the two hubs' distances differ by less than the 16-neighbour
    /// path excess (≤ 2.7%) plus one cell.
    @Test func costWithUniformFrictionIsVoronoiAwayFromBoundaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = Grid(covering: BoundingBox(minX: -3_500_000, minY: 0, maxX: 3_000_000, maxY: 6_500_000), cell: 20_000, crs: .chinaAlbers, fill: 3)
        try RasterWriter.writeGeoTIFF(g, to: "\(dir)/f.tif")
        let cost = try Self.run(.cost, friction: "\(dir)/f.tif"), voronoi = try Self.run(.voronoi)
        let a = cost.allocation
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        let hubXY = Self.hubs.names.indices.map { fwd.apply(x: Self.hubs.lon[$0], y: Self.hubs.lat[$0]) }
        var differ = 0, cells = 0
        for r in 0..<a.height { for c in 0..<a.width where voronoi.allocation[c, r] >= 0 {
            cells += 1
            let j = Int(a[c, r]), k = Int(voronoi.allocation[c, r])
            guard j != k else { continue }
            differ += 1
            let p = a.centre(col: c, row: r)
            let dj = ((p.x - hubXY[j].x) * (p.x - hubXY[j].x) + (p.y - hubXY[j].y) * (p.y - hubXY[j].y)).squareRoot()
            let dk = ((p.x - hubXY[k].x) * (p.x - hubXY[k].x) + (p.y - hubXY[k].y) * (p.y - hubXY[k].y)).squareRoot()
            #expect(dj - dk <= 0.027 * dk + 20_000, "cell \(c),\(r): cost hub \(j) at \(dj) m, nearest \(k) at \(dk) m")
        } }
        #expect(Double(differ) / Double(cells) < 0.02, "\(differ) of \(cells) cells differ")
        var other = g
        other.crs = CRS("EPSG:3857")
        try RasterWriter.writeGeoTIFF(other, to: "\(dir)/f3857.tif")
        #expect(throws: HinterlandError.self) { try Self.run(.cost, friction: "\(dir)/f3857.tif") }
    }

    @Test func reillyBreakpointsFollowTheLaw() throws {
        let r = try Self.run(.reilly)
        #expect(!r.breakpoints.isEmpty)
        for (j, k, b, d) in r.breakpoints {
            let expected = d / (1 + (Self.hubs.mass[k] / Self.hubs.mass[j]).squareRoot())
            #expect(abs(b - expected) < 1e-9)
        }
    }

    /// Every model: one valid, non-empty (multi)polygon per hub (hub 0 included), each with
    /// the hub's area, together the region's area within 0.1 %.
    @Test(arguments: CatchmentModel.allCases)
    func polygonsAreOneValidPolygonPerHubAndTileTheRegion(model: CatchmentModel) throws {
        let r = try Self.run(model)
        let polys = try Catchment.polygons(r)
        #expect(polys.count == Self.hubs.names.count)
        var sum = 0.0
        for (j, g) in polys.enumerated() {
            #expect(g.kind == .polygon && !g.isEmpty && g.polygonCount >= 1, "\(model): hub \(j) empty")
            #expect(GeometryOperations.isValid(g), "\(model): hub \(j) invalid")
            let a = g.planarArea / 1e6
            #expect(abs(a - r.areaKm2[j]) <= r.regionAreaKm2 * 1e-4, "\(model): hub \(j) polygon \(a) km² vs cells \(r.areaKm2[j]) km²")
            sum += a
        }
        #expect(abs(sum - r.regionAreaKm2) / r.regionAreaKm2 < 1e-3, "\(model): polygons \(sum) km² vs region \(r.regionAreaKm2) km²")
    }

    static func close(_ a: Double, _ b: Double, _ relative: Double) -> Bool { abs(a - b) <= relative * max(abs(b), 1e-300) }

    /// Huff's expected values against a brute-force computation on a coarse grid over Sichuan
    /// and Chongqing: each cell's overlap with the region by a GEOS intersection of the cell's
    /// square, each cell's probabilities from the formula, the census counties and a few
    /// weighted points summed cell by cell.
    @Test func huffExpectedValuesMatchABruteForceSum() throws {
        let hubs = HubSet(names: ["成都", "重庆", "绵阳"], lon: [104.07, 106.55, 104.68], lat: [30.67, 29.56, 31.47], mass: [20.9, 32.1, 4.9])
        var o = CatchmentOptions()
        o.model = .huff; o.cell = 50_000; o.decay = 1.5; o.attraction = 1.2; o.bands = true
        var pts = PointSet(source: "test")
        for k in 0..<40 { pts.xs.append(102.0 + Double(k % 8) * 0.9); pts.ys.append(27.5 + Double(k / 8) * 1.4) }
        pts.weights = (0..<40).map { Double($0 % 5 + 1) }
        let (r, region, counties, pop) = try Shared.with { b -> (CatchmentResult, [Geometry], [CountyPoint], [String: Double]) in
            let provinces = try b.build(.province, geometry: true)
            let region = provinces.zones.filter { ["510000", "500000"].contains($0.code) }.compactMap(\.geometry)
            return (try Catchment.run(hubs: hubs, options: o, region: region, builder: b, points: pts), region,
                    try b.countyPoints(), try b.countyPopulation())
        }
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        var projected = Geometry(kind: .polygon, xs: [], ys: [])
        for g in region { projected.append(fwd.apply(g)) }
        let box = projected.boundingBox
        let g = r.allocation, n = hubs.names.count
        let hxy = hubs.names.indices.map { fwd.apply(x: hubs.lon[$0], y: hubs.lat[$0]) }
        func cellOf(_ p: (x: Double, y: Double)) -> Int? {
            let c = Int(((p.x - g.originX) / o.cell).rounded(.down)), row = Int(((g.originY - p.y) / o.cell).rounded(.down))
            return c >= 0 && c < g.width && row >= 0 && row < g.height ? row * g.width + c : nil
        }
        let hubCell = hxy.map { cellOf($0)! }
        func probabilities(_ i: Int) -> [Double] {
            if let j = hubCell.firstIndex(of: i) { return (0..<n).map { $0 == j ? 1 : 0 } }
            let x = g.originX + (Double(i % g.width) + 0.5) * o.cell, y = g.originY - (Double(i / g.width) + 0.5) * o.cell
            let u = (0..<n).map { j in pow(hubs.mass[j], o.attraction) * pow(((x - hxy[j].x) * (x - hxy[j].x) + (y - hxy[j].y) * (y - hxy[j].y)).squareRoot(), -o.decay) }
            let s = u.reduce(0, +)
            return u.map { $0 / s }
        }
        var area = [Double](repeating: 0, count: g.width * g.height)
        for i in area.indices {
            let x0 = g.originX + Double(i % g.width) * o.cell, y1 = g.originY - Double(i / g.width) * o.cell
            guard x0 + o.cell > box.minX, x0 < box.maxX, y1 > box.minY, y1 - o.cell < box.maxY else { continue }
            let square = Geometry.polygon(ring: [x0, x0 + o.cell, x0 + o.cell, x0, x0], [y1, y1, y1 - o.cell, y1 - o.cell, y1])
            area[i] = try GeometryOperations.intersection(square, projected).planarArea / 1e6
        }
        var eArea = [Double](repeating: 0, count: n), ePop = eArea, ePts = eArea
        for i in area.indices where area[i] > 0 {
            let p = probabilities(i)
            for j in 0..<n { eArea[j] += p[j] * area[i] }
        }
        var cx = counties.compactMap { $0.point?.x }, cy = counties.compactMap { $0.point?.y }
        let codes = counties.filter { $0.point != nil }.map(\.code)
        fwd.apply(xs: &cx, ys: &cy)
        for k in cx.indices {
            guard let i = cellOf((cx[k], cy[k])), g.values[i] >= 0, let v = pop[codes[k]] else { continue }
            let p = probabilities(i)
            for j in 0..<n { ePop[j] += p[j] * v }
        }
        for k in 0..<pts.count {
            guard let i = cellOf(fwd.apply(x: pts.xs[k], y: pts.ys[k])), g.values[i] >= 0 else { continue }
            let p = probabilities(i)
            for j in 0..<n { ePts[j] += p[j] * pts.weights![k] }
        }
        let h = try #require(r.huff)
        for j in 0..<n {
            #expect(Self.close(h.expectedAreaKm2[j], eArea[j], 1e-5), "area \(j): \(h.expectedAreaKm2[j]) vs \(eArea[j])")
            #expect(Self.close(h.expectedPopulation[j], ePop[j], 1e-9), "population \(j): \(h.expectedPopulation[j]) vs \(ePop[j])")
            #expect(Self.close(h.expectedPoints![j], ePts[j], 1e-9), "points \(j): \(h.expectedPoints![j]) vs \(ePts[j])")
            // The least and mean dominant-hub probability over hub j's cells, from the bands.
            var least = Double.infinity, ws = 0.0, ps = 0.0
            for i in area.indices where g.values[i] == Float(j) && area[i] > 0 {
                let q = Double(r.bands[j].values[i]); least = min(least, q); ws += area[i]; ps += area[i] * q
            }
            #expect(Self.close(h.minDominantProbability[j], least, 1e-12))
            let mean: Double = ps / ws
            #expect(Self.close(h.meanDominantProbability[j], mean, 1e-5))
            #expect(h.meanDominantProbability[j] > 0 && h.meanDominantProbability[j] <= 1)
        }
        // Probabilities add to one in every cell: the expected values add up to the totals.
        let areaSum: Double = h.expectedAreaKm2.reduce(0, +), popSum: Double = h.expectedPopulation.reduce(0, +)
        let ptsSum: Double = h.expectedPoints!.reduce(0, +)
        #expect(Self.close(areaSum, r.regionAreaKm2, 1e-6))
        #expect(Self.close(popSum, r.population.reduce(0, +), 1e-9))
        #expect(Self.close(ptsSum, r.points!.reduce(0, +), 1e-9))
    }

    @Test func warningsForEqualMassesAndAnOversizedWeightedHub() throws {
        var equal = Self.hubs
        equal.mass = [Double](repeating: 3, count: equal.mass.count)
        var heavy = Self.hubs
        heavy.mass[5] = 400   // 乌鲁木齐
        func run(_ h: HubSet, _ m: CatchmentModel) throws -> [String] {
            var o = CatchmentOptions(); o.model = m; o.cell = 40_000
            return try Shared.with { b in try Catchment.run(hubs: h, options: o, region: try b.data.countryOutline(), builder: b).warnings }
        }
        for m in [CatchmentModel.weighted, .huff, .reilly] {
            let w = try run(equal, m)
            #expect(w.count == 1 && w[0].contains("same mass") && w[0].contains(m.rawValue), "\(m): \(w)")
        }
        #expect(try run(equal, .voronoi).isEmpty)
        #expect(try run(Self.hubs, .weighted).isEmpty)
        let w = try run(heavy, .weighted)
        #expect(w.count == 1 && w[0].contains("乌鲁木齐") && w[0].contains("% of the region's area"), "\(w)")
        #expect(!w.joined().contains("--"))
    }

    @Test func censusMassIsThePrefecturePopulation() throws {
        let h = try Shared.with { b in
            try HubSet.read(path: "computing_hubs", nameField: nil, massField: HubSet.censusMass, inputCRS: nil, data: b.data, builder: b)
        }
        #expect(h.mass[0] == 4_118_908)      // 张家口市
        #expect(h.mass[5] == 32_054_159)     // 重庆市 (one unit)
        #expect(h.mass[9] == 1_067_336)      // 中卫市
        #expect(h.massSource.contains("census"))
    }
}
