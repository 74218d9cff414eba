import Foundation
import GeoCore
import GeoIO
import Kernels

/// The Hu Line's split of area, population, points and raster sums, and per-zone splits:
/// the table behind `hinterland huline`.
public struct HuLineReport: Sendable {
    public struct Measure: Sendable {
        public var name: String
        public var southeast: Double
        public var northwest: Double
        public var share: Double { southeast + northwest > 0 ? southeast / (southeast + northwest) : .nan }
    }

    public var measures: [Measure] = []
    public var zoneRows: [[String]] = []
    public var method: String

    /// The east share of each county under the report's rule.
    let east: [Double]

    public init(split: HuLineSplit, assign: HuLineAssign, level: HuLineLevel = .prefecture, accounting: ZoneAccounting) {
        east = split.eastShares(assign, level: level)
        var ea = 0.0, wa = 0.0, ep = 0.0, wp = 0.0
        for i in split.countyCodes.indices {
            let f = east[i]
            ea += split.areaKm2[i] * f; wa += split.areaKm2[i] * (1 - f)
            ep += split.population[i] * f; wp += split.population[i] * (1 - f)
        }
        measures = [Measure(name: "area_km2", southeast: ea, northwest: wa),
                    Measure(name: "population_2020", southeast: ep, northwest: wp)]
        method = "Hu Line \(split.line.describe); \(split.describe(assign, level: level)); areas ellipsoidal, \(accounting.area == .land ? "land" : "administrative polygons"); population: 7th census, county crosswalk summing to prefecture totals; " + accounting.note
    }

    /// Adds a point layer: each point inside China on the side of the line it lies.
    public mutating func addPoints(_ points: PointSet, insideChina: [Bool], line: HuLine) {
        var ec = 0.0, wc = 0.0, ew = 0.0, ww = 0.0
        for i in 0..<points.count where insideChina[i] {
            let w = points.weights?[i] ?? 1
            if line.isEast(lon: points.xs[i], lat: points.ys[i]) { ec += 1; ew += w } else { wc += 1; ww += w }
        }
        measures.append(Measure(name: "points", southeast: ec, northwest: wc))
        if points.weights != nil { measures.append(Measure(name: "points_weight", southeast: ew, northwest: ww)) }
    }

    public mutating func addRaster(name: String, southeast: ZonalStatistics, northwest: ZonalStatistics) {
        measures.append(Measure(name: "\(name)_sum", southeast: southeast.sum, northwest: northwest.sum))
    }

    /// Per-zone split (which zones the line crosses, and how much of each lies south-east).
    public mutating func addZones(_ set: ZoneSet, countyZone: [Int32], split: HuLineSplit) {
        var area = [Double](repeating: 0, count: set.zones.count), eastArea = area, pop = area, eastPop = area
        for i in split.countyCodes.indices {
            let z = Int(countyZone[i])
            guard z >= 0 else { continue }
            let f = east[i]
            area[z] += split.areaKm2[i]; eastArea[z] += split.areaKm2[i] * f
            pop[z] += split.population[i]; eastPop[z] += split.population[i] * f
        }
        zoneRows = set.zones.indices.map { k in
            let frac = area[k] > 0 ? eastArea[k] / area[k] : 0
            let crossed = frac > 1e-9 && frac < 1 - 1e-9
            return [set.zones[k].code, set.zones[k].name, String(format: "%.1f", area[k]), String(format: "%.1f", eastArea[k]),
                    String(format: "%.6f", frac), crossed ? "yes" : "no", String(format: "%.0f", pop[k]), String(format: "%.0f", eastPop[k])]
        }
    }

    public func csv() -> String {
        var s = "measure,southeast,northwest,southeast_share\n"
        for m in measures {
            s += "\(m.name),\(String(format: "%.4f", m.southeast)),\(String(format: "%.4f", m.northwest)),\(String(format: "%.6f", m.share))\n"
        }
        if !zoneRows.isEmpty {
            s += "\nzone,name,area_km2,southeast_area_km2,southeast_fraction,crossed,population_2020,southeast_population\n"
            for r in zoneRows { s += r.enumerated().map { $0.offset < 2 ? CSVField.text($0.element) : CSVField.escape($0.element) }.joined(separator: ",") + "\n" }
        }
        return s
    }
}
