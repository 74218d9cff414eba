import GeoCore
import GeoIO
import Kernels

/// The cost model on a grid too large to hold whole: the search over the whole grid in 5 bytes
/// a cell (`CostDistance.allocateCompact`: the costs and hubs of the held grid's search), the
/// islands joined across the gap as `Catchment.run` joins them, then the raster's rows made
/// from that state a band at a time, with the areas summed in the held grid's order.
final class CostInRows {
    let width: Int, hubCells: [Int], active: [UInt8]
    private(set) var cost: [Float], source: [Int8]
    private(set) var areas: CellPasses.AreaSums
    private(set) var joinedAcrossGaps = 0

    /// `active`: the cells that overlap the region (the cells a path must reach).
    init(_ o: CatchmentOptions, grid: Grid, hubCells: [Int], active: [UInt8], data: EmbeddedData) throws {
        let (w, h) = (grid.width, grid.height), n = w * h
        guard hubCells.count <= Int(Int8.max) else {
            throw HinterlandError("hubs", "\(hubCells.count) hubs: a cost grid of \(w) × \(h) cells takes at most \(Int8.max) hubs; use larger cells or fewer hubs")
        }
        let friction = try Catchment.frictionLookup(o, grid: grid, data: data)
        width = w; self.hubCells = hubCells; self.active = active
        cost = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }   // every cell set by the search
        source = [Int8](unsafeUninitializedCapacity: n) { _, count in count = n }
        areas = CellPasses.AreaSums(cells: n, count: hubCells.count)
        joinedAcrossGaps = cost.withUnsafeMutableBufferPointer { c in source.withUnsafeMutableBufferPointer { s in
            let lowest = CostDistance.allocateCompact(width: w, height: h, cell: o.cell, friction: friction, sources: hubCells.map { ($0 % w, $0 / w) },
                                                      neighbours: o.neighbours, cost: c, source: s)
            // Region cells no path reaches are joined across the gap (documented fix-up).
            return NearestReached.join(width: w, height: h, cell: o.cell, gapFriction: lowest.isFinite ? Double(lowest) : 1, wanted: active, cost: c, source: s)
        } }
    }

    /// The raster values of the cells first ..< first + cover.count (`cover` their coverage of
    /// the region): hub index and cost, -1 outside the region or unreached, every hub's own
    /// cell its own; their areas are added to `areas`.
    func band(first: Int, cover: [Float], cellArea: Double) -> ([Float], [Float]) {
        let m = cover.count
        var labels = [Int32](repeating: -1, count: m), costs = [Float](repeating: -1, count: m)
        for q in 0..<m where active[first + q] != 0 && cost[first + q].isFinite {
            labels[q] = Int32(source[first + q]); costs[q] = cost[first + q]
        }
        for (j, c) in hubCells.enumerated() where c >= first && c < first + m && active[c] != 0 { labels[c - first] = Int32(j) }
        areas.add(cover: cover, labels: labels, first: first, cellArea: cellArea)
        return (CellPasses.floats(labels), costs)
    }
}
