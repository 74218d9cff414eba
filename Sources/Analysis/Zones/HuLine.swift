import GeoCore
import GeoIO
import Foundation

/// The Hu Huanyong line (胡焕庸线) from Heihe to Tengchong and the two sides it cuts China into.
///
/// A "straight line" on the published maps is straight on a conic projection, which is
/// within a few km of the geodesic; a two-point line in longitude/latitude is a different
/// line, ~380 km further south-east at 113°E. So the line is built as a geodesic on the WGS84
/// ellipsoid (default) or as a straight segment in the China Albers, densified every 10 km
/// and extended 1,000 km beyond both endpoints so it cuts across the whole country.
public struct HuLine: Sendable {
    public enum Variant: String, CaseIterable, Sendable {
        case geodesic, conic
    }

    public static let heihe = (lon: 127.49016, lat: 50.24413)
    public static let tengchong = (lon: 98.51276, lat: 24.99492)

    public var variant: Variant
    /// The line between the two endpoints, densified (WGS84 lon/lat), NE → SW.
    public var line: Geometry
    /// The extended line, latitude strictly decreasing from the NE end to the SW end.
    public var extendedLons: [Double]
    public var extendedLats: [Double]

    public init(variant: Variant = .geodesic, from ne: (lon: Double, lat: Double) = HuLine.heihe,
                to sw: (lon: Double, lat: Double) = HuLine.tengchong) throws {
        self.variant = variant
        let ext = 1_000_000.0, spacing = 10_000.0
        switch variant {
        case .geodesic:
            let g = Geodesic()
            let l = g.densifiedLine(lon1: ne.lon, lat1: ne.lat, lon2: sw.lon, lat2: sw.lat, spacing: spacing)
            line = .lineString(xs: l.lons, ys: l.lats)
            let e = g.densifiedLine(lon1: ne.lon, lat1: ne.lat, lon2: sw.lon, lat2: sw.lat, spacing: spacing,
                                    extendBefore: ext, extendAfter: ext)
            extendedLons = e.lons; extendedLats = e.lats
        case .conic:
            let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
            let inv = try CoordinateTransform(from: .chinaAlbers, to: .wgs84)
            let a = fwd.apply(x: ne.lon, y: ne.lat), b = fwd.apply(x: sw.lon, y: sw.lat)
            let len = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            func segment(from s: Double, to t: Double) -> Geometry {
                let n = max(Int(((t - s) / spacing).rounded(.up)), 1)
                var xs = [Double](), ys = [Double]()
                for i in 0...n {
                    let d = (s + (t - s) * Double(i) / Double(n)) / len
                    xs.append(a.x + (b.x - a.x) * d); ys.append(a.y + (b.y - a.y) * d)
                }
                return inv.apply(.lineString(xs: xs, ys: ys))
            }
            line = segment(from: 0, to: len)
            let e = segment(from: -ext, to: len + ext)
            extendedLons = e.xs; extendedLats = e.ys
        }
    }

    /// "Heihe (127.49016E, 50.24413N) – Tengchong (98.51276E, 24.99492N) as a geodesic …".
    public var describe: String {
        let how = variant == .geodesic ? "a geodesic on the WGS84 ellipsoid" : "a straight line in the China Albers (25°/47°N, 105°E)"
        return String(format: "from (%.5fE, %.5fN) to (%.5fE, %.5fN) as %@", line.xs.first!, line.ys.first!, line.xs.last!, line.ys.last!, how)
    }

    /// The longitude of the extended line at latitude `lat` (the line is monotonic in
    /// latitude); beyond its ends, the vertical through the end point.
    @inline(__always)
    func lineLongitude(atLatitude lat: Double) -> Double {
        let n = extendedLats.count
        if lat >= extendedLats[0] { return extendedLons[0] }
        if lat <= extendedLats[n - 1] { return extendedLons[n - 1] }
        var lo = 0, hi = n - 1          // extendedLats[lo] > lat >= extendedLats[hi]
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if extendedLats[mid] > lat { lo = mid } else { hi = mid }
        }
        let t = (lat - extendedLats[lo]) / (extendedLats[hi] - extendedLats[lo])
        return extendedLons[lo] + t * (extendedLons[hi] - extendedLons[lo])
    }

    /// True when (lon, lat) lies south-east of the line (a point on the line counts as east).
    public func isEast(lon: Double, lat: Double) -> Bool {
        lon >= lineLongitude(atLatitude: lat)
    }

    /// The half-plane polygons on either side of the extended line, closed along the
    /// verticals through its ends; consistent with `isEast`.
    public var sidePolygons: (east: Geometry, west: Geometry) {
        let n = extendedLons.count
        let neLon = extendedLons[0], swLon = extendedLons[n - 1]
        let top = 89.0, bottom = -10.0
        let east = Geometry.polygon(ring: extendedLons + [swLon, 179.0, 179.0, neLon],
                                    extendedLats + [bottom, bottom, top, top])
        let west = Geometry.polygon(ring: extendedLons + [swLon, 0.0, 0.0, neLon],
                                    extendedLats + [bottom, bottom, top, top])
        return (east, west)
    }
}
