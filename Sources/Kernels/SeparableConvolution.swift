/// Separable 2-D convolution with zero padding: rows with `taps`, then columns with `taps`.
///
/// Loops run taps outer, pixels inner, 16 pixels per SIMD step, which is what vectorises
/// (the tap sum innermost does not). Row bands run on both cores; every output row is
/// written by one thread only, so the result is bit-identical for any thread count.
///
/// The output may be the input's own buffer (in place): the row pass has read all of the
/// input into the intermediate before the column pass writes any output row, so a grid
/// costs one extra grid of memory, not two.
public enum SeparableConvolution {
    public static func convolveInPlace(_ grid: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, taps: [Float]) {
        convolve(UnsafeBufferPointer(grid), width: width, height: height, taps: taps, into: grid)
    }

    public static func convolve(_ input: UnsafeBufferPointer<Float>, width: Int, height: Int, taps: [Float],
                                into output: UnsafeMutableBufferPointer<Float>) {
        precondition(input.count == width * height && output.count == width * height)
        let r = taps.count / 2
        // The occupied column span of each input row: empty rows and margins cost nothing.
        var span = [(lo: Int, hi: Int)](repeating: (0, -1), count: height)
        for row in 0..<height {
            let s = input.baseAddress! + row * width
            var lo = 0, hi = width - 1
            while lo < width && s[lo] == 0 { lo += 1 }
            while hi >= lo && s[hi] == 0 { hi -= 1 }
            span[row] = (lo, hi)
        }
        // Every row of the intermediate (and of the output) is zeroed by its own pass, on its
        // own thread: no zero fill of the whole grid first.
        var temp = [Float](unsafeUninitializedCapacity: width * height) { _, count in count = width * height }
        temp.withUnsafeMutableBufferPointer { tmp in
            let src = input.baseAddress!, mid = tmp.baseAddress!, dst = output.baseAddress!
            // Rows: mid[row, c] = Σ taps[t]·src[row, c + t − r].
            Parallel.forEach(bands(height)) { band in
                for row in bandRange(band, height) {
                    let s = src + row * width, m = mid + row * width
                    m.initialize(repeating: 0, count: width)
                    let (first, last) = span[row]
                    guard first <= last else { continue }
                    // Output columns that can see a non-zero input: [first − r, last + r].
                    let outLo = max(first - r, 0), outHi = min(last + r + 1, width)
                    for (t, w) in taps.enumerated() {
                        let off = t - r
                        let lo = max(outLo, -off, first - off), hi = min(outHi, width - off, last + 1 - off)
                        if lo < hi { axpy(w, s + lo + off, m + lo, hi - lo) }
                    }
                }
            }
            // Columns: dst[row] = Σ taps[t]·mid[row + t − r], for a group of eight output rows
            // and 512 columns at a time: each piece of an intermediate row is read once for
            // the eight outputs it reaches, which stay in L1 (one output row at a time read
            // every piece 2r + 1 times from L2/L3). Per cell the taps still add in order, so
            // the sums are the same bit for bit.
            Parallel.forEach(bands(height)) { band in
                let rows = bandRange(band, height)
                for row in rows { (dst + row * width).initialize(repeating: 0, count: width) }
                var g0 = rows.lowerBound
                while g0 < rows.upperBound {
                    let g1 = min(g0 + columnGroup, rows.upperBound)
                    var c0 = 0
                    while c0 < width {
                        let c1 = min(c0 + columnTile, width)
                        for srcRow in max(g0 - r, 0)..<min(g1 + r, height) where span[srcRow].lo <= span[srcRow].hi {
                            // A row pass output is non-zero only within its input span widened by r.
                            let lo = max(span[srcRow].lo - r, c0), hi = min(span[srcRow].hi + r + 1, c1)
                            guard lo < hi else { continue }
                            for row in max(g0, srcRow - r)..<min(g1, srcRow + r + 1) {
                                axpy(taps[srcRow - row + r], UnsafePointer(mid + srcRow * width + lo), dst + row * width + lo, hi - lo)
                            }
                        }
                        c0 = c1
                    }
                    g0 = g1
                }
            }
        }
    }

    /// Output rows and columns the column pass handles at a time (8 × 512 floats: 16 KB).
    static let columnGroup = 8, columnTile = 512

    /// y[i] += a·x[i] for i in 0..<n, 16 lanes at a time.
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let va = SIMD16<Float>(repeating: a)
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        while i + 16 <= n {
            let xv = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let yv = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            ry.storeBytes(of: yv + va * xv, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        while i < n { y[i] += a * x[i]; i += 1 }
    }

    static let bandRows = 64
    static func bands(_ height: Int) -> Int { (height + bandRows - 1) / bandRows }
    static func bandRange(_ band: Int, _ height: Int) -> Range<Int> { (band * bandRows)..<min((band + 1) * bandRows, height) }
}
