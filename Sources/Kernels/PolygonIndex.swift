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
/// first in order. Results do not depend on thread count.
public struct PolygonIndex: Sendable {
    public let zoneCount: Int
    let minX, minY, cellW, cellH: Double
    let nx, ny: Int
    /// Per cell: zone id ≥ 0 or -1 (outside) for uniform cells; -2 for mixed cells.
    let cellState: [Int32]
    /// Mixed cells: candidates[candStart[c] ..< candStart[c+1]] as (zone, edge range).
    let candStart: [Int32]
    let candZone: [Int32]
    let candEdgeStart: [Int32]
    let candEdgeEnd: [Int32]
    /// Edges, grouped by band then zone, lower-y endpoint first; x at y0 and dx/dy.
    let ex0, ey0, ey1, slope: [Double]

    /// Builds the index. `rings` gives, per zone, its rings as flat (xs, ys) with offsets;
    /// `Resolution` cells per side scale with the vertex count unless given.
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

        // 1. Edges, canonical (lower y first), horizontal edges dropped (never crossed).
        struct Edge { var x0, y0, x1, y1: Double; var zone: Int32 }
        var edges = [Edge]()
        var flat = [Edge]()   // horizontal edges: never crossed, but they make cells mixed
        edges.reserveCapacity(vertexCount)
        for (k, z) in zones.enumerated() {
            for r in 0..<(z.ringOffsets.count - 1) {
                let s = z.ringOffsets[r], e = z.ringOffsets[r + 1]
                guard e - s >= 2 else { continue }
                for i in s..<(e - 1) {
                    let (ax, ay, bx, by) = (z.xs[i], z.ys[i], z.xs[i + 1], z.ys[i + 1])
                    if ay == by { flat.append(Edge(x0: min(ax, bx), y0: ay, x1: max(ax, bx), y1: ay, zone: Int32(k))); continue }
                    edges.append(ay < by ? Edge(x0: ax, y0: ay, x1: bx, y1: by, zone: Int32(k))
                                         : Edge(x0: bx, y0: by, x1: ax, y1: ay, zone: Int32(k)))
                }
            }
        }
        let (nx, ny, minX, minY, cellW, cellH) = (self.nx, self.ny, self.minX, self.minY, self.cellW, self.cellH)
        func row(_ y: Double) -> Int { min(max(Int(((y - minY) / cellH).rounded(.down)), 0), ny - 1) }
        func col(_ x: Double) -> Int { min(max(Int(((x - minX) / cellW).rounded(.down)), 0), nx - 1) }

        // 2. Band membership (CSR by band, edges sorted by zone within a band).
        var bandCount = [Int](repeating: 0, count: ny + 1)
        for e in edges { for b in row(e.y0)...row(e.y1) { bandCount[b + 1] += 1 } }
        for b in 0..<ny { bandCount[b + 1] += bandCount[b] }
        var bandEdges = [Int32](repeating: 0, count: bandCount[ny])
        var fill = Array(bandCount[0..<ny])
        for (i, e) in edges.enumerated() {
            for b in row(e.y0)...row(e.y1) { bandEdges[fill[b]] = Int32(i); fill[b] += 1 }
        }
        var flatByBand = [[Int]](repeating: [], count: ny)
        for (i, e) in flat.enumerated() { flatByBand[row(e.y0)].append(i) }
        // Each band is built on its own (on all cores), with edge and candidate numbers local
        // to the band; the bands are then joined in order, so the index is the same on any
        // number of threads.
        struct Band {
            var x0 = [Double](), y0 = [Double](), y1 = [Double](), sl = [Double]()
            var state = [Int32](), candCount = [Int32]()
            var cZone = [Int32](), cES = [Int32](), cEE = [Int32]()
        }
        var bands = [Band](repeating: Band(), count: ny)
        bands.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(ny) { b in
                var band = Band()
                var list = Array(bandEdges[bandCount[b]..<bandCount[b + 1]])
                list.sort { (edges[Int($0)].zone, $0) < (edges[Int($1)].zone, $1) }
                var zoneRange = [Int32: (Int32, Int32)]()
                for (j, ei) in list.enumerated() {
                    let e = edges[Int(ei)]
                    band.x0.append(e.x0); band.y0.append(e.y0); band.y1.append(e.y1); band.sl.append((e.x1 - e.x0) / (e.y1 - e.y0))
                    let g = Int32(j)
                    if let r = zoneRange[e.zone] { zoneRange[e.zone] = (r.0, g + 1) } else { zoneRange[e.zone] = (g, g + 1) }
                }
                // Mixed cells of this band: columns an edge's x-range (within the band) touches.
                var cellCands = [[Int32]](repeating: [], count: nx)
                let bandLo = minY + Double(b) * cellH, bandHi = bandLo + cellH
                for ei in list {
                    let e = edges[Int(ei)]
                    let ya = max(e.y0, bandLo), yb = min(e.y1, bandHi)
                    let s = (e.x1 - e.x0) / (e.y1 - e.y0)
                    let xa = e.x0 + (ya - e.y0) * s, xb = e.x0 + (yb - e.y0) * s
                    for c in col(min(xa, xb))...col(max(xa, xb)) where cellCands[c].last != e.zone && !cellCands[c].contains(e.zone) {
                        cellCands[c].append(e.zone)
                    }
                }
                for fi in flatByBand[b] {
                    let e = flat[fi]
                    for c in col(e.x0)...col(e.x1) where !cellCands[c].contains(e.zone) { cellCands[c].append(e.zone) }
                }
                // Scanline through the cell centres: the zone each centre lies in.
                let cy = bandLo + cellH / 2
                var crossings = [(x: Double, zone: Int32)]()
                for j in list.indices where band.y0[j] <= cy && cy < band.y1[j] {
                    crossings.append((band.x0[j] + (cy - band.y0[j]) * band.sl[j], edges[Int(list[j])].zone))
                }
                crossings.sort { ($0.x, $0.zone) < ($1.x, $1.zone) }
                var parity = [Int32: Bool](), k = 0
                var inside = [Int32]()   // zones with odd parity, in zone order
                band.state.reserveCapacity(nx); band.candCount.reserveCapacity(nx)
                for c in 0..<nx {
                    let cx = minX + (Double(c) + 0.5) * cellW
                    while k < crossings.count && crossings[k].x <= cx {
                        let z = crossings[k].zone
                        let now = !(parity[z] ?? false)
                        parity[z] = now
                        if now { inside.append(z); inside.sort() } else { inside.removeAll { $0 == z } }
                        k += 1
                    }
                    let centreZone = inside.first ?? -1
                    let before = band.cZone.count
                    if cellCands[c].isEmpty {
                        band.state.append(centreZone)
                    } else {
                        band.state.append(-2)
                        var cands = cellCands[c]
                        if centreZone >= 0 && !cands.contains(centreZone) { cands.append(centreZone) }
                        cands.sort()
                        for z in cands {
                            guard let r = zoneRange[z] else { continue }
                            band.cZone.append(z); band.cES.append(r.0); band.cEE.append(r.1)
                        }
                    }
                    band.candCount.append(Int32(band.cZone.count - before))
                }
                out[b] = band
            }
        }
        var x0 = [Double](), y0 = [Double](), y1 = [Double](), sl = [Double]()
        x0.reserveCapacity(bandEdges.count); y0.reserveCapacity(bandEdges.count)
        y1.reserveCapacity(bandEdges.count); sl.reserveCapacity(bandEdges.count)
        var state = [Int32](), cStart = [Int32](repeating: 0, count: nx * ny + 1)
        state.reserveCapacity(nx * ny)
        var cZone = [Int32](), cES = [Int32](), cEE = [Int32]()
        for b in 0..<ny {
            let band = bands[b], base = Int32(x0.count)
            x0 += band.x0; y0 += band.y0; y1 += band.y1; sl += band.sl
            state += band.state
            cZone += band.cZone
            cES += band.cES.map { $0 + base }; cEE += band.cEE.map { $0 + base }
            for c in 0..<nx { cStart[b * nx + c + 1] = cStart[b * nx + c] + band.candCount[c] }
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
        if s != -2 { return s }
        for k in Int(candStart[cell])..<Int(candStart[cell + 1]) {
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
