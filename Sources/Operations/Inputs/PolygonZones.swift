import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// Points against the polygons of a zone set read from a file: a PolygonIndex over the zone
/// outlines, points tested on all cores.
enum PolygonZones {
    static func assign(_ points: PointSet, to set: ZoneSet) -> [Int32] {
        let index = PolygonIndex(zones: set.zones.map { ($0.geometry!.xs, $0.geometry!.ys, $0.geometry!.partOffsets) })
        var zoneOfPoint = [Int32](repeating: -1, count: points.count)
        points.xs.withUnsafeBufferPointer { xp in points.ys.withUnsafeBufferPointer { yp in
            zoneOfPoint.withUnsafeMutableBufferPointer { out in
                let o = UncheckedSendable(out)
                Parallel.forEachChunk(points.count) { _, r in
                    index.zones(xs: UnsafeBufferPointer(rebasing: xp[r]), ys: UnsafeBufferPointer(rebasing: yp[r]),
                                into: UnsafeMutableBufferPointer(rebasing: o.value[r]))
                }
            }
        } }
        return zoneOfPoint
    }

    /// Why no point fell in a zone: the likely cause, for the error message.
    static func swapHint(_ points: PointSet, builder: ZoneSetBuilder) throws -> String {
        var swapped = PointSet(source: points.source)
        swapped.xs = points.ys; swapped.ys = points.xs
        let inside = try builder.assignment(.province).units(of: swapped).filter { $0 >= 0 }.count
        return inside > points.count / 2 ? "with longitude and latitude swapped \(inside) of them fall in China: check the coordinate columns"
                                         : "check the points' CRS and coordinate columns"
    }
}

extension PointSet {
    /// The points at `indices`, with their weights and categories.
    func subset(_ indices: [Int]) -> PointSet {
        var p = PointSet(source: source)
        p.xs = indices.map { xs[$0] }; p.ys = indices.map { ys[$0] }
        p.weights = weights.map { w in indices.map { w[$0] } }
        p.categories = categories.map { c in indices.map { c[$0] } }
        p.categoryNames = categoryNames
        return p
    }
}
