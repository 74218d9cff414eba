import GeoCore
import GeoIO
import Kernels

extension ZoneSetBuilder {
    /// Zones from any polygon layer GDAL reads, one zone per distinct value of `key`
    /// (features sharing a value are dissolved). Population: census counties assigned by
    /// their interior point (GEOS point-on-surface), rescaled to prefecture totals.
    ///
    /// Loaded once per builder and source; the slow steps run on all cores (validity, dissolve,
    /// areas), and GEOS's validity verdict is remembered per file version (`validityCache`).
    public func build(path: String, layer: String? = nil, key: String, nameField: String? = nil, geometry: Bool = false, strict: Bool = false) throws -> ZoneSet {
        var set = try polygonFile(path: path, layer: layer, key: key, nameField: nameField, strict: strict).set
        if !geometry { for i in set.zones.indices { set.zones[i].geometry = nil } }
        return set
    }

    /// The zone set of a polygon file (with geometry) and its point-in-polygon index, built once.
    public func polygonFile(path: String, layer: String?, key: String, nameField: String?, strict: Bool) throws -> PolygonFileZones {
        try polygonFileLater(path: path, layer: layer, key: key, nameField: nameField, strict: strict, background: false)()
    }

    /// The same, its polygons read, checked, dissolved and indexed on another thread while
    /// the caller goes on (that part touches nothing of the builder but the validity cache);
    /// calling the result finishes it here (census counties, HK, MO and TW) and caches it.
    public func polygonFileLater(path: String, layer: String?, key: String, nameField: String?, strict: Bool,
                                 background: Bool = true) -> () throws -> PolygonFileZones {
        let cacheKey = [path, layer ?? "", key, nameField ?? "", strict ? "strict" : ""].joined(separator: "\u{1}")
        if let z = polygonFiles[cacheKey] { return { z } }
        let (cache, g) = (validityCache, geodesic)
        let load = { try Self.loadPolygons(path: path, layer: layer, key: key, nameField: nameField, strict: strict, cache: cache, geodesic: g) }
        let pending = background ? Background(load) : nil
        return { [self] in
            if let z = polygonFiles[cacheKey] { return z }
            let z = try finishPolygonFile(try pending?.value() ?? load())
            polygonFiles[cacheKey] = z
            return z
        }
    }

    /// A polygon file's zones before census counties and HK, MO and TW are taken into account.
    struct LoadedPolygons {
        var path: String, layer: String?, key: String
        var zones: [Zone]
        var repairs: [String]
        var index: PolygonIndex
        var cacheKey: String?
        var clock: Stopwatch
    }

    private static func loadPolygons(path: String, layer: String?, key: String, nameField: String?, strict: Bool,
                                     cache validityCache: ValidityCache, geodesic: Geodesic) throws -> LoadedPolygons {
        var clock = Stopwatch("zones")
        let shown = DataSource.displayName(path)   // a connection's password never shows
        var t = try VectorReader.read(path: path, layer: layer)
        clock.lap("read \(t.features.count) features")
        guard let keyIndex = t.fieldIndex(key) else {
            throw HinterlandError("\(shown)", "no field '\(key)' naming the zones (fields: \(t.fields.map(\.name).joined(separator: ", ")))")
        }
        let nameIndex = try nameField.map { n -> Int in
            guard let i = t.fieldIndex(n) else { throw HinterlandError(shown, "no field '\(n)' for the zone names") }
            return i
        }
        guard t.geometryKind == .polygon else {
            throw HinterlandError(shown, "layer \(t.name) has no polygons (\(t.geometryKind?.rawValue ?? "no geometry")); zones must be polygons")
        }
        for (n, f) in t.features.enumerated() where f.geometry?.kind != .polygon {
            throw HinterlandError("\(shown) feature \(n + 1)", "has no polygon geometry")
        }
        // Longitude/latitude on WGS84 already (GeoPackage, most Shapefiles): no PROJ pass.
        if !CRSIdentity.isLonLatWGS84(t.crs) { t = try t.reprojected(to: .wgs84) }
        clock.lap("project")

        // Self-intersections, unclosed or mis-wound rings: repaired with GEOS make-valid. The
        // check and the geodesic areas are the slowest steps on full-resolution files, so they
        // are remembered per file version (per content for a database table).
        let versionKey: String? = ValidityCache.key(path: path, layer: layer) ?? ValidityCache.key(contentOf: t.features.map(\.geometry), layer: layer)
        let known = versionKey.flatMap { validityCache.facts(key: $0) }
            .flatMap { $0.areas.count == t.features.count && $0.invalid.allSatisfy({ $0 < t.features.count }) ? $0 : nil }
        // Largest first, so the pieces of work balance over the cores.
        let bySize = t.features.indices.sorted { (t.features[$0].geometry!.vertexCount, $1) > (t.features[$1].geometry!.vertexCount, $0) }
        var invalid: [Int]
        if let known { invalid = known.invalid } else {
            var bad = [Bool](repeating: false, count: t.features.count)
            let features = t.features
            bad.withUnsafeMutableBufferPointer { b in
                Parallel.forEach(features.count) { k in let i = bySize[k]; b[i] = !GeometryOperations.isValid(features[i].geometry!) }
            }
            invalid = bad.indices.filter { bad[$0] }
        }
        var repairs = [String]()
        for n in invalid {
            let k = t.features[n].values[keyIndex].description
            if strict { throw HinterlandError("\(shown) feature \(n + 1) (\(key) \(k))", "invalid polygon (not repaired in strict mode)") }
            guard let fixed = GeometryOperations.makeValidIfNeeded(t.features[n].geometry!) else { continue }
            repairs.append("\(shown) feature \(n + 1) (\(key) \(k)): invalid polygon repaired with GEOS make-valid")
            t.features[n].geometry = fixed
        }
        let g = geodesic
        var featureAreas: [Double]
        if let known { featureAreas = known.areas } else {
            featureAreas = [Double](repeating: 0, count: t.features.count)
            let features = t.features
            featureAreas.withUnsafeMutableBufferPointer { a in
                Parallel.forEach(features.count) { k in let i = bySize[k]; a[i] = g.area(features[i].geometry!) }
            }
            if let versionKey { validityCache.record(key: versionKey, ValidityCache.Facts(invalid: invalid, areas: featureAreas)) }
        }
        clock.lap("validity and areas (\(invalid.count) invalid\(known == nil ? "" : ", known"))")

        var order = [String](), groups = [String: [Int]](), names = [String: String]()
        for (i, f) in t.features.enumerated() {
            let k = f.values[keyIndex].description
            if groups[k] == nil { order.append(k); names[k] = nameIndex.map { f.values[$0].description } ?? k }
            groups[k, default: []].append(i)
        }
        // A zone of one feature takes its area; several are dissolved and measured, on all cores.
        var zones = order.map { Zone(code: $0, name: names[$0] ?? $0) }
        var failures = [String?](repeating: nil, count: zones.count)
        let features = t.features
        zones.withUnsafeMutableBufferPointer { zs in
            failures.withUnsafeMutableBufferPointer { fail in
                Parallel.forEach(zs.count) { i in
                    let parts = groups[zs[i].code]!
                    do {
                        if parts.count == 1 {
                            zs[i].geometry = features[parts[0]].geometry
                            zs[i].areaKm2 = featureAreas[parts[0]] / 1e6
                        } else {
                            let geom = try GeometryOperations.union(parts.map { features[$0].geometry! })
                            zs[i].geometry = geom
                            zs[i].areaKm2 = g.area(geom) / 1e6
                        }
                    } catch {
                        fail[i] = "\(error)"
                    }
                }
            }
        }
        if let i = failures.firstIndex(where: { $0 != nil }) {
            throw HinterlandError("\(shown) (\(key) \(zones[i].code))", failures[i]!)
        }
        clock.lap("dissolve and areas")
        let index = PolygonIndex(zones: zones.map { ($0.geometry!.xs, $0.geometry!.ys, $0.geometry!.partOffsets) })
        clock.lap("index")
        return LoadedPolygons(path: path, layer: layer, key: key, zones: zones, repairs: repairs, index: index,
                              cacheKey: versionKey.map { [$0, key, strict ? "strict" : ""].joined(separator: "\n") }, clock: clock)
    }

    private func finishPolygonFile(_ loaded: LoadedPolygons) throws -> PolygonFileZones {
        var clock = loaded.clock, zones = loaded.zones
        let (path, layer, key, index, g) = (loaded.path, loaded.layer, loaded.key, loaded.index, geodesic)
        let shown = DataSource.displayName(path)
        // HK, MO and TW: out of a zone's area as they are out of its population, unless counted.
        // Their overlaps are cut (GEOS) on another core while this one assigns the counties.
        let sarTW = accounting.includeSARTW ? [] : try data.layer("provinces").sarTWGeometries
        let zs = zones
        let pairs = zones.indices.flatMap { i in
            sarTW.indices.compactMap { s in sarTW[s].boundingBox.intersects(zs[i].geometry!.boundingBox) ? (i, s) : nil }
        }
        // Remembered per file version and zone key, and the embedded HK, MO and TW polygons
        // (nothing to remember where no zone comes near them).
        let cutsKey = pairs.isEmpty ? nil : loaded.cacheKey.map { "\($0)\nHK MO TW cut km2\n" + ValidityCache.key(contentOf: sarTW, layer: "sar_tw") }
        let known = cutsKey.flatMap { validityCache.facts(key: $0) }.flatMap { $0.areas.count == pairs.count ? $0.areas : nil }
        let cache = validityCache
        let cutting = Background { () throws -> [Double] in
            if let known { return known }
            var cuts = [Double](repeating: 0, count: pairs.count)
            for (k, (i, s)) in pairs.enumerated() {
                do { cuts[k] = g.area(try GeometryOperations.intersection(zs[i].geometry!, sarTW[s])) / 1e6 } catch {
                    throw HinterlandError("\(shown) (\(key) \(zs[i].code))", "\(error)")
                }
            }
            if let cutsKey { cache.record(key: cutsKey, ValidityCache.Facts(invalid: [], areas: cuts)) }
            return cuts
        }
        // Census counties by interior point, through the zones' index.
        let pop = try countyPopulation()
        var sums = [Double](repeating: 0, count: zones.count)
        for county in try countyPoints() {
            guard let p = pop[county.code], let pt = county.point else { continue }
            let j = index.zone(x: pt.x, y: pt.y)
            if j >= 0 { sums[Int(j)] += p }
        }
        var leftOut = [Bool](repeating: false, count: zones.count)
        let cuts = try cutting.value()
        for (k, (i, _)) in pairs.enumerated() where cuts[k] > 1e-6 { zones[i].areaKm2 -= cuts[k]; leftOut[i] = true }
        clock.lap("county population; HK, MO, TW")
        for i in zones.indices {
            zones[i].population = Int64(sums[i].rounded())
            zones[i].areaBasis = .admin
            zones[i].populationNote = "census 2020 counties by interior point" + (leftOut[i] ? "; excludes HK, MO, TW from area and population (no census 2020 figure)" : "")
        }
        var set = ZoneSet(name: DataSource.shortName(path, layer: layer), description: "zones of \(DataSource.displayName(path)) by \(key)", zones: zones,
                          method: "area: ellipsoidal (WGS84 geodesic) of the file's polygons, not clipped to the shoreline; population: census 2020 counties assigned by interior point (crosswalk summing to prefecture totals); " + accounting.note)
        set.repairs = loaded.repairs
        return PolygonFileZones(set: set, index: index, cacheKey: loaded.cacheKey)
    }
}

extension FeatureTable {
    /// The polygons of HK, MO and TW in an embedded layer keyed by adcode.
    var sarTWGeometries: [Geometry] {
        zip(strings("adcode")!, features).compactMap { ZoneAccounting.isSARTW($0) ? $1.geometry : nil }
    }
}

/// A polygon file's zone set (with geometry) and the point-in-polygon index over its zones.
public struct PolygonFileZones {
    public let set: ZoneSet
    public let index: PolygonIndex
    /// The `ValidityCache` key of the zones' geometry (file version, key and repairs), for
    /// facts derived from it; nil when the source cannot be keyed.
    public var cacheKey: String? = nil
}

import Foundation
