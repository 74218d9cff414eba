import Testing
@testable import Kernels

struct RasterizeAndZonalTests {
    @Test func scanlineMaskMatchesCentreTests() {
        var rng = SplitMix(seed: 13)
        for _ in 0..<10 {
            let ring = starRing(cx: 10, cy: 8, radius: 9, vertices: 25, rng: &rng)
            let w = 21, h = 17
            var mask = [UInt8](repeating: 0, count: w * h)
            ScanlineRasterize.centres(xs: ring.xs, ys: ring.ys, partOffsets: [0, ring.xs.count], width: w, height: h, into: &mask)
            for r in 0..<h { for c in 0..<w {
                let inside = bruteContains(ring.xs, ring.ys, [0, ring.xs.count], Double(c) + 0.5, Double(r) + 0.5)
                #expect((mask[r * w + c] == 1) == inside, "cell \(c),\(r)")
            } }
        }
    }

    @Test func zonalStatisticsMatchATwoPassReference() {
        var rng = SplitMix(seed: 17)
        let n = 1000
        let values = (0..<n).map { _ in Float.random(in: 100...200, using: &rng) }
        var coverage = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) }
        for i in stride(from: 0, to: n, by: 7) { coverage[i] = 0 }
        var s = ZonalStatistics()
        values.withUnsafeBufferPointer { s.add(values: $0, coverage: coverage, nodata: values[3]) }
        let pairs = zip(values, coverage).enumerated().filter { $0.element.1 > 0 && $0.element.0 != values[3] }.map { (Double($0.element.0), $0.element.1) }
        let count = pairs.reduce(0) { $0 + $1.1 }, sum = pairs.reduce(0) { $0 + $1.0 * $1.1 }
        let mean = sum / count
        let sd = (pairs.reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / count).squareRoot()
        #expect(abs(s.count - count) < 1e-9 && abs(s.sum - sum) / sum < 1e-12)
        #expect(abs(s.mean - mean) < 1e-9 && abs(s.stdev - sd) < 1e-9)
        #expect(s.min == pairs.map(\.0).min()! && s.max == pairs.map(\.0).max()!)
    }

    /// Sums taken as the coverage is made: those of the coverage grid times the values, on
    /// random polygons with holes and parts off the window, values with nodata and NaN cells
    /// inside a larger grid.
    @Test func coveredSumsMatchFractionsTimesValues() {
        var rng = SplitMix(seed: 19)
        for trial in 0..<20 {
            let width = 40 + trial, height = 70, stride = width + 5
            var grid = (0..<(stride * height)).map { _ in Float.random(in: -50...200, using: &rng) }
            // Nodata and NaN scattered, or (every other trial) only in a block of rows, so
            // that runs of eight valid cells take the vector path.
            for i in Swift.stride(from: 0, to: trial % 2 == 0 ? grid.count : stride * 20, by: 5) { grid[i] = -9999 }
            for i in Swift.stride(from: 2, to: trial % 2 == 0 ? grid.count : stride * 20, by: 11) { grid[i] = .nan }
            let outer = starRing(cx: Double(width) / 2 + Double(trial % 5) * 6, cy: 35, radius: 38, vertices: 25, rng: &rng)
            let hole = starRing(cx: Double(width) / 2, cy: 35, radius: 8, vertices: 9, rng: &rng)
            let xs = outer.xs + hole.xs.reversed(), ys = outer.ys + hole.ys.reversed()
            let parts = [0, outer.xs.count, xs.count], polygons = [0, 2]
            let cov = CoverageFraction.fractions(xs: xs, ys: ys, partOffsets: parts, polygonOffsets: polygons, width: width, height: height)
            var count = 0.0, sum = 0.0
            for r in 0..<height { for c in 0..<width {
                let v = grid[r * stride + 2 + c], k = cov[r * width + c]
                if k > 0 && v != -9999 && !v.isNaN { count += k; sum += k * Double(v) }
            } }
            let s = grid.withUnsafeBufferPointer {
                CoverageFraction.coveredSums(xs: xs, ys: ys, partOffsets: parts, polygonOffsets: polygons, width: width, height: height,
                                             values: $0.baseAddress! + 2, rowStride: stride, nodata: -9999)
            }
            #expect(count > 0 && abs(s.count - count) <= 1e-12 * count && abs(s.sum - sum) <= 1e-11 * abs(sum) + 1e-9, "trial \(trial)")
        }
    }
}
