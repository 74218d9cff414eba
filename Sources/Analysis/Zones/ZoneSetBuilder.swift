import Foundation
import GeoCore
import GeoIO
import Kernels

/// Builds zone sets from the embedded data: base units straight from the layers, composite
/// sets (regions, clusters) by summing and dissolving member units, the Hu Line sides by
/// cutting counties with the line, and user polygon files by a key field.
///
/// Areas are ellipsoidal (geodesic on WGS84, Karney's algorithm) in km². Composite areas
/// are sums of member areas, which is exact because the members form a coverage.
public final class ZoneSetBuilder {
    public let data: EmbeddedData
    public let population: Population
    let geodesic = Geodesic()
    private var areas: [String: [String: Double]] = [:]
    private var built: [String: ZoneSet] = [:]
    private var assignments: [UnitAssignment.Level: UnitAssignment] = [:]
    private var interiors: [String: [(x: Double, y: Double)?]] = [:]

    public init(data: EmbeddedData) throws {
        self.data = data
        population = try Population(data: data)
    }

    /// unit_areas.csv: layer, adcode, area_km2 (geodesic, full double precision) for the three unit layers.
    public func unitAreasCSV() throws -> String {
        var s = "layer,adcode,area_km2,source\n"
        for layer in ["provinces", "prefectures", "counties"] {
            let a = try computeUnitAreas(layer)
            for code in a.keys.sorted() {
                s += "\(layer),\(code),\(String(format: "%.17g", a[code]!)),hinterland areas: geodesic on the WGS84 ellipsoid\n"
            }
        }
        return s
    }

    /// A named zone set; built once per builder (with geometry when first asked with it).
    /// `level` applies to northsouth and thirdfront, `membership` to cluster.
    public func build(_ name: ZoneSetName, geometry: Bool = false, huLine: HuLine.Variant = .geodesic,
                      level: RegionLevel = .prefecture, membership: Membership = .plan) throws -> ZoneSet {
        try build(name, geometry: geometry, variant: ZoneSetVariant(huLine: huLine, level: level, membership: membership))
    }

    /// A named zone set in one variant; built once per builder and variant.
    public func build(_ name: ZoneSetName, geometry: Bool = false, variant: ZoneSetVariant) throws -> ZoneSet {
        let key = "\(name.rawValue)|\(variant.huLine.rawValue)|\(variant.level.rawValue)|\(variant.membership.rawValue)"
        if let b = built[key], !geometry || b.zones.allSatisfy({ $0.geometry != nil }) { return b }
        let set = try buildUncached(name, geometry: geometry, variant: variant)
        built[key] = set
        return set
    }

    /// A point inside each feature of an embedded layer (GEOS point-on-surface), in feature
    /// order; computed once per builder, on all cores.
    public func interiorPoints(_ layer: String) throws -> [(x: Double, y: Double)?] {
        if let p = interiors[layer] { return p }
        let t = try data.layer(layer)
        var out = [(x: Double, y: Double)?](repeating: nil, count: t.features.count)
        out.withUnsafeMutableBufferPointer { o in
            Parallel.forEach(t.features.count) { i in o[i] = t.features[i].geometry.flatMap(GeometryOperations.pointOnSurface) }
        }
        interiors[layer] = out
        return out
    }

    /// The point-in-polygon index over a level's units, built once per builder.
    public func assignment(_ level: UnitAssignment.Level) throws -> UnitAssignment {
        if let a = assignments[level] { return a }
        let a = try UnitAssignment(data: data, level: level)
        assignments[level] = a
        return a
    }

    func buildUncached(_ name: ZoneSetName, geometry: Bool, variant: ZoneSetVariant) throws -> ZoneSet {
        switch name {
        case .province: return try base(layer: "provinces", name: name, table: population.provinces, geometry: geometry)
        case .prefecture: return try base(layer: "prefectures", name: name, table: population.prefectures, geometry: geometry)
        case .county: return try base(layer: "counties", name: name, table: try population.counties(), geometry: geometry)
        case .region4, .region7: return try regions(name, geometry: geometry)
        case .northsouth, .thirdfront:
            return variant.level == .province ? try regions(name, geometry: geometry) : try prefectureRegions(name, geometry: geometry)
        case .yangtze_belt, .yellow_river: return try belt(name, geometry: geometry)
        case .cluster: return variant.membership == .plan ? try planClusters(geometry: geometry) : try clusters(geometry: geometry)
        case .huline: return try huLineSides(try HuLine(variant: variant.huLine), geometry: geometry)
        }
    }

    /// Geodesic area in km² of every feature of an embedded layer, by adcode: from the
    /// precomputed GeoData/tables/unit_areas.csv (written by `hinterland areas`, checked
    /// against a fresh computation by the tests), else computed now.
    func unitAreas(_ layer: String) throws -> [String: Double] {
        if let a = areas[layer] { return a }
        if let cached = try? data.table("unit_areas") {
            var out = [String: Double]()
            for r in cached.rows where r[0] == layer { out[r[1]] = Double(r[2]) }
            if !out.isEmpty { areas[layer] = out; return out }
        }
        return try computeUnitAreas(layer)
    }

    /// The same areas computed from the polygons (what unit_areas.csv caches).
    public func computeUnitAreas(_ layer: String) throws -> [String: Double] {
        let t = try data.layer(layer)
        let codes = t.strings("adcode")!
        // Geodesic areas are independent per feature: both cores, same sums.
        var each = [Double](repeating: 0, count: t.features.count)
        let g = geodesic
        each.withUnsafeMutableBufferPointer { e in
            Parallel.forEach(t.features.count) { i in e[i] = t.features[i].geometry.map { g.area($0) / 1e6 } ?? 0 }
        }
        var out = [String: Double]()
        for (i, a) in each.enumerated() { out[codes[i], default: 0] += a }
        return out
    }

    private func base(layer: String, name: ZoneSetName, table: [String: Population.Entry], geometry: Bool) throws -> ZoneSet {
        let t = try data.layer(layer)
        let area = try unitAreas(layer)
        let codes = t.strings("adcode")!, zh = t.strings("name_zh")!, en = t.strings("name_en")!
        var zones = [Zone]()
        for (i, f) in t.features.enumerated() {
            var z = Zone(code: codes[i], name: zh[i], nameEn: en[i])
            z.areaKm2 = area[codes[i]] ?? 0
            if let p = table[codes[i]] {
                z.population = p.population
                z.populationNote = p.isCensus ? "census 2020" : "end-2020 government figure, not census"
            } else {
                z.populationNote = "no census row for this unit"
            }
            if geometry { z.geometry = f.geometry }
            zones.append(z)
        }
        var method = "area: ellipsoidal (WGS84 geodesic) of the simplified cnmaps polygons; population: 7th census 2020 resident population"
        if name == .county {
            let covered = zones.compactMap { $0.population }.reduce(0, +) - (try population.counties()["710000"]?.population ?? 0)
            method += String(format: "; county rows with a polygon cover %.2f%% of the mainland census total (%d rows without polygon: development zones and management areas)",
                             100 * Double(covered) / Double(population.mainlandTotal), try population.countyRowsWithoutPolygon())
        }
        return ZoneSet(name: name.rawValue, description: name.summary, zones: zones, method: method)
    }

    /// Sums member units into zones; members keep their order of first appearance.
    func composite(name: String, description: String, memberLayer: String, memberLevel: String,
                   groups: [(code: String, name: String, nameEn: String, members: [String])],
                   memberPopulation: [String: Population.Entry], geometry: Bool, method: String) throws -> ZoneSet {
        let area = try unitAreas(memberLayer)
        var geoms = [String: Geometry]()
        if geometry {
            let t = try data.layer(memberLayer)
            for (code, f) in zip(t.strings("adcode")!, t.features) { geoms[code] = f.geometry }
        }
        var zones = [Zone]()
        for g in groups {
            var z = Zone(code: g.code, name: g.name, nameEn: g.nameEn)
            z.members = g.members
            z.areaKm2 = g.members.reduce(0) { $0 + (area[$1] ?? 0) }
            let census = g.members.compactMap { memberPopulation[$0] }.filter(\.isCensus)
            z.population = census.isEmpty ? nil : census.reduce(0) { $0 + $1.population }
            let excluded = g.members.filter { memberPopulation[$0].map { !$0.isCensus } ?? true }
            z.populationNote = excluded.isEmpty ? "census 2020" : "census 2020; excludes \(excluded.joined(separator: " ")) (no census figure)"
            // Members come from one coverage: dissolve by cancelling shared edges (no overlay).
            if geometry { z.geometry = CoverageDissolve.union(g.members.compactMap { geoms[$0] }) }
            zones.append(z)
        }
        return ZoneSet(name: name, description: description, memberLevel: memberLevel, zones: zones, method: method)
    }
}
