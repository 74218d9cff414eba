import GeoCore
import GeoIO

extension ZoneSetBuilder {
    /// China split by the Hu Line: counties wholly on one side count whole; counties the
    /// line crosses are cut (GEOS intersection with the side polygon) and their population
    /// split by the area fraction on each side.
    func huLineSides(_ hu: HuLine, geometry: Bool) throws -> ZoneSet {
        let t = try data.layer("counties")
        let codes = t.strings("adcode")!
        let area = try unitAreas("counties")
        let pop = try rescaledCountyPopulation()
        let sides = hu.sidePolygons
        var eastArea = 0.0, westArea = 0.0, eastPop = 0.0, westPop = 0.0
        var cut = [String]()
        for (i, f) in t.features.enumerated() {
            guard let g = f.geometry else { continue }
            var east = 0, west = 0
            for k in 0..<g.xs.count { if hu.isEast(lon: g.xs[k], lat: g.ys[k]) { east += 1 } else { west += 1 } }
            let total = area[codes[i]] ?? 0
            var fraction: Double
            if west == 0 { fraction = 1 } else if east == 0 { fraction = 0 } else {
                let part = try GeometryOperations.intersection(g, sides.east)
                fraction = min(max(geodesic.area(part) / 1e6 / total, 0), 1)
                cut.append(codes[i])
            }
            eastArea += total * fraction; westArea += total * (1 - fraction)
            let p = pop[codes[i]] ?? 0
            eastPop += p * fraction; westPop += p * (1 - fraction)
        }
        var se = Zone(code: "southeast", name: "东南半壁", nameEn: "South-east of the Hu Line")
        var nw = Zone(code: "northwest", name: "西北半壁", nameEn: "North-west of the Hu Line")
        se.areaKm2 = eastArea; nw.areaKm2 = westArea
        se.population = Int64(eastPop.rounded()); nw.population = Int64(westPop.rounded())
        let note = "census 2020, county level, split by area in the \(cut.count) counties the line cuts; excludes HK, MO, TW"
        se.populationNote = note; nw.populationNote = note
        if geometry {
            let country = try data.layer("country").features.compactMap(\.geometry)
            let outline = try GeometryOperations.union(country)
            se.geometry = try GeometryOperations.intersection(outline, sides.east)
            nw.geometry = try GeometryOperations.intersection(outline, sides.west)
        }
        let line = hu.variant == .geodesic ? "a geodesic on the WGS84 ellipsoid" : "a straight line in the China Albers (25°/47°N, 105°E)"
        return ZoneSet(name: "huline", description: ZoneSetName.huline.summary, zones: [se, nw],
                       method: "Hu Line Heihe (127.49016E, 50.24413N) – Tengchong (98.51276E, 24.99492N) as \(line); counties cut by the line, area ellipsoidal; population: county census rescaled to prefecture totals, split by area")
    }
}
