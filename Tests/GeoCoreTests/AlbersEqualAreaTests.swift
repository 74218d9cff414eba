import Foundation
import Testing
@testable import GeoCore

/// The native Albers projection against PROJ itself, point by point.
struct AlbersEqualAreaTests {
    /// Random points over the globe and over China, and the edges of the domain.
    static func points() -> ([Double], [Double]) {
        var rng = SplitMix(seed: 7)
        var xs = [Double](), ys = [Double]()
        for i in 0..<200_000 {
            if i % 2 == 0 { xs.append(rng.uniform(-180, 180)); ys.append(rng.uniform(-90, 90)) }
            else { xs.append(rng.uniform(70, 140)); ys.append(rng.uniform(15, 55)) }
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

/// A small seeded generator (SplitMix64), so the points are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53) }
}
