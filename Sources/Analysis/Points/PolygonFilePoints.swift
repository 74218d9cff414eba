import GeoCore
import GeoIO
import Kernels

extension ZoneSetBuilder {
    /// The zone set of a polygon file (as `build(path:…)` makes it) and the zone of each point
    /// (an index into its zones, -1 in none), through the point-in-polygon index built when the
    /// file was loaded, on all cores. Overlapping zones: a point goes to the first.
    public func assign(_ points: PointSet, toZonesOf path: String, layer: String? = nil, key: String, nameField: String? = nil,
                       geometry: Bool = false, strict: Bool = false) throws -> (set: ZoneSet, zoneOfPoint: [Int32]) {
        let file = try polygonFile(path: path, layer: layer, key: key, nameField: nameField, strict: strict)
        var zoneOfPoint = [Int32](repeating: -1, count: points.count)
        points.xs.withUnsafeBufferPointer { xp in
            points.ys.withUnsafeBufferPointer { yp in
                zoneOfPoint.withUnsafeMutableBufferPointer { file.index.zones(xs: xp, ys: yp, into: $0) }
            }
        }
        var set = file.set
        if !geometry { for i in set.zones.indices { set.zones[i].geometry = nil } }
        return (set, zoneOfPoint)
    }
}
