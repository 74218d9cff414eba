import Foundation

/// The Albers equal-area conic on an ellipsoid, forward only: longitude/latitude in degrees to
/// metres (Snyder 1987, "Map Projections — A Working Manual", eqs. 3-12 and 14-1 to 14-6).
///
/// `CoordinateTransform` uses it instead of calling PROJ per point when PROJ's own operation
/// between two CRSs is exactly "degrees to radians, then aea" (a WGS84 or GRS80 longitude /
/// latitude to an Albers grid, which is how every China grid here is made). It is the same
/// projection with the same constants, without PROJ's per-point pipeline dispatch: a million
/// points take about a third of the time. PROJ still parses the CRSs and chooses the operation;
/// anything else (datum shifts, other projections, inverse) stays with PROJ. Tests compare the
/// two on spread-out and edge points.
struct AlbersEqualArea: Sendable {
    private let lon0, n, c, dd, rho0, a, x0, y0, e, oneMinusEs: Double

    /// The projection of a PROJ operation definition (`proj_pj_info(...).definition`), or nil
    /// unless it is a plain degrees → aea pipeline on an ellipsoid given by name or a and rf.
    init?(operation definition: String) {
        let tokens = definition.split(separator: " ").map(String.init)
        let prefix = ["proj=pipeline", "step", "proj=unitconvert", "xy_in=deg", "xy_out=rad", "step", "proj=aea"]
        guard tokens.count > prefix.count, Array(tokens[..<prefix.count]) == prefix else { return nil }
        var p = ["lat_0": 0.0, "lon_0": 0, "x_0": 0, "y_0": 0]
        var ellipsoid: (a: Double, rf: Double)? = nil
        var a: Double?, rf: Double?
        for t in tokens[prefix.count...] {
            let kv = t.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { if t == "no_defs" { continue } else { return nil } }
            switch kv[0] {
            case "lat_0", "lon_0", "lat_1", "lat_2", "x_0", "y_0":
                guard let v = Double(kv[1]), v.isFinite else { return nil }
                p[kv[0]] = v
            case "ellps":
                switch kv[1] {
                case "WGS84": ellipsoid = (6_378_137, 298.257223563)
                case "GRS80": ellipsoid = (6_378_137, 298.257222101)
                default: return nil
                }
            case "a": a = Double(kv[1])
            case "rf": rf = Double(kv[1])
            case "units": guard kv[1] == "m" else { return nil }
            default: return nil
            }
        }
        if let a, let rf { ellipsoid = (a, rf) }
        guard let (semiMajor, invF) = ellipsoid, semiMajor > 0, invF > 1, let lat1 = p["lat_1"], let lat2 = p["lat_2"] else { return nil }
        let rad = Double.pi / 180
        let phi0 = p["lat_0"]! * rad, phi1 = lat1 * rad, phi2 = lat2 * rad
        guard abs(phi1) <= .pi / 2, abs(phi2) <= .pi / 2, abs(phi1 + phi2) >= 1e-10 else { return nil }
        let f = 1 / invF, es = 2 * f - f * f
        e = es.squareRoot()
        oneMinusEs = 1 - es
        // m (eq. 14-15) and q (eq. 3-12) at the standard parallels.
        func m(_ phi: Double) -> Double { let s = sin(phi); return cos(phi) / (1 - es * s * s).squareRoot() }
        let m1 = m(phi1), q1 = Self.q(sin(phi1), e, oneMinusEs)
        var cone = sin(phi1)
        if abs(phi1 - phi2) >= 1e-10 {
            let m2 = m(phi2), q2 = Self.q(sin(phi2), e, oneMinusEs)
            guard q2 != q1 else { return nil }
            cone = (m1 * m1 - m2 * m2) / (q2 - q1)   // eq. 14-14
        }
        guard cone != 0 else { return nil }
        n = cone
        c = m1 * m1 + n * q1                          // eq. 14-13
        dd = 1 / n
        let r0 = c - n * Self.q(sin(phi0), e, oneMinusEs)
        guard r0 >= 0 else { return nil }
        rho0 = dd * r0.squareRoot()                   // eq. 14-3a, on the unit ellipsoid
        lon0 = p["lon_0"]! * rad
        self.a = semiMajor
        x0 = p["x_0"]!
        y0 = p["y_0"]!
    }

    /// A longitude into −π…π (one slightly beyond π is left, so the antimeridian keeps its side).
    @inline(__always)
    private static func wrap(_ lam: Double) -> Double {
        guard abs(lam) >= .pi + 1e-12 else { return lam }
        var l = lam + .pi
        l -= 2 * .pi * (l / (2 * .pi)).rounded(.down)
        return l - .pi
    }

    /// q of eq. 3-12 for sin φ.
    @inline(__always)
    private static func q(_ s: Double, _ e: Double, _ oneMinusEs: Double) -> Double {
        let es = e * s
        return oneMinusEs * (s / (1 - es * es) - (0.5 / e) * log((1 - es) / (1 + es)))
    }

    /// Projects points in place; those off the projection's domain (latitude beyond ±90°,
    /// longitude beyond ±10 radians, not finite) become +∞, as PROJ marks a failed point.
    func forward(xs: UnsafeMutablePointer<Double>, ys: UnsafeMutablePointer<Double>, count: Int) {
        let rad = Double.pi / 180
        for i in 0..<count {
            let lon = xs[i] * rad
            var phi = ys[i] * rad
            let over = abs(phi) - .pi / 2
            guard over <= 1e-12, lon >= -10, lon <= 10 else { xs[i] = .infinity; ys[i] = .infinity; continue }
            phi = min(max(phi, -.pi / 2), .pi / 2)
            // Longitudes into −π…π, before and after the central meridian is taken off.
            let lam = Self.wrap(Self.wrap(lon) - lon0)
            let r2 = c - n * Self.q(sin(phi), e, oneMinusEs)
            guard r2 >= 0 else { xs[i] = .infinity; ys[i] = .infinity; continue }
            let rho = dd * r2.squareRoot(), theta = lam * n
            xs[i] = a * (rho * sin(theta)) + x0
            ys[i] = a * (rho0 - rho * cos(theta)) + y0
        }
    }
}
