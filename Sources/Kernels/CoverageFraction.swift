import GeoCore
/// Exact cell-coverage fractions of a polygon on a grid (the quantity exactextract computes),
/// by signed-area accumulation: every boundary segment adds, to each row strip it crosses,
/// the exact area between itself and the strip's right end; a prefix sum along each row then
/// gives, per cell, the area of the polygon inside it. Cost: O(cells the boundary touches +
/// cells of the window), independent of how many vertices lie inside one cell.
///
/// Derivation, per row strip and segment piece with signed height dy going from x0 to x1:
/// the piece contributes to cell k (spanning [k, k+1]) c(k) = dy · mean over the piece of
/// clamp(k + 1 − x, 0, 1) = dy · (Φ(x1 − k) − Φ(x0 − k)) / (x1 − x0), with
/// Φ(u) = u (u ≤ 0), u − u²/2 (0 ≤ u ≤ 1), 1/2 (u ≥ 1). Storing c(k) − c(k−1) lets the row
/// prefix sum rebuild c. Clamping x to [0, width] is exact for cells inside the window
/// (everything left of the window acts as a full-height contribution at its left edge).
public enum CoverageFraction {
    /// Coverage in [0, 1] of each cell of a `width` × `height` window (row-major) by the
    /// polygonal geometry whose coordinates are in pixel units: x = column, y = row
    /// (increasing downward), the window being [0, width] × [0, height].
    public static func fractions(xs: [Double], ys: [Double], partOffsets: [Int], polygonOffsets: [Int],
                                 width: Int, height: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: width * height) { out, count in
            fractions(xs: xs, ys: ys, partOffsets: partOffsets, polygonOffsets: polygonOffsets, width: width, height: height, into: out)
            count = width * height
        }
    }

    /// The same into caller-owned memory of `width` × `height` values, every one of which is
    /// written (as Float, a whole grid is half the memory; the sums stay in Double).
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func fractions<T: BinaryFloatingPoint>(xs: [Double], ys: [Double], partOffsets: [Int], polygonOffsets: [Int],
                                                         width: Int, height: Int, into out: UnsafeMutableBufferPointer<T>) {
        fractions(xs: xs, ys: ys, partOffsets: partOffsets, polygonOffsets: polygonOffsets, width: width, height: height, rows: 0..<height, into: out)
    }

    /// The same for `rows` of the window only (out holds `rows.count` rows; `rows` starts on a
    /// multiple of 64 rows): the values are those of the whole window's rows, bit for bit, since
    /// the window's bands of 64 rows are computed alike.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func fractions<T: BinaryFloatingPoint>(xs: [Double], ys: [Double], partOffsets: [Int], polygonOffsets: [Int],
                                                         width: Int, height: Int, rows wanted: Range<Int>, into out: UnsafeMutableBufferPointer<T>) {
        precondition(out.count == width * wanted.count && wanted.lowerBound % 64 == 0 && wanted.upperBound <= height)
        // Every cell is written exactly once, by its band: no zero fill first.
        let o = UncheckedSendable(out)
        forEachBand(xs: xs, ys: ys, partOffsets: partOffsets, polygonOffsets: polygonOffsets, width: width, height: height, only: wanted) { _, rows, acc, touched in
            let stride = width + 1
            for (k, r) in rows.enumerated() where wanted.contains(r) {
                let line = o.value.baseAddress! + (r - wanted.lowerBound) * width
                let t = touched[k]
                guard t.lo <= t.hi else { line.update(repeating: 0, count: width); continue }
                let first = min(t.lo, width), last = min(t.hi + 1, width)
                line.update(repeating: 0, count: first)
                var run = 0.0
                for c in first..<last {
                    run += acc[k * stride + c]
                    line[c] = T(snap(run))
                }
                if last < width { line.advanced(by: last).update(repeating: T(snap(run)), count: width - last) }
            }
        }
    }

    /// Σ coverage and Σ coverage·value over the window's cells of `values` (rows `rowStride`
    /// apart; nodata and NaN cells skipped): what `fractions` then a count-and-sum pass give, up
    /// to the order of the additions, with no coverage grid made and only the columns the
    /// boundary touches visited. Bands are summed in order: the same result on every run.
    public static func coveredSums(xs: [Double], ys: [Double], partOffsets: [Int], polygonOffsets: [Int], width: Int, height: Int,
                                   values: UnsafePointer<Float>, rowStride: Int, nodata: Float?) -> (count: Double, sum: Double) {
        let nd = nodata ?? .nan
        let bandRows = 64
        var partial = [(count: Double, sum: Double)](repeating: (0, 0), count: (height + bandRows - 1) / bandRows)
        partial.withUnsafeMutableBufferPointer { p in
            let parts = UncheckedSendable(p), v = UncheckedSendable(values)
            forEachBand(xs: xs, ys: ys, partOffsets: partOffsets, polygonOffsets: polygonOffsets, width: width, height: height) { b, rows, acc, touched in
                let stride = width + 1
                var n = 0.0, s = 0.0
                for (k, r) in rows.enumerated() {
                    let t = touched[k]
                    guard t.lo <= t.hi else { continue }
                    let line = v.value + r * rowStride, a = acc.baseAddress! + k * stride
                    let first = min(t.lo, width), last = min(t.hi + 1, width)
                    var run = 0.0, c = first
                    // Eight cells at a time: where the boundary crosses none of them their
                    // coverage is the running value (1 inside, 0 in a gap), and their valid
                    // values are summed as a vector; otherwise cell by cell.
                    while c < last {
                        let end = min(c + 8, last)
                        if end - c == 8 && !any(UnsafeRawPointer(a + c).loadUnaligned(as: SIMD8<Double>.self) .!= .zero) {
                            let cov = snap(run)
                            if cov > 0 { let m = validSum(line + c, count: 8, nodata: nd); n += cov * m.count; s += cov * m.sum }
                        } else {
                            for j in c..<end {
                                run += a[j]
                                let cov = snap(run), x = line[j]
                                let use = cov > 0 && x != nd && !x.isNaN
                                n += use ? cov : 0
                                s += use ? cov * Double(x) : 0
                            }
                        }
                        c = end
                    }
                    // Right of the boundary the coverage keeps its last value.
                    let cov = snap(run)
                    if cov > 0 && last < width { let m = validSum(line + last, count: width - last, nodata: nd); n += cov * m.count; s += cov * m.sum }
                }
                parts.value[b] = (n, s)
            }
        }
        return partial.reduce((0, 0)) { ($0.count + $1.count, $0.sum + $1.sum) }
    }

    /// How many of `count` values are valid (not nodata, not NaN) and their sum; eight at a
    /// time where all eight are valid (widened to Double before adding), else one by one.
    /// (Written so that it compiles to packed compares and conversions: a masked `replacing`
    /// form compiled to a scalar loop through the stack, measured 3× slower.)
    @inline(__always)
    static func validSum(_ p: UnsafePointer<Float>, count: Int, nodata: Float) -> (count: Double, sum: Double) {
        var n = 0.0, s = SIMD4<Double>(), i = 0
        let nd = SIMD8<Float>(repeating: nodata)
        while i + 8 <= count {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            if !any((x .== nd) .| .!(x .== x)) {
                s += SIMD4<Double>(x.lowHalf) + SIMD4<Double>(x.highHalf)
                n += 8
            } else {
                for j in 0..<8 where x[j] != nodata && !x[j].isNaN { n += 1; s[0] += Double(x[j]) }
            }
            i += 8
        }
        for j in i..<count where p[j] != nodata && !p[j].isNaN { n += 1; s[0] += Double(p[j]) }
        return (n, s.sum())
    }

    /// Rounding leaves residues of ~1e-15 where the exact value is 0 or 1: snap them.
    @inline(__always) static func snap(_ run: Double) -> Double { run < 1e-9 ? 0 : run > 1 - 1e-9 ? 1 : run }

    /// The signed-area accumulation of every band of 64 rows, in parallel: `body(band, rows,
    /// acc, touched)` gets the band's accumulator (row k at k·(width + 1)), whose prefix sum
    /// along a row is that row's coverage, and the columns each row's boundary touches (left
    /// of them coverage is 0; right of them it keeps its last value).
    static func forEachBand(xs: [Double], ys: [Double], partOffsets: [Int], polygonOffsets: [Int], width: Int, height: Int, only: Range<Int>? = nil,
                            _ body: (Int, Range<Int>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<(lo: Int, hi: Int)>) -> Void) {
        // Every boundary segment with the sign that makes exteriors add and holes remove
        // coverage, whatever their winding.
        var segments = [(ax: Double, ay: Double, bx: Double, by: Double, factor: Double)]()
        for p in 0..<(polygonOffsets.count - 1) {
            for ring in polygonOffsets[p]..<polygonOffsets[p + 1] {
                let s = partOffsets[ring], e = partOffsets[ring + 1]
                guard e - s >= 4 else { continue }
                let area = signedArea(xs, ys, s, e)
                if area == 0 { continue }
                let isExterior = ring == polygonOffsets[p]
                let factor: Double = (isExterior ? -1 : 1) * (area > 0 ? 1 : -1)
                for i in s..<(e - 1) where ys[i] != ys[i + 1] {
                    segments.append((xs[i], ys[i], xs[i + 1], ys[i + 1], factor))
                }
            }
        }
        // Each band has its own small accumulator: memory stays at the output plus a band.
        let bandRows = 64, bands = (height + bandRows - 1) / bandRows
        let stride = width + 1
        // Each band's segments, found once (not every band scanning every segment).
        var bandStart = [Int](repeating: 0, count: bands + 1)
        func bandSpan(_ sg: (ax: Double, ay: Double, bx: Double, by: Double, factor: Double)) -> ClosedRange<Int>? {
            let y0 = min(sg.ay, sg.by), y1 = max(sg.ay, sg.by)
            guard y1 > 0, y0 < Double(height) else { return nil }
            let b0 = max(Int((y0 / Double(bandRows)).rounded(.down)), 0), b1 = min(Int((y1 / Double(bandRows)).rounded(.down)), bands - 1)
            return b0 <= b1 ? b0...b1 : nil
        }
        for sg in segments { if let r = bandSpan(sg) { for b in r { bandStart[b + 1] += 1 } } }
        for b in 0..<bands { bandStart[b + 1] += bandStart[b] }
        var fill = bandStart, bandSegments = [Int32](repeating: 0, count: bandStart[bands])
        for (k, sg) in segments.enumerated() { if let r = bandSpan(sg) { for b in r { bandSegments[fill[b]] = Int32(k); fill[b] += 1 } } }
        // The bands holding rows `only` (all without it).
        let first = only.map { $0.lowerBound / bandRows } ?? 0, last = only.map { ($0.upperBound + bandRows - 1) / bandRows } ?? bands
        Parallel.forEach(max(last - first, 0)) { k in
            let b = first + k
            let rows = (b * bandRows)..<min((b + 1) * bandRows, height)
            var acc = [Double](repeating: 0, count: stride * rows.count)
            var touched = [(lo: Int, hi: Int)](repeating: (width, -1), count: rows.count)
            acc.withUnsafeMutableBufferPointer { a in touched.withUnsafeMutableBufferPointer { t in
                let lo = Double(rows.lowerBound), hi = Double(rows.upperBound)
                for e in bandStart[b]..<bandStart[b + 1] {
                    let sg = segments[Int(bandSegments[e])]
                    guard min(sg.ay, sg.by) < hi && max(sg.ay, sg.by) > lo else { continue }
                    addSegment(sg.ax, sg.ay, sg.bx, sg.by, factor: sg.factor, width: width, rows: rows, into: a, touched: t)
                }
                body(b, rows, UnsafeBufferPointer(a), UnsafeBufferPointer(t))
            } }
        }
    }

    static func signedArea(_ xs: [Double], _ ys: [Double], _ s: Int, _ e: Int) -> Double {
        var a = 0.0
        for i in s..<(e - 1) { a += (xs[i] - xs[s]) * (ys[i + 1] - ys[s]) - (xs[i + 1] - xs[s]) * (ys[i] - ys[s]) }
        return a / 2
    }

    @inline(__always)
    static func phi(_ u: Double) -> Double {
        u <= 0 ? u : (u >= 1 ? 0.5 : u - 0.5 * u * u)
    }

    /// Splits a segment where it crosses x = 0 and x = width, so that clamping each piece to
    /// the window is exact (a piece outside becomes a vertical run on the window's edge).
    static func addSegment(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, factor: Double,
                           width: Int, rows: Range<Int>, into acc: UnsafeMutableBufferPointer<Double>,
                           touched: UnsafeMutableBufferPointer<(lo: Int, hi: Int)>) {
        if ay == by { return }
        let W = Double(width)
        // Where the segment crosses x = 0 and x = width (parameters in (0, 1), in order; 2: none).
        var t0 = 2.0, t1 = 2.0
        if ax != bx {
            let u = -ax / (bx - ax), w = (W - ax) / (bx - ax)
            if u > 0 && u < 1 { t0 = u }
            if w > 0 && w < 1 { if t0 > 1 { t0 = w } else { t1 = w } }
            if t1 < t0 { swap(&t0, &t1) }
        }
        var (px, py) = (ax, ay)
        for k in 0..<3 {
            let t = k == 0 ? t0 : k == 1 ? t1 : 1
            guard t <= 1 else { continue }
            let qx = t == 1 ? bx : ax + t * (bx - ax), qy = t == 1 ? by : ay + t * (by - ay)
            addClamped(px, py, qx, qy, factor: factor, width: width, rows: rows, into: acc, touched: touched)
            (px, py) = (qx, qy)
        }
    }

    /// Adds a segment lying within [0, width] to the accumulator rows of `rows` (the
    /// accumulator's first row is rows.lowerBound), widening each row's `touched` columns.
    static func addClamped(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, factor: Double,
                           width: Int, rows: Range<Int>, into acc: UnsafeMutableBufferPointer<Double>,
                           touched: UnsafeMutableBufferPointer<(lo: Int, hi: Int)>) {
        if ay == by { return }
        let stride = width + 1
        let W = Double(width)
        let dxdy = (bx - ax) / (by - ay)
        let yTop = max(min(ay, by), Double(rows.lowerBound)), yBot = min(max(ay, by), Double(rows.upperBound))
        if yTop >= yBot { return }
        let sign: Double = by > ay ? 1 : -1
        var row = Int(yTop)   // yTop ≥ 0
        while Double(row) < yBot && row < rows.upperBound {
            let y0 = max(Double(row), yTop), y1 = min(Double(row + 1), yBot)
            if y1 > y0 {
                let dy = (y1 - y0) * sign * factor
                let x0 = min(max(ax + (y0 - ay) * dxdy, 0), W), x1 = min(max(ax + (y1 - ay) * dxdy, 0), W)
                let lo = min(x0, x1), hi = max(x0, x1)
                let kmin = Int(lo), kmax = min(Int(hi.rounded(.up)), width)
                let base = (row - rows.lowerBound) * stride
                let seen = touched[row - rows.lowerBound]
                touched[row - rows.lowerBound] = (min(seen.lo, kmin), max(seen.hi, kmax))
                var prev = 0.0
                if hi - lo < 1e-12 {
                    for k in kmin...kmax {
                        let c = dy * min(max(Double(k + 1) - lo, 0), 1)
                        acc[base + k] += c - prev; prev = c
                    }
                } else {
                    let inv = 1 / (hi - lo)
                    for k in kmin...kmax {
                        let c = dy * (phi(hi - Double(k)) - phi(lo - Double(k))) * inv
                        acc[base + k] += c - prev; prev = c
                    }
                }
                // Cells right of kmax get the full dy through the prefix sum (c(kmax) = dy).
            }
            row += 1
        }
    }
}
