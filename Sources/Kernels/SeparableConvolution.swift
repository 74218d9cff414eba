import GeoCore

/// Separable 2-D convolution with zero padding: rows with `taps`, then columns with `taps`.
///
/// Each output's sum is kept in a SIMD register, 16 columns per step, its taps added in order
/// from zero (see `Band`); every cell's sum is the same whatever the banding, so the result is
/// bit-identical for any thread count.
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

    /// `keep`, if given, lists for each row the column ranges whose outputs are wanted (a clip
    /// region's cells): the column pass does only the 16-column strips that hold a kept cell
    /// (a 1 km China grid keeps a third of its cells); other cells are zero or their value.
    /// `bandCount` (tests) fixes how many bands the rows are cut into; the result is the same.
    public static func convolveInPlace(_ grid: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, taps: [Float],
                                       keep: [[Range<Int>]]? = nil, bandCount: Int? = nil) {
        precondition(keep == nil || keep!.count == height)
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
            band.run(grid.value, span: span, halo: halo, keep: keep)
            band.release()
        }
    }

    /// Columns [lo, hi] of a row (empty when hi < lo).
    struct Span {
        var lo: Int, hi: Int
        var isOccupied: Bool { lo <= hi }
        var count: Int { hi - lo + 1 }

        /// The non-zero columns of a row, first to last.
        static func occupied(_ s: UnsafePointer<Float>, _ width: Int) -> Span {
            // Whole zero blocks of 16 first (a third of a China grid's rows are empty). Tested
            // as "no lane differs from zero": `==` on a whole vector compiles to a packed
            // compare for half the lanes and scalar compares for the rest.
            let raw = UnsafeRawPointer(s), zero = SIMD16<Float>()
            @inline(__always) func isZero(_ at: Int) -> Bool { !any(raw.loadUnaligned(fromByteOffset: at * 4, as: SIMD16<Float>.self) .!= zero) }
            var lo = 0, hi = width - 1
            while lo + 16 <= width && isZero(lo) { lo += 16 }
            while lo < width && s[lo] == 0 { lo += 1 }
            while hi - 15 > lo && isZero(hi - 15) { hi -= 16 }
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
    ///
    /// Both passes keep their sums in registers (16 columns × 1 row in the row pass, 16
    /// columns × 4 rows in the column pass) and add the taps in order from zero, so each
    /// output is the same sum, rounded the same way, as one tap at a time into memory — at
    /// half the loads and stores. Inputs must be finite (a zero tap times ∞ is not zero).
    struct Band {
        let width: Int, height: Int, taps: [Float], rows: Range<Int>
        let r: Int, ringRows: Int
        /// Ring row stride: a whole number of 16-column strips plus one.
        let stride: Int
        /// 2r + 8 rows of row-pass results (freed by `release`).
        let ring: UnsafeMutablePointer<Float>
        /// Columns of each ring row holding row-pass values (the rest are zero), and the
        /// columns that may be non-zero (values written by an earlier row not yet cleared).
        var ringSpan: [Span], dirty: [Span]
        /// Taps with three zeros either side: four output rows read them at offsets 0…3.
        var padded: [Float]
        var scratch: [Float]
        /// For `sparseRowPass`: the taps by distance (reversed) with 16 zeros either side,
        /// and the row's non-zero cells.
        var paddedTaps: [Float]
        var nonZero: [(column: Int32, value: Float)] = []
        /// The column pass's ring rows: where each starts and its span.
        var sources: [(UnsafePointer<Float>, Span)] = []

        init(width: Int, height: Int, taps: [Float], rows: Range<Int>) {
            self.width = width; self.height = height; self.taps = taps; self.rows = rows
            r = taps.count / 2
            ringRows = 2 * r + SeparableConvolution.columnGroup
            stride = (width + 15) / 16 * 16 + 16
            ring = .allocate(capacity: ringRows * stride)
            ring.initialize(repeating: 0, count: ringRows * stride)
            ringSpan = [Span](repeating: Span(lo: 0, hi: -1), count: ringRows)
            dirty = ringSpan
            padded = [0, 0, 0] + taps + [0, 0, 0]
            scratch = [Float](repeating: 0, count: stride + 2 * r + 32)
            paddedTaps = [Float](repeating: 0, count: 16) + taps.reversed() + [Float](repeating: 0, count: 16)
        }

        func release() { ring.deallocate() }

        mutating func run(_ grid: UnsafeMutablePointer<Float>, span: [Span], halo: [Int: [Float]], keep: [[Range<Int>]]?) {
            let group = SeparableConvolution.columnGroup
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
                        rowPass(next, from: nil, span: Span(lo: 0, hi: -1))
                    }
                    next += 1
                }
                // Column pass: the group's input rows have all been read, so its rows are
                // overwritten. dst[row] = Σ taps[t]·mid[row + t − r], taps in order.
                for row in g0..<g1 { (grid + row * width).update(repeating: 0, count: width) }
                // The ring rows the group reads, in row order (no modulo in the inner loop).
                let first = Swift.max(g0 - r, 0), last = Swift.min(g1 + r, height)
                var lo = width, hi = -1
                sources.removeAll(keepingCapacity: true)
                for src in first..<last {
                    let slot = src % ringRows, sp = ringSpan[slot]
                    sources.append((UnsafePointer(ring + slot * stride), sp))
                    if sp.isOccupied { lo = Swift.min(lo, sp.lo); hi = Swift.max(hi, sp.hi) }
                }
                // 512 columns at a time (the ring's rows there, ~0.3 MB, stay in L2 for all
                // the group's rows), four output rows at a time, 16 columns at a time.
                // With `keep`: each four rows' strips that hold a kept cell.
                let strips = keep.map { k in Swift.stride(from: g0, to: g1, by: 4).map { SeparableConvolution.strips(k[$0..<Swift.min($0 + 4, g1)]) } }
                var c0 = lo / 16 * 16
                while c0 <= hi {
                    let c1 = Swift.min(c0 + SeparableConvolution.columnTile, hi + 1)
                    var q = g0
                    while q < g1 {
                        let out = q..<Swift.min(q + 4, g1)
                        if let strips {
                            for s in strips[(q - g0) / 4] where s.lowerBound < c1 && s.upperBound > c0 {
                                columnPass(grid, rows: out, first: first, columns: Swift.max(s.lowerBound, c0)..<Swift.min(s.upperBound, c1))
                            }
                        } else {
                            columnPass(grid, rows: out, first: first, columns: c0..<c1)
                        }
                        q += 4
                    }
                    c0 = c1
                }
                g0 = g1
            }
        }

        /// The row pass of a row with few non-zero cells (a binned point layer: 0.9 million of
        /// a 1 km China grid's 28 million), as sums over those cells only: each output's taps
        /// come from `paddedTaps` at its distance from the cell. The non-zero inputs are added in
        /// column order, as in the dense pass, and the skipped ones would add exact zeros, so
        /// the result is the same bits (1/17 of the work on that grid). False when the row is
        /// too full to gain (the caller then runs the dense pass).
        mutating func sparseRowPass(into m: UnsafeMutablePointer<Float>, outputs n: Int, firstOutput outLo: Int,
                                    input s: UnsafePointer<Float>, span: Span) -> Bool {
            nonZero.removeAll(keepingCapacity: true)
            for k in 0..<span.count where s[k] != 0 {
                nonZero.append((Int32(span.lo + k), s[k]))
                if nonZero.count * 2 > n { return false }
            }
            let r = self.r
            nonZero.withUnsafeBufferPointer { nz in paddedTaps.withUnsafeBufferPointer { pt in
                // paddedTaps[16 + r + d] is the tap for an output d columns right of its input,
                // taps[r − d] (zero beyond ±r).
                let centre = UnsafeRawPointer(pt.baseAddress! + 16 + r)
                var first = 0
                var o = 0
                while o < n {
                    let c = outLo + o
                    while first < nz.count && Int(nz[first].column) < c - r { first += 1 }
                    var a = SIMD16<Float>()
                    var j = first
                    while j < nz.count && Int(nz[j].column) <= c + 15 + r {
                        // Lane l is output c + l at distance c + l − column from the cell.
                        let d = c - Int(nz[j].column)
                        a.accumulate(centre.loadUnaligned(fromByteOffset: d * 4, as: SIMD16<Float>.self), SIMD16(repeating: nz[j].value))
                        j += 1
                    }
                    UnsafeMutableRawPointer(m + o).storeBytes(of: a, as: SIMD16<Float>.self)
                    o += 16
                }
            } }
            return true
        }

        /// Output rows `out` (up to four), 16 columns at a time over `columns` (which starts
        /// on a multiple of 16); `sources[k]` is ring row `first + k`.
        func columnPass(_ grid: UnsafeMutablePointer<Float>, rows out: Range<Int>, first: Int, columns: Range<Int>) {
            let q = out.lowerBound
            let from = Swift.max(q - r, 0) - first, to = Swift.min(out.upperBound + r, first + sources.count) - first
            sources.withUnsafeBufferPointer { rowsBuf in padded.withUnsafeBufferPointer { pt in
                let taps = pt.baseAddress! + 3 + r
                var c = columns.lowerBound
                while c < columns.upperBound {
                    var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
                    for k in from..<to {
                        let (m, s) = rowsBuf[k]
                        guard s.lo < c + 16, s.hi >= c else { continue }   // zeros there
                        let x = UnsafeRawPointer(m + c).loadUnaligned(as: SIMD16<Float>.self)
                        let t = taps + (first + k - q)   // taps[t − r] for output row q: t = src − q + r
                        a0.accumulate(SIMD16(repeating: t[0]), x)
                        a1.accumulate(SIMD16(repeating: t[-1]), x)
                        a2.accumulate(SIMD16(repeating: t[-2]), x)
                        a3.accumulate(SIMD16(repeating: t[-3]), x)
                    }
                    let n = Swift.min(16, width - c)
                    for (j, a) in [a0, a1, a2, a3].enumerated() where q + j < out.upperBound {
                        let dst = grid + (q + j) * width + c
                        if n == 16 { UnsafeMutableRawPointer(dst).storeBytes(of: a, as: SIMD16<Float>.self) }
                        else { for k in 0..<n { dst[k] = a[k] } }
                    }
                    c += 16
                }
            } }
        }

        /// mid[row, c] = Σ taps[t]·src[row, c + t − r] into the ring, over the columns that
        /// can see a non-zero input: [lo − r, hi + r]. `s` points at column `input.lo`.
        mutating func rowPass(_ row: Int, from s: UnsafePointer<Float>?, span input: Span) {
            let slot = row % ringRows
            let (width, r, stride) = (self.width, self.r, self.stride)
            var written = Span(lo: 0, hi: -1)
            if let s, input.isOccupied {
                let outLo = Swift.max(input.lo - r, 0), outHi = Swift.min(input.hi + r + 1, width)
                let n = (outHi - outLo + 15) / 16 * 16
                written = Span(lo: outLo, hi: outLo + n - 1)
                ringSpan[slot] = Span(lo: outLo, hi: outHi - 1)
                if !sparseRowPass(into: ring + slot * stride + outLo, outputs: n, firstOutput: outLo, input: s, span: input) {
                    // The input with zeros around it: scratch[k] is column outLo − r + k.
                    let base = outLo - r
                    scratch.withUnsafeMutableBufferPointer { sc in
                        let p = sc.baseAddress!
                        p.update(repeating: 0, count: n + 2 * r)
                        (p + (input.lo - base)).update(from: s, count: input.count)
                    }
                    scratch.withUnsafeBufferPointer { sc in taps.withUnsafeBufferPointer { tp in
                        let m = ring + slot * stride + outLo, x = UnsafeRawPointer(sc.baseAddress!)
                        var c = 0
                        while c < n {
                            var a = SIMD16<Float>()
                            for t in 0..<tp.count {
                                a.accumulate(SIMD16(repeating: tp[t]), x.loadUnaligned(fromByteOffset: (c + t) * 4, as: SIMD16<Float>.self))
                            }
                            UnsafeMutableRawPointer(m + c).storeBytes(of: a, as: SIMD16<Float>.self)
                            c += 16
                        }
                    } }
                }
            } else {
                ringSpan[slot] = Span(lo: 0, hi: -1)
            }
            // Clear what an earlier row left outside this row's values.
            let old = dirty[slot], m = ring + slot * stride
            if written.isOccupied {
                if old.lo < written.lo { (m + old.lo).update(repeating: 0, count: Swift.min(old.hi + 1, written.lo) - old.lo) }
                if old.hi > written.hi { let a = Swift.max(old.lo, written.hi + 1); (m + a).update(repeating: 0, count: old.hi + 1 - a) }
            } else if old.isOccupied {
                (m + old.lo).update(repeating: 0, count: old.count)
            }
            dirty[slot] = written
        }
    }

    /// The union of some rows' column ranges, widened to whole 16-column strips, in order.
    static func strips(_ rows: ArraySlice<[Range<Int>]>) -> [Range<Int>] {
        let all = rows.joined().filter { !$0.isEmpty }.map { ($0.lowerBound / 16 * 16)..<(($0.upperBound + 15) / 16 * 16) }
            .sorted { $0.lowerBound < $1.lowerBound }
        var out = [Range<Int>]()
        for r in all {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<Swift.max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// Output rows and columns the column pass handles at a time (8 × 512 floats: 16 KB).
    static let columnGroup = 8, columnTile = 512
}

/// Whether the convolutions' multiply-adds are fused (one rounding): in release builds for
/// CPUs with FMA (x86-64-v3, as the package builds for such a machine; arm64). Otherwise a
/// multiply then an add: a fused multiply-add done in software would be many times slower.
/// The two differ in the last bits only (measured on the 1 km density: 1.8e-7 of the maximum).
public let convolutionFusesMultiplyAdd: Bool = {
    #if HINTERLAND_FMA || arch(arm64)
    return true
    #else
    return false
    #endif
}()

extension SIMD16 where Scalar == Float {
    /// self += a·b, fused where `convolutionFusesMultiplyAdd`.
    @inline(__always) mutating func accumulate(_ a: Self, _ b: Self) {
        #if HINTERLAND_FMA || arch(arm64)
        addProduct(a, b)
        #else
        self += a * b
        #endif
    }
}
