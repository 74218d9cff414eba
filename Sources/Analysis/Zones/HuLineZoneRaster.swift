import GeoCore
import GeoIO
import Kernels

extension HuLine {
    /// Each zone's polygon divided by the line into its south-east and north-west parts (nil
    /// where a side holds none of it). A zone whose vertices all lie on one side is that
    /// side's part whole; GEOS cuts the others, largest first on all cores.
    public func pieces(of zones: [Zone]) throws -> [(east: Geometry?, west: Geometry?)] {
        let sides = sidePolygons
        var out = [(east: Geometry?, west: Geometry?)](repeating: (nil, nil), count: zones.count)
        var failures = [String?](repeating: nil, count: zones.count)
        let size = zones.map { $0.geometry?.vertexCount ?? 0 }
        let bySize = zones.indices.sorted { (size[$0], $1) > (size[$1], $0) }
        out.withUnsafeMutableBufferPointer { o in
            failures.withUnsafeMutableBufferPointer { fail in
                Parallel.forEach(zones.count) { k in
                    let i = bySize[k]
                    guard let g = zones[i].geometry, !g.isEmpty else { return }
                    var east = 0, west = 0
                    for v in 0..<g.xs.count { if isEast(lon: g.xs[v], lat: g.ys[v]) { east += 1 } else { west += 1 } }
                    if west == 0 { o[i] = (g, nil); return }
                    if east == 0 { o[i] = (nil, g); return }
                    do {
                        let e = try GeometryOperations.intersection(g, sides.east), w = try GeometryOperations.intersection(g, sides.west)
                        o[i] = (e.isEmpty ? nil : e, w.isEmpty ? nil : w)
                    } catch { fail[i] = "\(error)" }
                }
            }
        }
        if let i = failures.firstIndex(where: { $0 != nil }) {
            throw HinterlandError("zone \(zones[i].code)", "cutting with the Hu Line: \(failures[i]!)")
        }
        return out
    }

    /// Each zone's raster sum and the part of it south-east of the line (exact cell
    /// coverage, as `ZonalAnalysis` weighs cells), in one pass over the raster.
    public func zonalSums(_ raster: RasterSource, zones: [Zone]) throws -> (total: [Double], southeast: [Double]) {
        let parts = try pieces(of: zones)
        var pieceZones = [Zone](), owner = [(zone: Int, east: Bool)]()
        for (i, p) in parts.enumerated() {
            for (g, east) in [(p.east, true), (p.west, false)] {
                guard let g else { continue }
                var z = Zone(code: zones[i].code, name: zones[i].name)
                z.geometry = g
                pieceZones.append(z); owner.append((i, east))
            }
        }
        let stats = try ZonalAnalysis.run(raster: raster, zones: pieceZones, sumsOnly: true)
        var total = [Double](repeating: 0, count: zones.count), southeast = total
        for (k, s) in stats.enumerated() where s.count > 0 {
            total[owner[k].zone] += s.sum
            if owner[k].east { southeast[owner[k].zone] += s.sum }
        }
        return (total, southeast)
    }
}
