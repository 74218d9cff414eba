import GeoCore
import GeoIO
import Kernels

extension ZoneSetBuilder {
    /// Each zone of a polygon file split by the Hu Line, the zone itself being the unit. Under
    /// `cut` its polygon is cut with the line (GEOS, only the zones the line crosses, largest
    /// first on all cores) and the census counties it holds (by interior point, as the file's
    /// populations are summed) are split as the line splits them; under `centroid` the whole
    /// zone goes to the side of its interior point, under `majority` to the side holding most
    /// of its area. Areas are those of the file's polygons (HK, MO and TW out unless counted;
    /// all three lie south-east, so the cut measures the north-west part).
    public func huLineZoneSplit(_ split: HuLineSplit, file: PolygonFileZones, assign: HuLineAssign) throws -> HuLineZoneSplit {
        let zones = file.set.zones, hu = split.line
        var eastFraction = [Double](repeating: 0, count: zones.count)
        if assign == .centroid {
            eastFraction.withUnsafeMutableBufferPointer { f in
                Parallel.forEach(zones.count) { i in
                    f[i] = GeometryOperations.pointOnSurface(zones[i].geometry!).map { hu.isEast(lon: $0.x, lat: $0.y) ? 1 : 0 } ?? 0
                }
            }
        } else {
            let west = try westAreas(file, line: hu)
            for (i, z) in zones.enumerated() {
                // HK, MO and TW lie south-east: out of the area, they are out of its south-east part.
                eastFraction[i] = west[i] < 0 ? (west[i] == Self.wholeEast ? 1 : 0) : z.areaKm2 > 0 ? min(max(1 - west[i] / z.areaKm2, 0), 1) : 0
            }
            if assign == .majority { eastFraction = eastFraction.map { $0 >= 0.5 ? 1 : 0 } }
        }

        var z = HuLineZoneSplit(zoneCount: zones.count)
        for i in zones.indices { z.areaKm2[i] = zones[i].areaKm2; z.eastAreaKm2[i] = zones[i].areaKm2 * eastFraction[i] }
        var countyIndex = [String: Int]()
        for (i, c) in split.countyCodes.enumerated() { countyIndex[c] = i }
        for county in try countyPoints() {
            guard let c = countyIndex[county.code], let pt = county.point else { continue }
            let j = Int(file.index.zone(x: pt.x, y: pt.y))
            guard j >= 0 else { continue }
            let p = split.population[c]
            z.population[j] += p
            z.eastPopulation[j] += p * (assign == .cut ? split.eastFraction[c] : eastFraction[j])
        }
        return z
    }

    static let wholeEast = -1.0, wholeWest = -2.0

    /// The cache key of the cut: the zones' own key and the line's vertices.
    static func westAreasKey(_ file: PolygonFileZones, line hu: HuLine) -> String? {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in hu.extendedLons + hu.extendedLats { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01b3; h ^= h >> 29 }
        return file.cacheKey.map { "\($0)\nhuline north-west km2 \(String(h, radix: 16))" }
    }

    /// Each zone's area north-west of the line in km², or `wholeEast` / `wholeWest` for a zone
    /// all of whose vertices lie on one side. Only the zones the line crosses are cut (GEOS),
    /// largest first on all cores; the areas are remembered with the zones' validity facts,
    /// per file version and line, as cutting full-resolution polygons is the slow step.
    func westAreas(_ file: PolygonFileZones, line hu: HuLine) throws -> [Double] {
        let zones = file.set.zones, cacheKey = Self.westAreasKey(file, line: hu)
        if let cacheKey, let known = validityCache.facts(key: cacheKey), known.areas.count == zones.count { return known.areas }
        let west = hu.sidePolygons.west, g = geodesic
        var out = [Double](repeating: 0, count: zones.count)
        var failures = [String?](repeating: nil, count: zones.count)
        let bySize = zones.indices.sorted { (zones[$0].geometry!.vertexCount, $1) > (zones[$1].geometry!.vertexCount, $0) }
        out.withUnsafeMutableBufferPointer { o in
            failures.withUnsafeMutableBufferPointer { fail in
                Parallel.forEach(zones.count) { k in
                    let i = bySize[k], geom = zones[i].geometry!
                    var east = 0, westCount = 0
                    for v in 0..<geom.xs.count { if hu.isEast(lon: geom.xs[v], lat: geom.ys[v]) { east += 1 } else { westCount += 1 } }
                    if westCount == 0 { o[i] = Self.wholeEast; return }
                    if east == 0 { o[i] = Self.wholeWest; return }
                    do { o[i] = g.area(try GeometryOperations.intersection(geom, west)) / 1e6 } catch { fail[i] = "\(error)" }
                }
            }
        }
        if let i = failures.firstIndex(where: { $0 != nil }) {
            throw HinterlandError("zone \(zones[i].code)", "cutting with the Hu Line: \(failures[i]!)")
        }
        if let cacheKey { validityCache.record(key: cacheKey, ValidityCache.Facts(invalid: [], areas: out)) }
        return out
    }
}
