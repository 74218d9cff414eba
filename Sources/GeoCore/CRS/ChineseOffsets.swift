import Foundation

/// The GCJ-02 and BD-09 offsets of Chinese web maps.
///
/// GCJ-02 adds to WGS84 a smooth pseudo-random shift of up to ~700 m, given in closed form
/// (the published reverse-engineered formula, identical in every open implementation).
/// Its inverse has no closed form: `gcj02ToWGS84` iterates x ← x − (F(x) − g), which
/// converges to < 1e-9° in a handful of steps because F is close to the identity.
/// BD-09 is a further polar-coordinate shift applied to GCJ-02, invertible in closed form
/// to about 1e-6°, refined here by the same iteration.
/// Outside the rectangle the formula defines for China, coordinates pass through unchanged.
public enum ChineseOffsets {
    public enum Datum: String, Sendable { case gcj02, bd09 }

    static let a = 6378245.0
    static let ee = 0.00669342162296594323

    @inline(__always)
    static func outsideChina(_ lon: Double, _ lat: Double) -> Bool {
        lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
    }

    static func shiftLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    static func shiftLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }

    /// WGS84 → GCJ-02 (the closed-form forward transform).
    public static func wgs84ToGCJ02(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        if outsideChina(lon, lat) { return (lon, lat) }
        var dLat = shiftLat(lon - 105.0, lat - 35.0)
        var dLon = shiftLon(lon - 105.0, lat - 35.0)
        let rad = lat / 180.0 * .pi
        let magic = 1 - ee * sin(rad) * sin(rad)
        let sq = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sq) * .pi)
        dLon = (dLon * 180.0) / (a / sq * cos(rad) * .pi)
        return (lon + dLon, lat + dLat)
    }

    /// GCJ-02 → WGS84 by fixed-point iteration of the forward transform (< 1e-9°).
    public static func gcj02ToWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        invert(lon: lon, lat: lat, forward: wgs84ToGCJ02)
    }

    static let xPi = Double.pi * 3000.0 / 180.0

    public static func gcj02ToBD09(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let z = (lon * lon + lat * lat).squareRoot() + 0.00002 * sin(lat * xPi)
        let t = atan2(lat, lon) + 0.000003 * cos(lon * xPi)
        return (z * cos(t) + 0.0065, z * sin(t) + 0.006)
    }

    public static func bd09ToGCJ02(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        invert(lon: lon, lat: lat, forward: gcj02ToBD09)
    }

    public static func wgs84ToBD09(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let g = wgs84ToGCJ02(lon: lon, lat: lat)
        return gcj02ToBD09(lon: g.lon, lat: g.lat)
    }

    public static func bd09ToWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let g = bd09ToGCJ02(lon: lon, lat: lat)
        return gcj02ToWGS84(lon: g.lon, lat: g.lat)
    }

    static func invert(lon: Double, lat: Double,
                       forward: (Double, Double) -> (lon: Double, lat: Double)) -> (lon: Double, lat: Double) {
        var x = lon, y = lat
        for _ in 0..<30 {
            let f = forward(x, y)
            let ex = f.lon - lon, ey = f.lat - lat
            x -= ex; y -= ey
            if abs(ex) < 1e-11 && abs(ey) < 1e-11 { break }
        }
        return (x, y)
    }

    /// Converts whole coordinate arrays from `datum` to WGS84 in place.
    public static func toWGS84(from datum: Datum, xs: inout [Double], ys: inout [Double]) {
        for i in 0..<xs.count {
            let r = datum == .gcj02 ? gcj02ToWGS84(lon: xs[i], lat: ys[i]) : bd09ToWGS84(lon: xs[i], lat: ys[i])
            xs[i] = r.lon; ys[i] = r.lat
        }
    }

    /// Converts whole coordinate arrays from WGS84 to `datum` in place.
    public static func fromWGS84(to datum: Datum, xs: inout [Double], ys: inout [Double]) {
        for i in 0..<xs.count {
            let r = datum == .gcj02 ? wgs84ToGCJ02(lon: xs[i], lat: ys[i]) : wgs84ToBD09(lon: xs[i], lat: ys[i])
            xs[i] = r.lon; ys[i] = r.lat
        }
    }
}
