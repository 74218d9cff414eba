import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// A region by name: the country outline, any zone set (all its zones), or a polygon file.
public enum ClipRegion {
    public static func geometries(_ name: String, data: EmbeddedData, field: String = "clip") throws -> [Geometry] {
        if name == "country" { return try data.countryOutline() }
        if let set = ZoneSetName(rawValue: name) {
            let layer = [ZoneSetName.province: "provinces", .prefecture: "prefectures", .county: "counties"][set]
            if let layer { return try data.layer(layer).features.compactMap(\.geometry) }
            return try ZoneSetBuilder(data: data).build(set, geometry: true).zones.compactMap(\.geometry)
        }
        guard name.hasPrefix("PG:") || FileManager.default.fileExists(atPath: name) else {
            throw FieldError(field, name, "not country, a zone set, or an existing polygon file")
        }
        let t = try VectorReader.read(path: name)
        guard t.geometryKind == .polygon else { throw HinterlandError(name, "clip layer has no polygons") }
        return try t.reprojected(to: .wgs84).features.compactMap(\.geometry)
    }

    /// Throws unless at least one point lies in the region, tested on a first sample, then on
    /// all points only if the sample has none inside.
    public static func requireSomeInside(_ points: PointSet, source: String, region: [Geometry], regionName: String) throws {
        let index = PolygonIndex(zones: region.map { ($0.xs, $0.ys, $0.partOffsets) })
        func anyInside(_ xs: ArraySlice<Double>, _ ys: ArraySlice<Double>) -> Bool {
            var zone = [Int32](repeating: -1, count: xs.count)
            xs.withUnsafeBufferPointer { xp in ys.withUnsafeBufferPointer { yp in
                zone.withUnsafeMutableBufferPointer { index.zones(xs: xp, ys: yp, into: $0) }
            } }
            return zone.contains { $0 >= 0 }
        }
        let sample = min(points.count, 4096)
        if anyInside(points.xs[0..<sample], points.ys[0..<sample]) { return }
        if sample < points.count && anyInside(points.xs[sample...], points.ys[sample...]) { return }
        var hint = "check the points' CRS and coordinate columns"
        if anyInside(points.ys[0..<sample], points.xs[0..<sample]) { hint = "with longitude and latitude swapped they would fall in \(regionName): check the coordinate columns" }
        throw HinterlandError(source, "none of the \(points.count) points falls in \(regionName); \(hint)")
    }
}
