import Testing
@testable import Kernels

struct ConvolutionTests {
    @Test func separableConvolutionMatchesDirect2DSum() {
        var rng = SplitMix(seed: 5)
        let w = 53, h = 37
        let input = (0..<(w * h)).map { _ in Float.random(in: 0...1, using: &rng) }
        let taps1 = KernelShape.gaussian.taps1D(bandwidthCells: 1.7).map(Float.init)
        var out = [Float](repeating: 0, count: w * h)
        input.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { o in
            SeparableConvolution.convolve(i, width: w, height: h, taps: taps1, into: o)
        } }
        let r = taps1.count / 2
        for y in stride(from: 0, to: h, by: 3) { for x in stride(from: 0, to: w, by: 3) {
            var s: Double = 0
            for dy in -r...r { for dx in -r...r {
                let xx = x + dx, yy = y + dy
                if xx >= 0 && xx < w && yy >= 0 && yy < h { s += Double(taps1[dx + r]) * Double(taps1[dy + r]) * Double(input[yy * w + xx]) }
            } }
            #expect(abs(Double(out[y * w + x]) - s) < 1e-5)
        } }
    }

    /// Sparse rows (empty rows, short spans, a kernel wider than a band) in place, cut into
    /// 1 to 9 bands: always the direct 2-D sum, and the same bits whatever the banding.
    @Test func inPlaceBandsMatchDirectSumOnSparseInput() {
        var rng = SplitMix(seed: 11)
        let w = 61, h = 47
        var input = [Float](repeating: 0, count: w * h)
        for row in stride(from: 0, to: h, by: 1) where row % 5 != 0 {
            let lo = Int.random(in: 0..<w, using: &rng), n = Int.random(in: 1...9, using: &rng)
            for c in lo..<min(lo + n, w) { input[row * w + c] = Float.random(in: 0.1...1, using: &rng) }
        }
        let taps = KernelShape.gaussian.taps1D(bandwidthCells: 3.1).map(Float.init)
        let r = taps.count / 2
        var results = [[Float]]()
        for bands in [1, 2, 3, 9] {
            var g = input
            g.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: h, taps: taps, bandCount: bands) }
            results.append(g)
        }
        for g in results.dropFirst() { #expect(g == results[0]) }
        for y in 0..<h { for x in stride(from: 0, to: w, by: 2) {
            var s: Double = 0
            for dy in -r...r { for dx in -r...r {
                let xx = x + dx, yy = y + dy
                if xx >= 0 && xx < w && yy >= 0 && yy < h { s += Double(taps[dx + r]) * Double(taps[dy + r]) * Double(input[yy * w + xx]) }
            } }
            #expect(abs(Double(results[0][y * w + x]) - s) < 1e-6)
        } }
    }

    /// Kept column ranges (a clip region's spans): those cells hold the very bits of the full
    /// convolution, with one band or several; the others hold zero or those bits too.
    @Test func keptSpansGetTheFullResult() {
        var rng = SplitMix(seed: 23)
        let w = 83, h = 59
        var input = [Float](repeating: 0, count: w * h)
        for i in 0..<(w * h) where Int.random(in: 0..<4, using: &rng) == 0 { input[i] = Float.random(in: 0.1...1, using: &rng) }
        let keep: [[Range<Int>]] = (0..<h).map { _ in
            var spans = [Range<Int>](), c = Int.random(in: 0..<20, using: &rng)
            while c < w && spans.count < 3 && Int.random(in: 0..<5, using: &rng) > 0 {
                let end = min(c + Int.random(in: 1...30, using: &rng), w)
                spans.append(c..<end)
                c = end + Int.random(in: 1...25, using: &rng)
            }
            return spans
        }
        let taps = KernelShape.gaussian.taps1D(bandwidthCells: 2.3).map(Float.init)
        var full = input
        full.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: h, taps: taps) }
        for bands in [1, 3] {
            var g = input
            g.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: h, taps: taps, keep: keep, bandCount: bands) }
            for y in 0..<h { for x in 0..<w {
                let kept = keep[y].contains { $0.contains(x) }
                let same = g[y * w + x].bitPattern == full[y * w + x].bitPattern
                #expect(kept ? same : same || g[y * w + x] == 0)
            } }
        }
    }

    /// Rows of every fullness (a few cells: the sparse row pass; most cells: the dense one),
    /// asymmetric taps: each output is the very bits of a scalar Float sum, taps in order,
    /// rows first then columns (multiply-adds fused as the build fuses them).
    @Test func sparseAndDenseRowsGiveTheSequentialSumsBits() {
        var rng = SplitMix(seed: 31)
        let w = 97, h = 41
        var input = [Float](repeating: 0, count: w * h)
        for row in 0..<h {
            let fill = [0.02, 0.1, 0.4, 0.9][row % 4]
            for c in 0..<w where Double.random(in: 0..<1, using: &rng) < fill { input[row * w + c] = Float.random(in: 0.1...5, using: &rng) }
        }
        let taps: [Float] = (0..<13).map { Float($0 + 1) / 91 + ($0 == 4 ? 0.05 : 0) }
        func madd(_ a: Float, _ b: Float, _ c: Float) -> Float { convolutionFusesMultiplyAdd ? a.addingProduct(b, c) : a + b * c }
        let r = taps.count / 2
        var mid = [Float](repeating: 0, count: w * h), expected = mid
        for y in 0..<h { for x in 0..<w {
            var a: Float = 0
            for t in 0..<taps.count { let xx = x + t - r; if xx >= 0 && xx < w { a = madd(a, taps[t], input[y * w + xx]) } }
            mid[y * w + x] = a
        } }
        for y in 0..<h { for x in 0..<w {
            var a: Float = 0
            for t in 0..<taps.count { let yy = y + t - r; if yy >= 0 && yy < h { a = madd(a, taps[t], mid[yy * w + x]) } }
            expected[y * w + x] = a
        } }
        var g = input
        g.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: h, taps: taps, bandCount: 3) }
        #expect(g.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func binningConservesMassAndTheMean() {
        var rng = SplitMix(seed: 9)
        let n = 10_000, w = 40, h = 30
        let cols = (0..<n).map { _ in Double.random(in: 0...39, using: &rng) }
        let rows = (0..<n).map { _ in Double.random(in: 0...29, using: &rng) }
        let wts = (0..<n).map { _ in Double.random(in: 0.5...2, using: &rng) }
        var g = [Double](repeating: 0, count: w * h)
        cols.withUnsafeBufferPointer { c in rows.withUnsafeBufferPointer { r in wts.withUnsafeBufferPointer { wt in
            g.withUnsafeMutableBufferPointer { LinearBinning.bin(cols: c, rows: r, weights: wt, width: w, height: h, into: $0) }
        } } }
        let total = wts.reduce(0, +)
        #expect(abs(g.reduce(0, +) - total) / total < 1e-12)
        // Linear binning keeps the weighted mean position exactly.
        var mx = 0.0, my = 0.0
        for r in 0..<h { for c in 0..<w { mx += Double(c) * g[r * w + c]; my += Double(r) * g[r * w + c] } }
        let ex = zip(cols, wts).reduce(0) { $0 + $1.0 * $1.1 }, ey = zip(rows, wts).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(mx - ex) / ex < 1e-10 && abs(my - ey) / ey < 1e-10)
    }

    @Test func stampsAreNormalised() {
        for k in KernelShape.allCases {
            let s = k.stamp2D(bandwidthCells: 3.3)
            #expect(abs(s.weights.reduce(0, +) - 1) < 1e-12, "\(k)")
        }
    }
}
