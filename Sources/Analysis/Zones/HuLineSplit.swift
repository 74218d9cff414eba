import GeoCore
import GeoIO

/// How a unit is put on a side of the Hu Line.
public enum HuLineAssign: String, CaseIterable, Sendable {
    /// Counties the line cuts are split by area, their population with it.
    case cut
    /// Whole counties to the side of their interior point.
    case centroid
    /// Whole units (counties or prefectures) to the side holding most of their land: the
    /// "quasi-line" of the literature at any level.
    case majority
}

/// The level whole units are assigned at under `HuLineAssign.majority`.
public enum HuLineLevel: String, CaseIterable, Sendable {
    case county, prefecture
}

/// How the Hu Line divides each county: the area east of the line (the line cuts ~80
/// counties; GEOS intersects those, the rest lie wholly on one side), the side of its
/// interior point (for the whole-unit "quasi-line" variant of the literature), and its
/// census population (the crosswalk's, summing to prefecture totals). Areas are land areas
/// or administrative areas as the builder measures; HK, MO and TW count only when the
/// builder includes them.
public struct HuLineSplit: Sendable {
    public let line: HuLine
    public let countyCodes: [String]
    public let prefectureCodes: [String]
    public let areaKm2: [Double]
    public let eastFraction: [Double]
    public let interiorEast: [Bool]
    public let population: [Double]
    public let cutCount: Int

    /// The east share of every county under a rule: by area, 0/1 by its interior point, or
    /// 0/1 by where most of the land of its county or prefecture lies.
    public func eastShares(_ rule: HuLineAssign, level: HuLineLevel = .prefecture) -> [Double] {
        switch rule {
        case .cut: return eastFraction
        case .centroid: return interiorEast.map { $0 ? 1 : 0 }
        case .majority:
            guard level == .prefecture else { return eastFraction.map { $0 >= 0.5 ? 1 : 0 } }
            var area = [String: Double](), east = [String: Double]()
            for i in countyCodes.indices {
                area[prefectureCodes[i], default: 0] += areaKm2[i]
                east[prefectureCodes[i], default: 0] += areaKm2[i] * eastFraction[i]
            }
            return prefectureCodes.map { p in (area[p] ?? 0) > 0 && east[p]! / area[p]! >= 0.5 ? 1 : 0 }
        }
    }

    public func describe(_ rule: HuLineAssign, level: HuLineLevel) -> String {
        switch rule {
        case .cut: return "counties cut by the line (\(cutCount) cut), population split by area"
        case .centroid: return "whole counties by interior point (quasi-line)"
        case .majority: return "whole \(level == .prefecture ? "prefectures" : "counties") to the side holding most of their area (quasi-line)"
        }
    }
}

/// Each zone's area and population, and the parts of them south-east of the Hu Line.
public struct HuLineZoneSplit: Sendable {
    public var areaKm2: [Double]
    public var eastAreaKm2: [Double]
    public var population: [Double]
    public var eastPopulation: [Double]

    public init(zoneCount n: Int) {
        areaKm2 = Array(repeating: 0, count: n); eastAreaKm2 = areaKm2; population = areaKm2; eastPopulation = areaKm2
    }
}

extension ZoneSetBuilder {
    public func huLineSplit(_ hu: HuLine) throws -> HuLineSplit {
        let t = try data.layer("counties")
        let codes = t.strings("adcode")!, prefs = t.strings("prefecture_adcode")!
        let area = try unitAreas("counties"), measured = try measuredAreas("counties")
        let pop = try countyPopulation()
        let sides = hu.sidePolygons
        let interiorPoints = try interiorPoints("counties")
        var fractions = [Double](), interior = [Bool](), areas = [Double](), pops = [Double]()
        var cut = 0
        for (i, f) in t.features.enumerated() {
            let total = area[codes[i]] ?? 0
            let counted = accounting.counts(codes[i])
            areas.append(counted ? measured[codes[i]] ?? total : 0)
            pops.append(counted ? pop[codes[i]] ?? 0 : 0)
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
        return HuLineSplit(line: hu, countyCodes: codes, prefectureCodes: prefs, areaKm2: areas, eastFraction: fractions, interiorEast: interior,
                           population: pops, cutCount: cut)
    }

    /// Each zone of a named set split through its counties: the counties' areas and
    /// populations, each on the side(s) the rule puts it.
    public func huLineZoneSplit(_ split: HuLineSplit, set: ZoneSet, name: ZoneSetName, assign: HuLineAssign, level: HuLineLevel) throws -> HuLineZoneSplit {
        let countyZone = try countyZones(set, name: name)
        let east = split.eastShares(assign, level: level)
        var z = HuLineZoneSplit(zoneCount: set.zones.count)
        for i in split.countyCodes.indices {
            let k = Int(countyZone[i])
            guard k >= 0 else { continue }
            z.areaKm2[k] += split.areaKm2[i]; z.eastAreaKm2[k] += split.areaKm2[i] * east[i]
            z.population[k] += split.population[i]; z.eastPopulation[k] += split.population[i] * east[i]
        }
        return z
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
