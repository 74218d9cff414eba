import GeoCore
/// A prepared point-in-polygon index over a set of zones (polygons in one planar CRS).
///
/// Layout: a uniform grid over the zones' extent. A cell that no zone edge enters is
/// *uniform*: its zone (or "outside") is that of its centre, found once per grid row by a
/// scanline. A cell that edges enter is *mixed* and keeps a short list of candidate zones;
/// a point there is tested with the even-odd rule, counting crossings of a horizontal ray
/// only against the candidate's edges in the point's row band (the grid row), four edges
/// at a time with SIMD.
///
/// Boundary rule: edges are stored lower-y endpoint first, so an edge shared by two zones
/// yields bit-identical crossings in both, and the half-open test (y0 ≤ y < y1, x < xCross)
/// puts a point that lies exactly on a shared border into exactly one zone: the one to its
/// east (for a horizontal border, the one to its north). Zones that overlap resolve to the
/// first in order (a mixed cell lists every zone that holds its centre as well as those whose
/// edges enter it). Results do not depend on thread count.
public struct PolygonIndex: Sendable {
    public let zoneCount: Int
    let minX, minY, cellW, cellH: Double
    let nx, ny: Int
    /// Per cell: zone id ≥ 0 or -1 (outside) for uniform cells; −2 − m for the m-th mixed
    /// cell (few: the grid is kept only where edges are).
    let cellState: [Int32]
    /// Mixed cell m: candidates[candStart[m] ..< candStart[m+1]] as (zone, edge range).
    let candStart: [Int32]
    let candZone: [Int32]
    let candEdgeStart: [Int32]
    let candEdgeEnd: [Int32]
    /// Edges, grouped by band then zone, lower-y endpoint first; x at y0 and dx/dy (for a
    /// horizontal edge, which the half-open test never counts, its dx).
    let ex0, ey0, ey1, slope: [Double]

    /// Builds the index. `rings` gives, per zone, its rings as flat (xs, ys) with offsets;
    /// `Resolution` cells per side scale with the vertex count unless given.
    ///
    /// Edges are written once, straight into their bands (counted, then placed), in zone
    /// order, so each band's edges of one zone are one contiguous range. Horizontal edges are
    /// kept: the half-open test never counts them, but they make the cells they lie in mixed.
    /// Each band's cells are then classified on their own (on all cores, bands in fixed
    /// groups), and the bands' candidate lists joined in order: the index is the same on any
    /// number of threads.
    public init(zones: [(xs: [Double], ys: [Double], ringOffsets: [Int])], gridSize: Int? = nil) {
        zoneCount = zones.count
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        var vertexCount = 0
        for z in zones {
            vertexCount += z.xs.count
            for i in 0..<z.xs.count {
                lo.x = min(lo.x, z.xs[i]); lo.y = min(lo.y, z.ys[i])
                hi.x = max(hi.x, z.xs[i]); hi.y = max(hi.y, z.ys[i])
            }
        }
        if vertexCount == 0 { lo = (0, 0); hi = (1, 1) }
        // About one edge per cell on average keeps mixed cells short; capped for memory.
        let side = gridSize ?? min(max(Int(Double(vertexCount).squareRoot() * 1.5), 16), 2048)
        let spanX = max(hi.x - lo.x, 1e-9), spanY = max(hi.y - lo.y, 1e-9)
        nx = side; ny = side
        cellW = spanX / Double(side) * (1 + 1e-12); cellH = spanY / Double(side) * (1 + 1e-12)
        minX = lo.x; minY = lo.y
        let (nx, ny, minX, minY, cellW, cellH) = (self.nx, self.ny, self.minX, self.minY, self.cellW, self.cellH)
        func row(_ y: Double) -> Int { min(max(Int(((y - minY) / cellH).rounded(.down)), 0), ny - 1) }
        func col(_ x: Double) -> Int { min(max(Int(((x - minX) / cellW).rounded(.down)), 0), nx - 1) }

        // 1. Edges by band (CSR), lower-y endpoint first: x at y0, y0, y1, dx/dy (a flat
        //    edge, never crossed, keeps dx there, for the cells it lies in).
        //    Zones are cut into parts of about equal vertex count; each part counts its
        //    edges per band, then writes them at its own offsets, all parts at once.
        let parts = min(max(zones.count, 1), 8)
        var partStart = [0], acc = 0
        for (k, z) in zones.enumerated() {
            acc += z.xs.count
            if acc * parts >= vertexCount * partStart.count && partStart.count < parts && k + 1 < zones.count { partStart.append(k + 1) }
        }
        partStart.append(zones.count)
        let partCount = partStart.count - 1
        func eachEdge(_ p: Int, _ body: (Int, Double, Double, Double, Double) -> Void) {
            for k in partStart[p]..<partStart[p + 1] {
                let z = zones[k]
                for r in 0..<max(z.ringOffsets.count - 1, 0) where z.ringOffsets[r + 1] - z.ringOffsets[r] >= 2 {
                    for i in z.ringOffsets[r]..<(z.ringOffsets[r + 1] - 1) {
                        body(k, z.xs[i], z.ys[i], z.xs[i + 1], z.ys[i + 1])
                    }
                }
            }
        }
        var partCounts = [[Int]](repeating: [], count: partCount)
        partCounts.withUnsafeMutableBufferPointer { pc in
            Parallel.forEach(partCount) { p in
                var counts = [Int](repeating: 0, count: ny)
                eachEdge(p) { _, _, ay, _, by in for b in row(min(ay, by))...row(max(ay, by)) { counts[b] += 1 } }
                pc[p] = counts
            }
        }
        var bandStart = [Int](repeating: 0, count: ny + 1)
        var partFill = [[Int]](repeating: [Int](repeating: 0, count: ny), count: partCount)
        for b in 0..<ny {
            var at = bandStart[b]
            for p in 0..<partCount { partFill[p][b] = at; at += partCounts[p][b] }
            bandStart[b + 1] = at
        }
        let total = bandStart[ny]
        // Every slot is written below: no zero-filling first.
        func slots<T>(_: T.Type) -> [T] { [T](unsafeUninitializedCapacity: total) { _, n in n = total } }
        var x0 = slots(Double.self), y0 = slots(Double.self), y1 = slots(Double.self), sl = slots(Double.self)
        var edgeZone = slots(Int32.self)
        x0.withUnsafeMutableBufferPointer { x0 in y0.withUnsafeMutableBufferPointer { y0 in
        y1.withUnsafeMutableBufferPointer { y1 in sl.withUnsafeMutableBufferPointer { sl in
        edgeZone.withUnsafeMutableBufferPointer { ez in
            Parallel.forEach(partCount) { p in
                var fill = partFill[p]
                eachEdge(p) { k, ax, ay, bx, by in
                    var (ax, ay, bx, by) = (ax, ay, bx, by)
                    if by < ay { swap(&ax, &bx); swap(&ay, &by) }
                    let s = ay == by ? bx - ax : (bx - ax) / (by - ay)
                    for b in row(ay)...row(by) {
                        let j = fill[b]; fill[b] += 1
                        x0[j] = ax; y0[j] = ay; y1[j] = by; sl[j] = s; ez[j] = Int32(k)
                    }
                }
            }
        } } } } }

        // 2. Per band: mixed cells and their candidate zones (each with its edge range in the
        //    band), and the zone of every other cell's centre by a scanline.
        struct Band {
            var cZone = [Int32](), cES = [Int32](), cEE = [Int32]()
            /// Candidates per mixed cell, in column order.
            var perCell = [Int32]()
            /// A candidate zone with the range of its edges in the band (none: never inside).
            mutating func append(_ z: Int32, _ runStart: [Int32], _ runEnd: [Int32]) {
                guard runStart[Int(z)] >= 0 else { return }
                cZone.append(z); cES.append(runStart[Int(z)]); cEE.append(runEnd[Int(z)])
            }
        }
        let group = 16
        let groups = (ny + group - 1) / group
        var bands = [Band](repeating: Band(), count: ny)
        var state = [Int32](repeating: 0, count: nx * ny)
        let zc = zones.count
        x0.withUnsafeBufferPointer { x0 in y0.withUnsafeBufferPointer { y0 in y1.withUnsafeBufferPointer { y1 in
        sl.withUnsafeBufferPointer { sl in edgeZone.withUnsafeBufferPointer { ez in
        bands.withUnsafeMutableBufferPointer { out in state.withUnsafeMutableBufferPointer { stateOut in
            Parallel.forEach(groups) { g in
                var lastZone = [Int32](repeating: -1, count: nx)
                var colCount = [Int32](repeating: 0, count: nx + 1)
                var runStart = [Int32](repeating: -1, count: zc), runEnd = [Int32](repeating: -1, count: zc)
                var odd = [Bool](repeating: false, count: zc)
                var marks = [(col: Int32, zone: Int32)](), byCol = [Int32]()
                var crossings = [(x: Double, zone: Int32)](), inside = [Int32]()
                for b in (g * group)..<min((g + 1) * group, ny) {
                    let s = bandStart[b], e = bandStart[b + 1]
                    let bandLo = minY + Double(b) * cellH, bandHi = bandLo + cellH
                    marks.removeAll(keepingCapacity: true)
                    for j in s..<e {
                        let z = ez[j]
                        if runStart[Int(z)] < 0 { runStart[Int(z)] = Int32(j) }
                        runEnd[Int(z)] = Int32(j + 1)
                        let c0: Int, c1: Int
                        if y0[j] == y1[j] {
                            let xa = x0[j], xb = x0[j] + sl[j]
                            c0 = col(min(xa, xb)); c1 = col(max(xa, xb))
                        } else {
                            let ya = max(y0[j], bandLo), yb = min(y1[j], bandHi)
                            let xa = x0[j] + (ya - y0[j]) * sl[j], xb = x0[j] + (yb - y0[j]) * sl[j]
                            c0 = col(min(xa, xb)); c1 = col(max(xa, xb))
                        }
                        for c in c0...c1 where lastZone[c] != z {
                            lastZone[c] = z; colCount[c + 1] += 1; marks.append((Int32(c), z))
                        }
                    }
                    // Candidates by column (zones ascending, as they were marked).
                    for c in 0..<nx { colCount[c + 1] += colCount[c] }
                    byCol.removeAll(keepingCapacity: true)
                    byCol.append(contentsOf: repeatElement(0, count: marks.count))
                    for m in marks { let c = Int(m.col); byCol[Int(colCount[c])] = m.zone; colCount[c] += 1 }
                    // colCount[c] now ends column c; column c starts where c - 1 ends.
                    // Scanline through the cell centres: the zone each centre lies in.
                    let cy = bandLo + cellH / 2
                    crossings.removeAll(keepingCapacity: true)
                    for j in s..<e where y0[j] <= cy && cy < y1[j] {
                        crossings.append((x0[j] + (cy - y0[j]) * sl[j], ez[j]))
                    }
                    crossings.sort { ($0.x, $0.zone) < ($1.x, $1.zone) }
                    inside.removeAll(keepingCapacity: true)
                    var band = Band(), k = 0
                    for c in 0..<nx {
                        let cx = minX + (Double(c) + 0.5) * cellW
                        while k < crossings.count && crossings[k].x <= cx {
                            let z = crossings[k].zone
                            odd[Int(z)].toggle()
                            if odd[Int(z)] {
                                inside.insert(z, at: inside.firstIndex { $0 > z } ?? inside.count)
                            } else {
                                inside.removeAll { $0 == z }
                            }
                            k += 1
                        }
                        let centreZone = inside.first ?? -1
                        let from = c == 0 ? 0 : Int(colCount[c - 1]), to = Int(colCount[c])
                        let before = band.cZone.count
                        if from == to {
                            stateOut[b * nx + c] = centreZone
                        } else {
                            // The zones whose edges enter the cell, and every zone holding its
                            // centre (an overlapping zone may cover the cell without an edge in it),
                            // merged in zone order.
                            stateOut[b * nx + c] = -2 - Int32(band.perCell.count)   // the band's own count, for now
                            var q = from, p = 0
                            while q < to || p < inside.count {
                                let a = q < to ? byCol[q] : Int32.max, i = p < inside.count ? inside[p] : Int32.max
                                band.append(min(a, i), runStart, runEnd)
                                if a <= i { q += 1 }
                                if i <= a { p += 1 }
                            }
                            band.perCell.append(Int32(band.cZone.count - before))
                        }
                    }
                    out[b] = band
                    // Reset the scratch for the next band.
                    for m in marks { lastZone[Int(m.col)] = -1 }
                    for j in s..<e { runStart[Int(ez[j])] = -1; runEnd[Int(ez[j])] = -1 }
                    for cr in crossings where odd[Int(cr.zone)] { odd[Int(cr.zone)] = false }
                    for c in 0...nx { colCount[c] = 0 }
                }
            }
        } } } } } } }
        // Mixed cells numbered across bands; the candidates joined in band order.
        var mixedBefore = [Int](repeating: 0, count: ny + 1)
        for b in 0..<ny { mixedBefore[b + 1] = mixedBefore[b] + bands[b].perCell.count }
        state.withUnsafeMutableBufferPointer { st in
            Parallel.forEach(groups) { g in
                for b in (g * group)..<min((g + 1) * group, ny) where mixedBefore[b + 1] > mixedBefore[b] {
                    let shift = Int32(mixedBefore[b])
                    for i in (b * nx)..<((b + 1) * nx) where st[i] <= -2 { st[i] -= shift }
                }
            }
        }
        var cStart = [Int32](), cZone = [Int32](), cES = [Int32](), cEE = [Int32]()
        let candidates = bands.reduce(0) { $0 + $1.cZone.count }
        cStart.reserveCapacity(mixedBefore[ny] + 1); cStart.append(0)
        cZone.reserveCapacity(candidates); cES.reserveCapacity(candidates); cEE.reserveCapacity(candidates)
        for b in 0..<ny {
            cZone += bands[b].cZone; cES += bands[b].cES; cEE += bands[b].cEE
            for n in bands[b].perCell { cStart.append(cStart[cStart.count - 1] + n) }
            bands[b] = Band()   // free as we go
        }
        cellState = state; candStart = cStart; candZone = cZone; candEdgeStart = cES; candEdgeEnd = cEE
        ex0 = x0; ey0 = y0; ey1 = y1; slope = sl
    }

    /// The zone containing (x, y), or -1.
    @inline(__always)
    public func zone(x: Double, y: Double) -> Int32 {
        let fx = (x - minX) / cellW, fy = (y - minY) / cellH
        guard fx >= 0, fy >= 0, fx < Double(nx), fy < Double(ny) else { return -1 }
        let c = Int(fx), r = Int(fy)        // in range: conversions cannot trap
        let cell = r * nx + c
        let s = cellState[cell]
        if s >= -1 { return s }
        let m = Int(-2 - s)
        for k in Int(candStart[m])..<Int(candStart[m + 1]) {
            if crossingsAreOdd(x: x, y: y, from: Int(candEdgeStart[k]), to: Int(candEdgeEnd[k])) { return candZone[k] }
        }
        return -1
    }

    /// Even-odd test against one zone's edges in the band, four edges per step.
    @inline(__always)
    func crossingsAreOdd(x: Double, y: Double, from: Int, to: Int) -> Bool {
        var count = SIMD4<Int64>(repeating: 0)
        var i = from
        let py = SIMD4<Double>(repeating: y), px = SIMD4<Double>(repeating: x)
        ex0.withUnsafeBufferPointer { x0 in
            ey0.withUnsafeBufferPointer { y0 in
                ey1.withUnsafeBufferPointer { y1 in
                    slope.withUnsafeBufferPointer { s in
                        while i + 4 <= to {
                            let a = SIMD4(y0[i], y0[i + 1], y0[i + 2], y0[i + 3])
                            let b = SIMD4(y1[i], y1[i + 1], y1[i + 2], y1[i + 3])
                            let xs = SIMD4(x0[i], x0[i + 1], x0[i + 2], x0[i + 3])
                            let ss = SIMD4(s[i], s[i + 1], s[i + 2], s[i + 3])
                            let xc = xs + (py - a) * ss
                            let hit = (a .<= py) .& (py .< b) .& (px .< xc)
                            count &+= SIMD4<Int64>(repeating: 1).replacing(with: 0, where: .!hit)
                            i += 4
                        }
                        while i < to {
                            if y0[i] <= y && y < y1[i] && x < x0[i] + (y - y0[i]) * s[i] { count[0] &+= 1 }
                            i += 1
                        }
                    }
                }
            }
        }
        return count.wrappedSum() & 1 == 1
    }

    /// Zones of many points, split over threads in fixed chunks (same result on any count).
    public func zones(xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Int32>) {
        let n = xs.count
        let chunk = 65_536
        let chunks = (n + chunk - 1) / chunk
        Parallel.forEach(chunks) { c in
            let s = c * chunk, e = min(s + chunk, n)
            for i in s..<e { out[i] = zone(x: xs[i], y: ys[i]) }
        }
    }
}
