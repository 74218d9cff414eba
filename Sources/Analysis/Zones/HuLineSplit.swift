import GeoCore
import GeoIO

/// How the Hu Line divides each county: the area east of the line (the line cuts ~80
/// counties; GEOS intersects those, the rest lie wholly on one side), the side of its
/// interior point (for the whole-unit "quasi-line" variant of the literature), and its
/// census population rescaled to prefecture totals.
public struct HuLineSplit: Sendable {
    public let line: HuLine
    public let countyCodes: [String]
    public let areaKm2: [Double]
    public let eastFraction: [Double]
    public let interiorEast: [Bool]
    public let population: [Double]
    public let cutCount: Int

    /// The east share of county i: by area, or 0/1 by its interior point.
    public func east(_ i: Int, byCentroid: Bool) -> Double {
        byCentroid ? (interiorEast[i] ? 1 : 0) : eastFraction[i]
    }
}

extension ZoneSetBuilder {
    public func huLineSplit(_ hu: HuLine) throws -> HuLineSplit {
        let t = try data.layer("counties")
        let codes = t.strings("adcode")!
        let area = try unitAreas("counties")
        let pop = try rescaledCountyPopulation()
        let sides = hu.sidePolygons
        let interiorPoints = try interiorPoints("counties")
        var fractions = [Double](), interior = [Bool](), areas = [Double](), pops = [Double]()
        var cut = 0
        for (i, f) in t.features.enumerated() {
            let total = area[codes[i]] ?? 0
            areas.append(total); pops.append(pop[codes[i]] ?? 0)
            guard let g = f.geometry else { fractions.append(0); interior.append(false); continue }
            var east = 0, west = 0
            for k in 0..<g.xs.count { if hu.isEast(lon: g.xs[k], lat: g.ys[k]) { east += 1 } else { west += 1 } }
            if west == 0 { fractions.append(1) } else if east == 0 { fractions.append(0) } else {
                let part = try GeometryOperations.intersection(g, sides.east)
                fractions.append(min(max(geodesic.area(part) / 1e6 / total, 0), 1))
                cut += 1
            }
            let p = interiorPoints[i]
            interior.append(p.map { hu.isEast(lon: $0.x, lat: $0.y) } ?? (fractions.last! >= 0.5))
        }
        return HuLineSplit(line: hu, countyCodes: codes, areaKm2: areas, eastFraction: fractions, interiorEast: interior,
                           population: pops, cutCount: cut)
    }

    /// The zone of each county for a named set (-1 where none).
    public func countyZones(_ set: ZoneSet, name: ZoneSetName) throws -> [Int32] {
        let t = try data.layer("counties")
        let byCode = set.zoneOfUnitCode
        let key: [String]
        switch UnitAssignment.level(for: name) {
        case .county: key = t.strings("adcode")!
        case .prefecture: key = t.strings("prefecture_adcode")!
        case .province: key = t.strings("province_adcode")!
        }
        return key.map { byCode[$0] ?? -1 }
    }
}
