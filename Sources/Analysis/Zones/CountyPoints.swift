import Foundation
import GeoCore
import GeoIO

/// One county polygon reduced to what census sums by point need: its code, its prefecture's
/// code and a point inside it (GEOS point-on-surface; nil for a feature without geometry).
public struct CountyPoint: Sendable {
    public var code: String
    public var prefecture: String
    public var point: (x: Double, y: Double)?
}

/// The county points, in feature order, from GeoData/tables/county_points.csv (written by
/// `hinterland areas --county-points`, checked against a fresh computation by the tests):
/// census sums then need neither the county polygons nor GEOS.
extension ZoneSetBuilder {
    public func countyPoints() throws -> [CountyPoint] {
        if let cached = try? data.table("county_points"), !cached.rows.isEmpty {
            let code = try cached.columnIndex("adcode"), pref = try cached.columnIndex("prefecture_adcode")
            let lon = try cached.columnIndex("lon"), lat = try cached.columnIndex("lat")
            return try cached.rows.enumerated().map { i, r in
                if r[lon].isEmpty { return CountyPoint(code: r[code], prefecture: r[pref], point: nil) }
                guard let x = Double(r[lon]), let y = Double(r[lat]) else {
                    throw HinterlandError("\(cached.path) row \(i + 2)", "lon/lat '\(r[lon])', '\(r[lat])' are not numbers")
                }
                return CountyPoint(code: r[code], prefecture: r[pref], point: (x, y))
            }
        }
        return try computeCountyPoints()
    }

    /// The same from the polygons (what county_points.csv caches).
    public func computeCountyPoints() throws -> [CountyPoint] {
        let t = try data.layer("counties")
        let interior = try interiorPoints("counties")
        return zip(zip(t.strings("adcode")!, t.strings("prefecture_adcode")!), interior).map {
            CountyPoint(code: $0.0, prefecture: $0.1, point: $1)
        }
    }

    /// county_points.csv: feature order, full double precision.
    public func countyPointsCSV() throws -> String {
        var s = "adcode,prefecture_adcode,lon,lat\n"
        for c in try computeCountyPoints() {
            let p = c.point.map { String(format: "%.17g,%.17g", $0.x, $0.y) } ?? ","
            s += "\(c.code),\(c.prefecture),\(p)\n"
        }
        return s
    }
}
