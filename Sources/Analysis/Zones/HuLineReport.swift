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
    var zoneHeader = ""
    public var method: String

    public init(split: HuLineSplit, assign: HuLineAssign, level: HuLineLevel = .prefecture, accounting: ZoneAccounting) {
        let east = split.eastShares(assign, level: level)
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
    public mutating func addZones(_ set: ZoneSet, _ split: HuLineZoneSplit) {
        zoneRows = set.zones.indices.map { k in
            let area = split.areaKm2[k], eastArea = split.eastAreaKm2[k]
            let frac = area > 0 ? eastArea / area : 0
            let crossed = frac > 1e-9 && frac < 1 - 1e-9
            return [set.zones[k].code, set.zones[k].name, String(format: "%.1f", area), String(format: "%.1f", eastArea),
                    String(format: "%.6f", frac), crossed ? "yes" : "no", String(format: "%.0f", split.population[k]), String(format: "%.0f", split.eastPopulation[k])]
        }
        zoneHeader = "zone,name,area_km2,southeast_area_km2,southeast_fraction,crossed,population_2020,southeast_population"
    }

    /// Adds each zone's points (and weights) and those south-east of the line, each point on
    /// the side it lies whatever the rule for units (as the `points` measure counts them).
    public mutating func addZonePoints(_ points: PointSet, zoneOfPoint: [Int32], line: HuLine) {
        let n = zoneRows.count
        var count = [Double](repeating: 0, count: n), east = count, weight = count, eastWeight = count
        for i in 0..<points.count {
            let z = Int(zoneOfPoint[i])
            guard z >= 0 && z < n else { continue }
            let w = points.weights?[i] ?? 1
            count[z] += 1; weight[z] += w
            if line.isEast(lon: points.xs[i], lat: points.ys[i]) { east[z] += 1; eastWeight[z] += w }
        }
        for k in 0..<n { zoneRows[k] += [String(format: "%.0f", count[k]), String(format: "%.0f", east[k])] }
        zoneHeader += ",points,southeast_points"
        if points.weights != nil {
            for k in 0..<n { zoneRows[k] += [String(format: "%.4f", weight[k]), String(format: "%.4f", eastWeight[k])] }
            zoneHeader += ",points_weight,southeast_points_weight"
        }
    }

    /// Adds each zone's raster sum and its part south-east of the line.
    public mutating func addZoneRaster(name: String, total: [Double], southeast: [Double]) {
        for k in zoneRows.indices { zoneRows[k] += [String(format: "%.4f", total[k]), String(format: "%.4f", southeast[k])] }
        zoneHeader += ",\(name)_sum,southeast_\(name)_sum"
    }

    public func csv() -> String {
        var s = "measure,southeast,northwest,southeast_share\n"
        for m in measures {
            s += "\(m.name),\(String(format: "%.4f", m.southeast)),\(String(format: "%.4f", m.northwest)),\(String(format: "%.6f", m.share))\n"
        }
        if !zoneRows.isEmpty {
            s += "\n" + zoneHeader + "\n"
            for r in zoneRows { s += r.enumerated().map { $0.offset < 2 ? CSVField.text($0.element) : CSVField.escape($0.element) }.joined(separator: ",") + "\n" }
        }
        return s
    }
}
