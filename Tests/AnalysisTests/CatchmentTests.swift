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
}
