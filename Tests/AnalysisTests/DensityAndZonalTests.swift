import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO
@testable import Kernels

struct DensityAndZonalTests {
    static func clusteredPoints() -> PointSet {
        var p = PointSet(source: "test")
        var s: UInt64 = 99
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        for k in 0..<3000 {
            let (cx, cy) = [(104.07, 30.67), (116.4, 39.9), (121.47, 31.23)][k % 3]
            p.xs.append(cx + (next() - 0.5)); p.ys.append(cy + (next() - 0.5))
        }
        p.weights = (0..<3000).map { Double($0 % 7 + 1) }
        return p
    }

    @Test(arguments: KernelShape.allCases)
    func surfaceIntegratesToTheWeightSum(kernel: KernelShape) throws {
        var o = DensityOptions()
        o.cell = 5000; o.bandwidth = .fixed(30_000); o.kernel = kernel; o.units = .perCell
        let p = Self.clusteredPoints()
        let r = try KernelDensity.estimate(points: p, options: o)
        let integral = r.grid.values.reduce(0.0) { $0 + Double($1) }
        let total = p.weights!.reduce(0, +)
        #expect(abs(integral - total) / total < 1e-4, "\(kernel): \(integral) vs \(total)")
    }

    /// Edge correction on points filling a square evenly: deep inside it changes nothing;
    /// at the edge the plain estimate loses about half the mass to the outside, and the
    /// corrected one gives back the interior density (the point of --edge-correct).
    @Test func edgeCorrectionRestoresTheDensityAtTheClipEdge() throws {
        var p = PointSet(source: "lattice")
        for i in 0..<200 { for j in 0..<200 { p.xs.append(100.01 + Double(i) * 0.02); p.ys.append(30.01 + Double(j) * 0.02) } }
        let square = Geometry.polygon(ring: [100, 104, 104, 100, 100], [30, 30, 34, 34, 30])
        var o = DensityOptions()
        o.cell = 5000; o.bandwidth = .fixed(20_000); o.units = .perKm2
        let plain = try KernelDensity.estimate(points: p, options: o, clip: [square])
        o.edgeCorrect = true
        let fixed = try KernelDensity.estimate(points: p, options: o, clip: [square])
        let g = plain.grid, w = g.width, nd = DensityOptions.nodata
        // The square's centre row: the first and last cells inside, and the middle one.
        let row = g.height / 2
        let inside = (0..<w).filter { g.values[row * w + $0] != nd }
        let mid = inside[inside.count / 2], edges = [inside.first!, inside.last!]
        let interior = Double(plain.grid.values[row * w + mid])
        #expect(abs(Double(fixed.grid.values[row * w + mid]) - interior) <= 1e-5 * interior)
        for c in edges {
            let a = Double(plain.grid.values[row * w + c]), b = Double(fixed.grid.values[row * w + c])
            #expect(a / interior > 0.4 && a / interior < 0.7, "plain edge \(a) vs interior \(interior)")
            #expect(abs(b / interior - 1) < 0.1, "corrected edge \(b) vs interior \(interior)")
        }
    }

    /// Second method: binned + convolved against the exact kernel sum.
    @Test func binnedGaussianAgreesWithExactSummation() throws {
        var o = DensityOptions()
        o.cell = 5000; o.bandwidth = .fixed(40_000); o.units = .perKm2
        let p = Self.clusteredPoints()
        let fast = try KernelDensity.estimate(points: p, options: o)
        o.exact = true
        let slow = try KernelDensity.estimate(points: p, options: o)
        #expect(fast.grid.width == slow.grid.width && fast.grid.height == slow.grid.height)
        let peak = slow.grid.values.max()!
        var worst: Float = 0
        for i in 0..<fast.grid.values.count { worst = max(worst, abs(fast.grid.values[i] - slow.grid.values[i])) }
        #expect(worst / peak < 0.01, "max difference \(worst) against peak \(peak)")
    }

    /// Zonal count on an equal-area 5 km grid equals the zone's ellipsoidal area / 25 km²
    /// (an independent measure of the same area).
    @Test func zonalCoverageCountsMatchEllipsoidalAreas() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let set = try Shared.with { try $0.build(.region4, geometry: true) }
        let box = BoundingBox(minX: -3_000_000, minY: 200_000, maxX: 2_500_000, maxY: 6_200_000)  // down to the Nansha islands
        var grid = Grid(covering: box, cell: 5000, crs: .chinaAlbers, fill: 2)
        grid.nodata = -1
        try RasterWriter.writeGeoTIFF(grid, to: "\(dir)/ones.tif")
        let source = try RasterSource(path: "\(dir)/ones.tif")
        let stats = try ZonalAnalysis.run(raster: source, zones: set.zones)
        for (z, s) in zip(set.zones, stats) {
            #expect(abs(s.count * 25 - z.areaKm2) / z.areaKm2 < 1e-5, "\(z.code): \(s.count * 25) vs \(z.areaKm2)")
            #expect(abs(s.sum - 2 * s.count) < 1e-6 * s.sum && s.min == 2 && s.max == 2 && s.stdev < 1e-9)
        }
        // Read in bands of one tile row (5 bands, zones cut across them) instead of two:
        // the same statistics, up to the rounding of the coverage of cut windows.
        let thin = RasterBandReader(try RasterSource(path: "\(dir)/ones.tif"), cells: 1)
        #expect(thin.rows == 256 && thin.bandCount == 5)
        let banded = try ZonalAnalysis.run(raster: thin.source, zones: set.zones, bands: thin)
        for (a, b) in zip(stats, banded) {
            #expect(abs(a.count - b.count) <= 1e-12 * a.count && abs(a.sum - b.sum) <= 1e-12 * a.sum && a.min == b.min && a.max == b.max)
        }
        // Count and sum only: the same up to the order of the additions.
        let sums = try ZonalAnalysis.run(raster: try RasterSource(path: "\(dir)/ones.tif"), zones: set.zones, sumsOnly: true)
        for (a, b) in zip(stats, sums) { #expect(abs(a.count - b.count) <= 1e-12 * a.count && abs(a.sum - b.sum) <= 1e-12 * a.sum) }
    }
}
