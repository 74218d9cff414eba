import CPROJ
import Foundation

/// Geodesic computations on the WGS84 ellipsoid (Karney's algorithms as shipped in PROJ).
public struct Geodesic: Sendable {
    private var g = geod_geodesic()

    public init() {
        geod_init(&g, 6378137.0, 1.0 / 298.257223563)
    }

    /// Signed area in m² of one ring (lon/lat degrees); positive counter-clockwise.
    public func ringArea(lons: ArraySlice<Double>, lats: ArraySlice<Double>) -> Double {
        var lo = Array(lons), la = Array(lats)
        // A closed ring repeats its first vertex; geod_polygonarea wants it once.
        if lo.count > 1, lo.first == lo.last, la.first == la.last { lo.removeLast(); la.removeLast() }
        guard lo.count >= 3 else { return 0 }
        var gg = g
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(&gg, &la, &lo, Int32(lo.count), &area, &perimeter)
        return area
    }

    /// Ellipsoidal area in m² of a polygonal lon/lat geometry: exteriors minus holes.
    public func area(_ geom: Geometry) -> Double {
        guard geom.kind == .polygon else { return 0 }
        var total = 0.0
        for p in 0..<geom.polygonCount {
            for (j, ring) in geom.ringRange(p).enumerated() {
                let r = geom.partRange(ring)
                let a = abs(ringArea(lons: geom.xs[r], lats: geom.ys[r]))
                total += j == 0 ? a : -a
            }
        }
        return total
    }

    /// Distance (m) and forward azimuth (degrees) from point 1 to point 2.
    public func inverse(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var gg = g
        var s = 0.0, a1 = 0.0, a2 = 0.0
        geod_inverse(&gg, lat1, lon1, lat2, lon2, &s, &a1, &a2)
        return (s, a1, a2)
    }

    /// The point `distance` metres from (lon, lat) along `azimuth` degrees.
    public func direct(lon: Double, lat: Double, azimuth: Double, distance: Double) -> (lon: Double, lat: Double) {
        var gg = g
        var lat2 = 0.0, lon2 = 0.0, az2 = 0.0
        geod_direct(&gg, lat, lon, azimuth, distance, &lat2, &lon2, &az2)
        return (lon2, lat2)
    }

    /// The geodesic through two points, densified every `spacing` metres and extended by
    /// `extendBefore` metres before the first point and `extendAfter` beyond the second.
    public func densifiedLine(lon1: Double, lat1: Double, lon2: Double, lat2: Double,
                              spacing: Double = 10_000, extendBefore: Double = 0, extendAfter: Double = 0) -> (lons: [Double], lats: [Double]) {
        let inv = inverse(lon1: lon1, lat1: lat1, lon2: lon2, lat2: lat2)
        var line = geod_geodesicline()
        var gg = g
        geod_inverseline(&line, &gg, lat1, lon1, lat2, lon2, 0)
        let start = -extendBefore, end = inv.distance + extendAfter
        let n = max(Int(((end - start) / spacing).rounded(.up)), 1)
        var lons = [Double](), lats = [Double]()
        for i in 0...n {
            let s = start + (end - start) * Double(i) / Double(n)
            var la = 0.0, lo = 0.0, az = 0.0
            geod_position(&line, s, &la, &lo, &az)
            lons.append(lo); lats.append(la)
        }
        return (lons, lats)
    }
}
