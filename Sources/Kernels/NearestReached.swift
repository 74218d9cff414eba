import GeoCore

/// Joins cells a cost search could not reach (islands without a source of their own) to the
/// nearest reached cell across the gap: the documented fix-up that lets cost catchments tile
/// a region with islands. The distance is Euclidean in cells, found through a bucket grid of
/// the frontier cells (reached cells next to unreached ones); the joined cell's cost is the
/// frontier cell's cost plus the straight gap at `gapFriction` (the caller's choice; the
/// catchment uses the lowest friction on the raster, as if the gap were flat ground).
public enum NearestReached {
    /// Fills `source` and `cost` for cells where `wanted` is non-zero and `source` is -1.
    /// Returns how many cells were joined. (Int8 sources: the compact search's.)
    @discardableResult
    @_specialize(exported: true, where L == Int32)
    @_specialize(exported: true, where L == Int8)
    public static func join<L: FixedWidthInteger & SignedInteger>(width w: Int, height h: Int, cell: Double, gapFriction: Double, wanted: [UInt8],
                                                                  cost: UnsafeMutableBufferPointer<Float>, source: UnsafeMutableBufferPointer<L>) -> Int {
        // Both scans and the search run on all cores, in bands of 32 rows (one row of frontier
        // buckets each): every list comes out in the order one thread would make it.
        let b = 32, bw = (w + b - 1) / b, bh = (h + b - 1) / b
        var targetsByBand = [[Int]](repeating: [], count: bh)
        // Frontier: reached cells with an unreached 4-neighbour, bucketed on a coarse grid.
        var frontier = [[Int32]](repeating: [], count: bw * bh)
        wanted.withUnsafeBufferPointer { want in targetsByBand.withUnsafeMutableBufferPointer { tb in frontier.withUnsafeMutableBufferPointer { fr in
            let (tb, fr) = (UncheckedSendable(tb), UncheckedSendable(fr))
            Parallel.forEach(bh) { band in
                var found = [Int]()
                for r in (band * b)..<min((band + 1) * b, h) { for c in 0..<w {
                    let i = r * w + c
                    guard source[i] >= 0 else {
                        if want[i] != 0 { found.append(i) }
                        continue
                    }
                    let edge = (c > 0 && source[i - 1] < 0) || (c + 1 < w && source[i + 1] < 0) || (r > 0 && source[i - w] < 0) || (r + 1 < h && source[i + w] < 0)
                    if edge { fr.value[band * bw + c / b].append(Int32(i)) }
                } }
                tb.value[band] = found
            }
        } } }
        let targets = Array(targetsByBand.joined())
        guard !targets.isEmpty, frontier.contains(where: { !$0.isEmpty }) else { return 0 }
        // Each target reads frontier cells (reached, never written) and writes only itself.
        targets.withUnsafeBufferPointer { tp in
            let tp = UncheckedSendable(tp), n = targets.count, parts = min(n, 64)
            Parallel.forEach(parts) { part in
                for t in tp.value[(part * n / parts)..<((part + 1) * n / parts)] { joinOne(t) }
            }
        }
        func joinOne(_ t: Int) {
            let tr = t / w, tc = t - tr * w, br = tr / b, bc = tc / b
            var best = -1, bestD2 = Int.max
            var ring = 0
            while true {
                // Cells in this ring or beyond are at least (ring − 1)·b cells away.
                if best >= 0 && ring > 1 && ((ring - 1) * b) * ((ring - 1) * b) > bestD2 { break }
                if ring > bw + bh { break }
                for rr in (br - ring)...(br + ring) where rr >= 0 && rr < bh {
                    let step = (rr == br - ring || rr == br + ring) ? 1 : 2 * ring
                    var cc = bc - ring
                    while cc <= bc + ring {
                        if cc >= 0 && cc < bw {
                            for e in frontier[rr * bw + cc] {
                                let k = Int(e), kr = k / w, kc = k - kr * w
                                let d2 = (kr - tr) * (kr - tr) + (kc - tc) * (kc - tc)
                                if d2 < bestD2 || (d2 == bestD2 && k < best) { bestD2 = d2; best = k }
                            }
                        }
                        cc += max(step, 1)
                    }
                }
                ring += 1
            }
            guard best >= 0 else { return }
            source[t] = source[best]
            cost[t] = Float(Double(cost[best]) + Double(bestD2).squareRoot() * cell * gapFriction)
        }
        return targets.count
    }
}
