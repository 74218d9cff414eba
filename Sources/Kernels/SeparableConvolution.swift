import GeoCore
/// Separable 2-D convolution with zero padding: rows with `taps`, then columns with `taps`.
///
/// Loops run taps outer, pixels inner, 16 pixels per SIMD step, which is what vectorises
/// (the tap sum innermost does not). Each cell's taps add in the same order whatever the
/// banding, so the result is bit-identical for any thread count.
///
/// In place, with no intermediate grid: a band of output rows is made top to bottom, its
/// row-pass results kept in a ring of 2r + 8 rows (a few MB, which stays in cache). An
/// output row is written only after every input row it needs has gone through the row
/// pass; the input rows just outside a band (which a neighbouring band overwrites) are
/// copied before the bands start. Rows and margins that are all zero cost nothing.
public enum SeparableConvolution {
    public static func convolve(_ input: UnsafeBufferPointer<Float>, width: Int, height: Int, taps: [Float],
                                into output: UnsafeMutableBufferPointer<Float>) {
        precondition(input.count == width * height && output.count == width * height)
        if input.baseAddress != UnsafePointer(output.baseAddress) {
            _ = output.initialize(from: input)
        }
        convolveInPlace(output, width: width, height: height, taps: taps)
    }

    /// `bandCount` (tests) fixes how many bands the rows are cut into; the result is the same.
    public static func convolveInPlace(_ grid: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, taps: [Float],
                                       bandCount: Int? = nil) {
        precondition(grid.count == width * height && taps.count % 2 == 1)
        guard width > 0, height > 0 else { return }
        let r = taps.count / 2
        let g = grid.baseAddress!
        // The occupied column span of each input row (hi < lo: an empty row).
        var span = [Span](repeating: Span(lo: 0, hi: -1), count: height)
        span.withUnsafeMutableBufferPointer { sp in
            Parallel.forEach((height + 255) / 256) { k in
                for row in (k * 256)..<min((k + 1) * 256, height) { sp[row] = Span.occupied(g + row * width, width) }
            }
        }
        // Bands of about equal work (a row costs its widened span), a few per core so a slow
        // core does not hold up the rest.
        let bands = workBands(span, r: r, height: height, count: bandCount ?? (Parallel.threads == 1 ? 1 : 2 * Parallel.threads))
        // Input rows within r of a band, outside it: copied now, before any band writes.
        var halo = [Int: [Float]]()
        for b in bands {
            for row in Swift.max(b.lowerBound - r, 0)..<b.lowerBound where span[row].isOccupied && halo[row] == nil {
                halo[row] = Array(UnsafeBufferPointer(start: g + row * width + span[row].lo, count: span[row].count))
            }
            for row in b.upperBound..<Swift.min(b.upperBound + r, height) where span[row].isOccupied && halo[row] == nil {
                halo[row] = Array(UnsafeBufferPointer(start: g + row * width + span[row].lo, count: span[row].count))
            }
        }
        let grid = UncheckedSendable(g)
        Parallel.forEach(bands.count) { k in
            var band = Band(width: width, height: height, taps: taps, rows: bands[k])
            band.run(grid.value, span: span, halo: halo)
        }
    }

    /// Columns [lo, hi] of a row (empty when hi < lo).
    struct Span {
        var lo: Int, hi: Int
        var isOccupied: Bool { lo <= hi }
        var count: Int { hi - lo + 1 }

        /// The non-zero columns of a row, first to last.
        static func occupied(_ s: UnsafePointer<Float>, _ width: Int) -> Span {
            var lo = 0, hi = width - 1
            while lo < width && s[lo] == 0 { lo += 1 }
            while hi >= lo && s[hi] == 0 { hi -= 1 }
            return Span(lo: lo, hi: hi)
        }
    }

    /// Cuts 0..<height into `count` contiguous bands of about equal row-pass work.
    static func workBands(_ span: [Span], r: Int, height: Int, count: Int) -> [Range<Int>] {
        let cost = span.map { $0.isOccupied ? $0.count + 2 * r + 64 : 64 }
        let total = cost.reduce(0, +)
        var out = [Range<Int>](), start = 0, acc = 0
        for row in 0..<height {
            acc += cost[row]
            if out.count < count - 1 && acc * count >= total * (out.count + 1) && row + 1 < height {
                out.append(start..<(row + 1)); start = row + 1
            }
        }
        out.append(start..<height)
        return out
    }

    /// One band's pass: row results in a ring, output rows eight at a time.
    struct Band {
        let width: Int, height: Int, taps: [Float], rows: Range<Int>
        let r: Int, ringRows: Int
        var ring: [Float]
        var ringSpan: [Span]

        init(width: Int, height: Int, taps: [Float], rows: Range<Int>) {
            self.width = width; self.height = height; self.taps = taps; self.rows = rows
            r = taps.count / 2
            ringRows = 2 * r + SeparableConvolution.columnGroup
            ring = [Float](repeating: 0, count: ringRows * width)
            ringSpan = [Span](repeating: Span(lo: 0, hi: -1), count: ringRows)
        }

        mutating func run(_ grid: UnsafeMutablePointer<Float>, span: [Span], halo: [Int: [Float]]) {
            let group = SeparableConvolution.columnGroup, tile = SeparableConvolution.columnTile
            var next = Swift.max(rows.lowerBound - r, 0)   // the next input row for the row pass
            var g0 = rows.lowerBound
            while g0 < rows.upperBound {
                let g1 = Swift.min(g0 + group, rows.upperBound)
                // Row pass for every input row the group's outputs reach.
                let need = Swift.min(g1 + r, height)
                while next < need {
                    if rows.contains(next) {
                        rowPass(next, from: UnsafePointer(grid + next * width + span[next].lo), span: span[next])
                    } else if let h = halo[next] {
                        h.withUnsafeBufferPointer { rowPass(next, from: $0.baseAddress!, span: span[next]) }
                    } else {
                        ringSpan[next % ringRows] = Span(lo: 0, hi: -1)
                    }
                    next += 1
                }
                // Column pass: the group's input rows have all been read, so its rows are
                // overwritten. dst[row] = Σ taps[t]·mid[row + t − r], taps in order, for
                // 512 columns at a time: each piece of a ring row is read once for the eight
                // outputs it reaches, which stay in L1.
                for row in g0..<g1 { (grid + row * width).update(repeating: 0, count: width) }
                let first = Swift.max(g0 - r, 0), last = Swift.min(g1 + r, height)
                ring.withUnsafeBufferPointer { ringBuf in
                    let mid = ringBuf.baseAddress!
                    var c0 = 0
                    while c0 < width {
                        let c1 = Swift.min(c0 + tile, width)
                        for src in first..<last {
                            let s = ringSpan[src % ringRows]
                            let lo = Swift.max(s.lo, c0), hi = Swift.min(s.hi + 1, c1)
                            guard lo < hi else { continue }
                            let m = mid + (src % ringRows) * width + lo
                            for row in Swift.max(g0, src - r)..<Swift.min(g1, src + r + 1) {
                                SeparableConvolution.axpy(taps[src - row + r], m, grid + row * width + lo, hi - lo)
                            }
                        }
                        c0 = c1
                    }
                }
                g0 = g1
            }
        }

        /// mid[row, c] = Σ taps[t]·src[row, c + t − r] into the ring, over the columns that
        /// can see a non-zero input: [lo − r, hi + r]. `s` points at column `input.lo`.
        mutating func rowPass(_ row: Int, from s: UnsafePointer<Float>, span input: Span) {
            let slot = row % ringRows
            guard input.isOccupied else { ringSpan[slot] = Span(lo: 0, hi: -1); return }
            let outLo = Swift.max(input.lo - r, 0), outHi = Swift.min(input.hi + r + 1, width)
            ringSpan[slot] = Span(lo: outLo, hi: outHi - 1)
            let (width, r, taps) = (self.width, self.r, self.taps)
            ring.withUnsafeMutableBufferPointer { buf in
                let m = buf.baseAddress! + slot * width
                (m + outLo).update(repeating: 0, count: outHi - outLo)
                let base = s - input.lo   // column 0 of the row (only [lo, hi] is read)
                for (t, w) in taps.enumerated() {
                    let off = t - r
                    let lo = Swift.max(outLo, -off, input.lo - off), hi = Swift.min(outHi, width - off, input.hi + 1 - off)
                    if lo < hi { SeparableConvolution.axpy(w, base + lo + off, m + lo, hi - lo) }
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
}
