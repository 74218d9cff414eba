import GeoCore
import GeoIO

extension ZoneSetBuilder {
    /// Zones from any polygon layer GDAL reads, one zone per distinct value of `key`
    /// (features sharing a value are dissolved). Population: census counties assigned by
    /// their interior point (GEOS point-on-surface), rescaled to prefecture totals.
    public func build(path: String, layer: String? = nil, key: String, nameField: String? = nil, geometry: Bool = false, strict: Bool = false) throws -> ZoneSet {
        var t = try VectorReader.read(path: path, layer: layer)
        guard let keyIndex = t.fieldIndex(key) else {
            throw HinterlandError("\(path)", "no field '\(key)' naming the zones (fields: \(t.fields.map(\.name).joined(separator: ", ")))")
        }
        let nameIndex = try nameField.map { n -> Int in
            guard let i = t.fieldIndex(n) else { throw HinterlandError(path, "no field '\(n)' for the zone names") }
            return i
        }
        guard t.geometryKind == .polygon else {
            throw HinterlandError(path, "layer \(t.name) has no polygons (\(t.geometryKind?.rawValue ?? "no geometry")); zones must be polygons")
        }
        t = try t.reprojected(to: .wgs84)
        var order = [String](), groups = [String: [Geometry]](), names = [String: String]()
        var repairs = [String]()
        for (n, f) in t.features.enumerated() {
            let k = f.values[keyIndex].description
            guard var g = f.geometry, g.kind == .polygon else {
                throw HinterlandError("\(path) feature \(n + 1)", "has no polygon geometry")
            }
            // Self-intersections, unclosed or mis-wound rings: repaired with GEOS make-valid.
            if let fixed = GeometryOperations.makeValidIfNeeded(g) {
                if strict { throw HinterlandError("\(path) feature \(n + 1) (\(key) \(k))", "invalid polygon (not repaired in strict mode)") }
                repairs.append("\(path) feature \(n + 1) (\(key) \(k)): invalid polygon repaired with GEOS make-valid")
                g = fixed
            }
            if groups[k] == nil { order.append(k); names[k] = nameIndex.map { f.values[$0].description } ?? k }
            groups[k, default: []].append(g)
        }
        var zones = [Zone]()
        for k in order {
            var z = Zone(code: k, name: names[k] ?? k)
            let parts = groups[k]!
            z.geometry = parts.count == 1 ? parts[0] : try GeometryOperations.union(parts)
            z.areaKm2 = geodesic.area(z.geometry!) / 1e6
            zones.append(z)
        }
        // Census counties by interior point.
        let pop = try countyPopulation()
        var sums = [Double](repeating: 0, count: zones.count)
        let boxes = zones.map { $0.geometry!.boundingBox }
        for county in try countyPoints() {
            guard let p = pop[county.code], let pt = county.point else { continue }
            if let j = zones.indices.first(where: { boxes[$0].contains(x: pt.x, y: pt.y) && zones[$0].geometry!.contains(x: pt.x, y: pt.y) }) {
                sums[j] += p
            }
        }
        // HK, MO and TW: out of a zone's area as they are out of its population, unless counted.
        var leftOut = [Bool](repeating: false, count: zones.count)
        if !accounting.includeSARTW {
            let prov = try data.layer("provinces")
            let sarTW = zip(prov.strings("adcode")!, prov.features).compactMap { ZoneAccounting.isSARTW($0) ? $1.geometry : nil }
            for i in zones.indices {
                for s in sarTW where s.boundingBox.intersects(boxes[i]) {
                    let cut = geodesic.area(try GeometryOperations.intersection(zones[i].geometry!, s)) / 1e6
                    if cut > 1e-6 { zones[i].areaKm2 -= cut; leftOut[i] = true }
                }
            }
        }
        for i in zones.indices {
            zones[i].population = Int64(sums[i].rounded())
            zones[i].areaBasis = .admin
            zones[i].populationNote = "census 2020 counties by interior point" + (leftOut[i] ? "; excludes HK, MO, TW from area and population (no census 2020 figure)" : "")
            if !geometry { zones[i].geometry = nil }
        }
        var set = ZoneSet(name: (path as NSString).lastPathComponent, description: "zones of \(path) by \(key)", zones: zones,
                          method: "area: ellipsoidal (WGS84 geodesic) of the file's polygons, not clipped to the shoreline; population: census 2020 counties assigned by interior point (crosswalk summing to prefecture totals); " + accounting.note)
        set.repairs = repairs
        return set
    }
}

import Foundation
