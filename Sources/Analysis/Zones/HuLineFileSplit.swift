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
        let zones = file.set.zones, hu = split.line, west = hu.sidePolygons.west, g = geodesic
        var eastFraction = [Double](repeating: 0, count: zones.count)
        var failures = [String?](repeating: nil, count: zones.count)
        let bySize = zones.indices.sorted { (zones[$0].geometry!.vertexCount, $1) > (zones[$1].geometry!.vertexCount, $0) }
        eastFraction.withUnsafeMutableBufferPointer { f in
            failures.withUnsafeMutableBufferPointer { fail in
                Parallel.forEach(zones.count) { k in
                    let i = bySize[k], z = zones[i], geom = z.geometry!
                    if assign == .centroid {
                        let p = GeometryOperations.pointOnSurface(geom)
                        f[i] = p.map { hu.isEast(lon: $0.x, lat: $0.y) ? 1 : 0 } ?? 0
                        return
                    }
                    var east = 0, westCount = 0
                    for v in 0..<geom.xs.count { if hu.isEast(lon: geom.xs[v], lat: geom.ys[v]) { east += 1 } else { westCount += 1 } }
                    if westCount == 0 { f[i] = 1; return }
                    if east == 0 || z.areaKm2 <= 0 { f[i] = 0; return }
                    do {
                        let westArea = g.area(try GeometryOperations.intersection(geom, west)) / 1e6
                        f[i] = min(max(1 - westArea / z.areaKm2, 0), 1)
                    } catch { fail[i] = "\(error)" }
                }
            }
        }
        if let i = failures.firstIndex(where: { $0 != nil }) {
            throw HinterlandError("zone \(zones[i].code)", "cutting with the Hu Line: \(failures[i]!)")
        }
        if assign == .majority { eastFraction = eastFraction.map { $0 >= 0.5 ? 1 : 0 } }

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
}
