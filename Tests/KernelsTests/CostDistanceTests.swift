import Testing
@testable import Kernels

struct CostDistanceTests {
    /// On a uniform surface, 16-neighbour path costs stay within 3% of straight-line
    /// distances, and allocation differs from Voronoi only next to Voronoi boundaries.
    @Test func uniformFrictionApproximatesEuclideanDistance() {
        let w = 120, h = 90
        let friction = [Float](repeating: 1, count: w * h)
        let sources = [(10, 10), (100, 20), (60, 80), (30, 60)]
        let r = CostDistance.allocate(width: w, height: h, cell: 1, friction: friction, sources: sources.map { (col: $0.0, row: $0.1) })
        var differ = 0
        for row in 0..<h { for col in 0..<w {
            let d = sources.map { (Double(col - $0.0) * Double(col - $0.0) + Double(row - $0.1) * Double(row - $0.1)).squareRoot() }
            let i = row * w + col
            let j = Int(r.source[i])
            #expect(Double(r.cost[i]) >= d[j] * (1 - 1e-6) - 1e-9 && Double(r.cost[i]) <= d[j] * 1.03 + 1e-6)
            let nearest = d.indices.min { d[$0] < d[$1] }!
            if nearest != j {
                differ += 1
                // Only where the two distances are nearly equal: near the bisector.
                #expect(d[j] - d[nearest] < 0.03 * d[nearest] + 1, "cell \(col),\(row)")
            }
        } }
        #expect(Double(differ) / Double(w * h) < 0.05)
    }

    @Test func barriersAreNotCrossed() {
        let w = 20, h = 5
        var friction = [Float](repeating: 1, count: w * h)
        for r in 0..<4 { friction[r * w + 10] = 0 }   // a wall with a gap at the bottom row
        let r = CostDistance.allocate(width: w, height: h, cell: 1, friction: friction, sources: [(col: 0, row: 0)], neighbours: 8)
        // Going round the wall through the gap costs more than the straight 15.
        #expect(r.cost[0 * w + 15] > 15.5)
        #expect(r.cost[0 * w + 10] == .infinity)
    }

    /// The bucket queue is exact: the same costs and allocation as a binary-heap Dijkstra on a
    /// rough random friction surface with barriers, for 8 and 16 neighbours.
    @Test func bucketQueueEqualsHeapDijkstra() {
        let w = 160, h = 110
        var rng = SplitMix(seed: 42)
        var friction = (0..<(w * h)).map { _ in Float.random(in: 0.5...10, using: &rng) }
        for i in 0..<friction.count where Double.random(in: 0..<1, using: &rng) < 0.08 { friction[i] = Bool.random(using: &rng) ? 0 : .nan }
        let sources = (0..<7).map { _ in (col: Int.random(in: 1..<(w - 1), using: &rng), row: Int.random(in: 1..<(h - 1), using: &rng)) }
        // One hub on a nodata cell (a coastal hub): it still leaves at its neighbours' friction.
        let s0 = sources[0].row * w + sources[0].col
        friction[s0] = .nan; friction[s0 + 1] = 2
        for nb in [8, 16] {
            let fast = CostDistance.allocate(width: w, height: h, cell: 1000, friction: friction, sources: sources, neighbours: nb)
            var cost = friction, src = [Int32](repeating: -1, count: w * h)
            src.withUnsafeMutableBufferPointer {
                CostDistance.allocate(width: w, height: h, cell: 1000, frictionThenCost: &cost, sources: sources, neighbours: nb, source: $0, forceHeap: true)
            }
            let costDiffer = (0..<(w * h)).filter { fast.cost[$0] != cost[$0] }
            let sourceDiffer = (0..<(w * h)).filter { fast.source[$0] != src[$0] }
            #expect(costDiffer.isEmpty, "\(nb) neighbours: \(costDiffer.count) costs differ, first \(costDiffer.first.map { "\(fast.cost[$0]) vs \(cost[$0])" } ?? "")")
            #expect(sourceDiffer.isEmpty, "\(nb) neighbours: \(sourceDiffer.count) allocations differ")
            #expect(abs(fast.cost[s0 + 1] - 2000) < 1e-3)
            // Batches settled on two cores (every batch, however small): the same again.
            var par = friction, parSrc = [Int32](repeating: -1, count: w * h)
            parSrc.withUnsafeMutableBufferPointer {
                CostDistance.allocate(width: w, height: h, cell: 1000, frictionThenCost: &par, sources: sources, neighbours: nb, source: $0, parallelFrom: 1)
            }
            #expect(par == fast.cost && parSrc == fast.source, "\(nb) neighbours: two-core batches differ")
        }
    }

    /// The 5-byte search over a coarser friction raster (read per cell through a lookup,
    /// some rows and columns off it) gives `allocate`'s costs and allocation bit for bit.
    @Test func compactSearchEqualsTheFullState() {
        let w = 170, h = 120, rw = 23, rh = 17
        var rng = SplitMix(seed: 7)
        var raster = (0..<(rw * rh)).map { _ in Float.random(in: 0.5...6, using: &rng) }
        for i in raster.indices where Double.random(in: 0..<1, using: &rng) < 0.1 { raster[i] = .nan }
        let rowOf = (0..<h).map { r in r < 3 ? -1 : min((r - 3) / 7, rh - 1) }, colOf = (0..<w).map { c in c >= w - 4 ? -1 : c / 8 }
        let lookup = FrictionLookup(values: raster, rasterWidth: rw, rowOfRow: rowOf, columnOfColumn: colOf)
        let friction = (0..<(w * h)).map { lookup.at($0 / w, $0 % w) }
        var sources = (0..<9).map { _ in (col: Int.random(in: 0..<w, using: &rng), row: Int.random(in: 0..<h, using: &rng)) }
        sources.append((col: w - 1, row: 0))   // a hub off the raster (a barrier cell)
        for nb in [8, 16] {
            for heap in [false, true] {
                var cost = friction, src = [Int32](repeating: -1, count: w * h)
                let lowest = src.withUnsafeMutableBufferPointer {
                    CostDistance.allocate(width: w, height: h, cell: 250, frictionThenCost: &cost, sources: sources, neighbours: nb, source: $0, forceHeap: heap)
                }
                // Every batch on one core, and (bucket queue) every batch split over two.
                for parallelFrom in heap ? [Int.max] : [Int.max, 1] {
                    var compact = [Float](repeating: 0, count: w * h), csrc = [Int8](repeating: 0, count: w * h)
                    let low = compact.withUnsafeMutableBufferPointer { c in csrc.withUnsafeMutableBufferPointer { s in
                        CostDistance.allocateCompact(width: w, height: h, cell: 250, friction: lookup, sources: sources, neighbours: nb, cost: c, source: s,
                                                     forceHeap: heap, parallelFrom: parallelFrom)
                    } }
                    #expect(low == lowest)
                    let costDiffer = (0..<(w * h)).filter { compact[$0].bitPattern != cost[$0].bitPattern }
                    #expect(costDiffer.isEmpty, "\(nb) neighbours, heap \(heap), parallel from \(parallelFrom): \(costDiffer.count) costs differ")
                    #expect(csrc.map { Int32($0) } == src, "\(nb) neighbours, heap \(heap), parallel from \(parallelFrom): allocations differ")
                }
                #expect(src.filter { $0 >= 0 }.count > w * h / 2, "most cells reached")
            }
        }
    }
}

struct NearestReachedTests {
    /// An island with no source and no path to it is joined to the nearest reached cell,
    /// at that cell's cost plus the straight gap at the given friction.
    @Test func islandsJoinTheNearestReachedCell() {
        let w = 30, h = 10
        var friction = [Float](repeating: .nan, count: w * h)
        for r in 0..<h { for c in 0..<12 { friction[r * w + c] = 1 } }     // mainland, columns 0–11
        for r in 4..<6 { for c in 20..<23 { friction[r * w + c] = 1 } }    // island, columns 20–22
        var (cost, source) = CostDistance.allocate(width: w, height: h, cell: 1, friction: friction, sources: [(col: 0, row: 5)])
        let wanted = friction.map { $0.isNaN ? UInt8(0) : 1 }
        #expect(source[5 * w + 20] == -1)
        let joined = cost.withUnsafeMutableBufferPointer { c in source.withUnsafeMutableBufferPointer { s in
            NearestReached.join(width: w, height: h, cell: 1, gapFriction: 1, wanted: wanted, cost: c, source: s)
        } }
        #expect(joined == 6)
        #expect(source[5 * w + 20] == 0 && source[4 * w + 22] == 0)
        // Cell (20, 5) is 9 cells from (11, 5), which costs 11 from the source.
        #expect(abs(cost[5 * w + 20] - (cost[5 * w + 11] + 9)) < 1e-4)
    }

    /// Random reached and unreached cells over many 32-row bands (searched on all cores):
    /// every wanted unreached cell takes the nearest frontier cell, ties to the lower index,
    /// as a brute-force search over all frontier cells finds it.
    @Test func joinsMatchBruteForceOverManyBands() {
        var rng = SplitMix(seed: 77)
        let w = 90, h = 150
        var source = (0..<(w * h)).map { _ in Int.random(in: 0..<10, using: &rng) < 6 ? Int32.random(in: 0..<5, using: &rng) : -1 }
        for r in 40..<100 { for c in 20..<70 { source[r * w + c] = -1 } }   // a large gap
        var cost = source.map { $0 >= 0 ? Float.random(in: 0...100, using: &rng) : .infinity }
        let wanted = (0..<(w * h)).map { _ in UInt8.random(in: 0...1, using: &rng) }
        let frontier = (0..<(w * h)).filter { i in
            let r = i / w, c = i % w
            return source[i] >= 0 && ((c > 0 && source[i - 1] < 0) || (c + 1 < w && source[i + 1] < 0) || (r > 0 && source[i - w] < 0) || (r + 1 < h && source[i + w] < 0))
        }
        var expectSource = source, expectCost = cost
        for t in 0..<(w * h) where wanted[t] != 0 && source[t] < 0 {
            let best = frontier.min { a, b in
                let da = (a / w - t / w) * (a / w - t / w) + (a % w - t % w) * (a % w - t % w)
                let db = (b / w - t / w) * (b / w - t / w) + (b % w - t % w) * (b % w - t % w)
                return da < db || (da == db && a < b)
            }!
            let d2 = (best / w - t / w) * (best / w - t / w) + (best % w - t % w) * (best % w - t % w)
            expectSource[t] = source[best]
            expectCost[t] = Float(Double(cost[best]) + Double(d2).squareRoot() * 1000 * 2)
        }
        cost.withUnsafeMutableBufferPointer { c in source.withUnsafeMutableBufferPointer { s in
            NearestReached.join(width: w, height: h, cell: 1000, gapFriction: 2, wanted: wanted, cost: c, source: s)
        } }
        #expect(source == expectSource)
        #expect(cost == expectCost)
    }
}
