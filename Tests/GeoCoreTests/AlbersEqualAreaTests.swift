import Foundation
import Testing
@testable import GeoCore

/// The native Albers projection against PROJ itself, point by point.
struct AlbersEqualAreaTests {
    /// Points spread evenly over the globe and over China (additive recurrences with irrational
    /// steps: no two alike, no seed to keep), and the edges of the domain.
    static func points() -> ([Double], [Double]) {
        var xs = [Double](), ys = [Double]()
        func frac(_ v: Double) -> Double { v - v.rounded(.down) }
        for i in 0..<200_000 {
            let u = frac(Double(i) * 0.6180339887498949), v = frac(Double(i) * 0.41421356237309503 + 0.5)
            if i % 2 == 0 { xs.append(-180 + 360 * u); ys.append(-90 + 180 * v) }
            else { xs.append(70 + 70 * u); ys.append(15 + 40 * v) }
        }
        let edges: [(Double, Double)] = [(105, 0), (105, 90), (105, -90), (180, 30), (-180, 30), (285, 30), (-75, 30), (0, 0),
                                         (105, 25), (105, 47), (120, 90.0000001), (120, -91), (700, 30), (.nan, 30), (100, .infinity)]
        for (x, y) in edges { xs.append(x); ys.append(y) }
        return (xs, ys)
    }

    @Test func chinaAlbersIsProjectedNativelyAndAgreesWithPROJ() throws {
        let native = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        let proj = try CoordinateTransform(from: .wgs84, to: .chinaAlbers, viaPROJOnly: true)
        #expect(native.projectsNatively)
        #expect(!proj.projectsNatively)
        var (ax, ay) = Self.points()
        var (bx, by) = (ax, ay)
        native.apply(xs: &ax, ys: &ay)
        proj.apply(xs: &bx, ys: &by)
        var worst = 0.0, identical = 0
        for i in 0..<ax.count {
            let ok = ax[i].isFinite && ay[i].isFinite, pok = bx[i].isFinite && by[i].isFinite
            #expect(ok == pok, "point \(i): native \(ax[i]), \(ay[i]); PROJ \(bx[i]), \(by[i])")
            guard ok && pok else { continue }
            worst = max(worst, abs(ax[i] - bx[i]), abs(ay[i] - by[i]))
            if ax[i] == bx[i] && ay[i] == by[i] { identical += 1 }
        }
        // The same formulas in the same order: with glibc's libm on both sides all 200,010
        // finite points are equal to the last bit (measured); the tolerances allow another libm.
        #expect(worst < 1e-6, "worst difference \(worst) m")
        #expect(identical > ax.count * 9 / 10, "\(identical) of \(ax.count) bit-identical")
    }

    @Test func otherOperationsStayWithPROJ() throws {
        #expect(!(try CoordinateTransform(from: .wgs84, to: CRS("EPSG:3857")).projectsNatively))
        #expect(!(try CoordinateTransform(from: .chinaAlbers, to: .wgs84).projectsNatively))
        // A datum other than WGS84/GRS80 (Krassovsky, as Chinese Albers grids of the Beijing 1954 era).
        #expect(!(try CoordinateTransform(from: .wgs84, to: CRS("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=krass +units=m")).projectsNatively))
        // GRS80 with false easting/northing and another central meridian is still native, and right.
        let crs = CRS("+proj=aea +lat_1=27 +lat_2=45 +lat_0=10 +lon_0=110 +x_0=500000 +y_0=-100000 +ellps=GRS80 +units=m")
        let t = try CoordinateTransform(from: .wgs84, to: crs), p = try CoordinateTransform(from: .wgs84, to: crs, viaPROJOnly: true)
        #expect(t.projectsNatively)
        let a = t.apply(x: 87.6, y: 43.8), b = p.apply(x: 87.6, y: 43.8)
        #expect(abs(a.x - b.x) < 1e-6 && abs(a.y - b.y) < 1e-6)
    }
}
