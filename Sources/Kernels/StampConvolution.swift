import GeoCore
/// 2-D convolution with a (2r+1)² stamp, for kernels that do not separate. Gathered by output
/// row: each output row adds, for every stamp row, the stamp row times each source cell that
/// is not zero — so empty areas cost nothing and rows run in parallel, bit-identically.
public enum StampConvolution {
    public static func convolve(_ input: UnsafeBufferPointer<Float>, width: Int, height: Int, radius r: Int, stamp: [Float],
                                into output: UnsafeMutableBufferPointer<Float>) {
        let n = 2 * r + 1
        precondition(stamp.count == n * n)
        // Non-zero cells per row, found once.
        var nonzero = [[Int32]](repeating: [], count: height)
        for y in 0..<height { for x in 0..<width where input[y * width + x] != 0 { nonzero[y].append(Int32(x)) } }
        let src = input.baseAddress!, dst = output.baseAddress!
        stamp.withUnsafeBufferPointer { st in
            let sp = st.baseAddress!
            Parallel.forEach((height + 15) / 16) { band in
                for y in (band * 16)..<min(band * 16 + 16, height) {
                    let out = dst + y * width
                    out.initialize(repeating: 0, count: width)
                    for dy in -r...r {
                        let sy = y - dy
                        guard sy >= 0 && sy < height else { continue }
                        let srow = sp + (dy + r) * n
                        for xi in nonzero[sy] {
                            let x = Int(xi)
                            let v = src[sy * width + x]
                            let lo = max(x - r, 0), hi = min(x + r, width - 1)
                            for ox in lo...hi { out[ox] += v * srow[ox - x + r] }
                        }
                    }
                }
            }
        }
    }
}
