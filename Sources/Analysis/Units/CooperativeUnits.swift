import Foundation
import GeoCore
import GeoIO

/// Strategic hub + strategic hinterland units (seed 000, Figure 6), built from prefectures:
/// each unit's hub part and hinterland part, their areas, populations and point counts, so
/// the paper's checks ("hub strong in emerging industry, hinterland in basic industry") can
/// be made for any point layers.
public struct CooperativeUnits: Sendable {
    public struct Part: Sendable {
        public var unit: String
        public var unitName: String
        public var role: String          // "hub" or "hinterland"
        public var prefectures: [String]
        public var areaKm2 = 0.0
        public var population = 0.0
        public var geometry: Geometry?
        public var points: [Double] = []
    }

    public var parts: [Part]
    public var notes: [String] = []

    public init(config: UnitConfig, configPath: String, builder: ZoneSetBuilder, geometry: Bool) throws {
        let data = builder.data
        let pref = try data.layer("prefectures")
        let codes = pref.strings("adcode")!, provOf = pref.strings("province_adcode")!
        let known = Set(codes)
        var clusterMembers = [String: [String]]()
        for r in try data.table("urban_clusters").records where r["primary"] == "1" {
            let name = r["cluster"]!
            clusterMembers[name, default: []].append(r["member_adcode"]!)
            if let code = ZoneSetBuilder.clusterCodes[name]?.code { clusterMembers[code, default: []].append(r["member_adcode"]!) }
        }
        func members(_ p: UnitConfig.Part, _ path: String) throws -> [String] {
            var out = [String]()
            for (i, c) in (p.clusters ?? []).enumerated() {
                guard let m = clusterMembers[c] else {
                    throw HinterlandError(configPath, "\(path).clusters[\(i)]: unknown cluster '\(c)' (use the names or codes of the cluster zone set)")
                }
                out += m
            }
            for (i, c) in (p.provinces ?? []).enumerated() {
                let m = codes.indices.filter { provOf[$0] == c }.map { codes[$0] }
                guard !m.isEmpty else { throw HinterlandError(configPath, "\(path).provinces[\(i)]: unknown province adcode '\(c)'") }
                out += m
            }
            for (i, c) in (p.prefectures ?? []).enumerated() {
                guard known.contains(c) else { throw HinterlandError(configPath, "\(path).prefectures[\(i)]: unknown prefecture adcode '\(c)'") }
                out.append(c)
            }
            var seen = Set<String>()
            return out.filter { seen.insert($0).inserted }
        }
        var hubs = [[String]](), hinter = [[String]]()
        for (k, u) in config.units.enumerated() {
            let h = try members(u.hub, "units[\(k)].hub")
            guard !h.isEmpty else { throw HinterlandError(configPath, "units[\(k)].hub: names no zones") }
            hubs.append(h)
            let t = try members(u.hinterland, "units[\(k)].hinterland")
            if t.isEmpty && u.hinterland.auto != true { throw HinterlandError(configPath, "units[\(k)].hinterland: names no zones and is not auto") }
            hinter.append(t)
        }
        // Automatic hinterlands: unused prefectures go to the nearest auto hub (by interior
        // points in the Albers), if west of that hub's centre and within max_km.
        let autos = config.units.indices.filter { config.units[$0].hinterland.auto == true }
        if !autos.isEmpty {
            let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
            var px = [String: (Double, Double)]()
            for (c, p) in zip(codes, try builder.interiorPoints("prefectures")) {
                if let p { let q = fwd.apply(x: p.x, y: p.y); px[c] = (q.x, q.y) }
            }
            let used = Set(hubs.joined()).union(hinter.joined())
            let centres = autos.map { k -> (Double, Double) in
                let pts = hubs[k].compactMap { px[$0] }
                return (pts.map(\.0).reduce(0, +) / Double(pts.count), pts.map(\.1).reduce(0, +) / Double(pts.count))
            }
            for c in codes where !used.contains(c) {
                guard let p = px[c] else { continue }
                var best: (Int, Double)?
                for (a, k) in autos.enumerated() {
                    let d = ((p.0 - centres[a].0) * (p.0 - centres[a].0) + (p.1 - centres[a].1) * (p.1 - centres[a].1)).squareRoot() / 1000
                    guard p.0 < centres[a].0, d <= (config.units[k].hinterland.max_km ?? 800) else { continue }
                    if best == nil || d < best!.1 { best = (k, d) }
                }
                if let b = best { hinter[b.0].append(c) }
            }
            notes.append("auto hinterlands: prefectures in no other part, nearest hub centre to their west, within max_km (Albers distance)")
        }
        let areas = builder.accounting.area == .land ? try builder.unitLandAreas("prefectures") : try builder.unitAreas("prefectures")
        let pop = builder.population.prefectures
        let counted = { (c: String) in builder.accounting.includeSARTW || !ZoneAccounting.isSARTW(c) }
        var geoms = [String: Geometry]()
        if geometry { for (c, f) in zip(codes, pref.features) { geoms[c] = f.geometry } }
        var parts = [Part]()
        for (k, u) in config.units.enumerated() {
            for (role, list) in [("hub", hubs[k]), ("hinterland", hinter[k])] {
                var p = Part(unit: u.id, unitName: u.name, role: role, prefectures: list)
                p.areaKm2 = list.filter(counted).reduce(0) { $0 + (areas[$1] ?? 0) }
                p.population = list.filter(counted).reduce(0) { $0 + Double(pop[$1]?.population ?? 0) }
                if geometry && !list.isEmpty { p.geometry = CoverageDissolve.union(list.compactMap { geoms[$0] }) }
                parts.append(p)
            }
        }
        self.parts = parts
    }

    /// Adds a point layer's counts (or weights) per part, by each point's prefecture.
    public mutating func addPoints(_ points: PointSet, prefectureOfPoint: [String?]) {
        var partOf = [String: [Int]]()
        for (i, p) in parts.enumerated() { for c in p.prefectures { partOf[c, default: []].append(i) } }
        var sums = [Double](repeating: 0, count: parts.count)
        for i in 0..<points.count {
            guard let c = prefectureOfPoint[i], let ps = partOf[c] else { continue }
            for p in ps { sums[p] += points.weights?[i] ?? 1 }
        }
        for i in parts.indices { parts[i].points.append(sums[i]) }
    }

    public func csv(layerNames: [String]) -> String {
        var s = "unit,name,part,prefectures,area_km2,population_2020,population_share_of_unit"
        for n in layerNames { s += ",\(CSVField.text(n)),\(CSVField.text(n + "_share_of_unit"))" }
        s += "\n"
        for p in parts {
            let unitParts = parts.filter { $0.unit == p.unit }
            let popTotal = unitParts.reduce(0) { $0 + $1.population }
            var row = [CSVField.text(p.unit), CSVField.text(p.unitName), p.role, String(p.prefectures.count), String(format: "%.1f", p.areaKm2),
                       String(format: "%.0f", p.population), String(format: "%.4f", popTotal > 0 ? p.population / popTotal : 0)]
            for (k, _) in layerNames.enumerated() {
                let total = unitParts.reduce(0) { $0 + $1.points[k] }
                row += [String(format: "%g", p.points[k]), String(format: "%.4f", total > 0 ? p.points[k] / total : 0)]
            }
            s += row.joined(separator: ",") + "\n"
        }
        return s
    }
}
