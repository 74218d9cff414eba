import Foundation
import Testing
@testable import GeoCore

struct GeodesicAreaTests {
    /// Area between two parallels over `dLon` degrees on the WGS84 ellipsoid, closed form
    /// (authalic latitude formula) — independent of PROJ's geodesic algorithm.
    static func bandArea(lat1: Double, lat2: Double, dLon: Double) -> Double {
        let a = 6378137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f), e = e2.squareRoot(), b2 = a * a * (1 - e2)
        func q(_ phi: Double) -> Double {
            let s = sin(phi * .pi / 180)
            return s / (1 - e2 * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e)
        }
        return b2 / 2 * (q(lat2) - q(lat1)) * dLon * .pi / 180
    }

    /// A lon/lat cell whose parallel edges are densified so that geodesic edges follow them.
    static func cell(lon: Double, lat: Double, size: Double, steps: Int = 2000) -> Geometry {
        var xs = [Double](), ys = [Double]()
        for i in 0...steps { xs.append(lon + size * Double(i) / Double(steps)); ys.append(lat) }
        for i in 0...steps { xs.append(lon + size - size * Double(i) / Double(steps)); ys.append(lat + size) }
        return .polygon(ring: xs, ys)
    }

    @Test func geodesicAreaAgreesWithTheClosedFormBandArea() {
        let g = Geodesic()
        for lat in [0.0, 25.0, 45.0] {
            let got = g.area(Self.cell(lon: 100, lat: lat, size: 1))
            let want = Self.bandArea(lat1: lat, lat2: lat + 1, dLon: 1)
            #expect(abs(got - want) / want < 1e-5, "lat \(lat): \(got) vs \(want)")
        }
    }

    /// Second method: planar area in the equal-area China Albers.
    @Test func albersPlanarAreaAgreesWithGeodesicArea() throws {
        let poly = Self.cell(lon: 104, lat: 30, size: 2, steps: 400)
        let t = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        let projected = t.apply(poly)
        let geod = Geodesic().area(poly)
        #expect(abs(abs(projected.planarArea) - geod) / geod < 1e-4)
    }

    @Test func holesAreSubtracted() {
        var g = Self.cell(lon: 100, lat: 30, size: 2, steps: 50)
        let hole = Self.cell(lon: 100.5, lat: 30.5, size: 1, steps: 50)
        g.xs += hole.xs; g.ys += hole.ys
        g.partOffsets.append(g.xs.count)
        g.polygonOffsets = [0, 2]
        let geod = Geodesic()
        let want = geod.area(Self.cell(lon: 100, lat: 30, size: 2, steps: 50)) - geod.area(hole)
        #expect(abs(geod.area(g) - want) < 1)
    }
}
