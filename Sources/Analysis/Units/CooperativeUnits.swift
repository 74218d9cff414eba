import Foundation
import GeoCore
import GeoIO

/// Strategic hub + strategic hinterland units (Zhao, Lu and Qi 2026, Figure 6), built from
/// counties so the clusters keep their plan membership: each unit's hub part and hinterland
/// part, their areas, populations and point counts, so the paper's checks ("hub strong in
/// emerging industry, hinterland in basic industry") can be made for any point layers.
///
/// Membership rules:
/// - a cluster is the counties its plan names (GeoData/tables/urban_cluster_members_plan.csv):
///   whole prefectures, and the listed counties of partial members;
/// - a county named by several parts goes to the first hub part (in config order) that names
///   it, else to the first hinterland part: the parts do not overlap, so shares add to 1
///   (邯郸 and 邢台, in the 京津冀 and 中原 plans, stay in the 京津冀 hub; 聊城 and 菏泽, in the
///   山东半岛 and 中原 plans, stay in the 山东半岛 hub);
/// - an automatic hinterland takes whole prefectures: those in no cluster of the plans and in
///   no other part, not on the coast (GeoData/tables/coastal_prefectures.csv) and not in an
///   excluded province (Hainan by default), each to the hub nearest to it among all units'
///   hubs (geodesic distance from the prefecture's interior point to the hub's nearest county
///   point) when that hub's unit has an automatic hinterland, within its max_km, and when it
///   is connected to the hub through neighbouring prefectures so assigned (no enclaves); a
///   prefecture nearest to a hub with a plan-named hinterland (长三角, 山东半岛) stays out of
///   every unit.
public struct CooperativeUnits: Sendable {
    public struct Part: Sendable {
        public var unit: String
        public var unitName: String
        public var role: String          // "hub" or "hinterland"
        /// Member counties.
        public var counties: [String] = []
        /// Prefectures with at least one member county, in order of first appearance.
        public var prefectures: [String] = []
        public var areaKm2 = 0.0
        public var population = 0.0
        public var geometry: Geometry?
        public var points: [Double] = []
        public var source = ""
    }

    public var parts: [Part]
    public var notes: [String] = []

    public init(config: UnitConfig, configPath: String, builder: ZoneSetBuilder, geometry: Bool) throws {
        let data = builder.data
        let pref = try data.layer("prefectures")
        let codes = pref.strings("adcode")!, provOf = pref.strings("province_adcode")!
        let countyLayer = try data.layer("counties")
        let countyCodes = countyLayer.strings("adcode")!, countyPref = countyLayer.strings("prefecture_adcode")!
        var countiesOf = [String: [String]]()
        var prefectureOfCounty = [String: String]()
        for (c, p) in zip(countyCodes, countyPref) { countiesOf[p, default: []].append(c); prefectureOfCounty[c] = p }
        let known = Set(codes)
        var clusterMembers = [String: [String]]()
        let plan = try builder.planClusterCounties()
        for c in plan {
            clusterMembers[c.name] = c.counties
            if let code = ZoneSetBuilder.clusterCodes[c.name]?.code { clusterMembers[code] = c.counties }
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
                let m = codes.indices.filter { provOf[$0] == c }.flatMap { countiesOf[codes[$0]] ?? [] }
                guard !m.isEmpty else { throw HinterlandError(configPath, "\(path).provinces[\(i)]: unknown province adcode '\(c)'") }
                out += m
            }
            for (i, c) in (p.prefectures ?? []).enumerated() {
                guard known.contains(c) else { throw HinterlandError(configPath, "\(path).prefectures[\(i)]: unknown prefecture adcode '\(c)'") }
                out += countiesOf[c] ?? []
            }
            return out
        }
        var hubs = [[String]](), hinter = [[String]]()
        for (k, u) in config.units.enumerated() {
            let h = try members(u.hub, "units[\(k)].hub")
            guard !h.isEmpty else { throw HinterlandError(configPath, "units[\(k)].hub: names no zones") }
            hubs.append(h)
            let t = try members(u.hinterland, "units[\(k)].hinterland")
            if t.isEmpty && u.hinterland.auto != true { throw HinterlandError(configPath, "units[\(k)].hinterland: names no zones and is not auto") }
            if let m = u.hinterland.model, m != "nearest_hub" {
                throw HinterlandError(configPath, "units[\(k)].hinterland.model: unknown model '\(m)' (use nearest_hub)")
            }
            if let c = u.hinterland.candidates, c != "inland_unassigned" {
                throw HinterlandError(configPath, "units[\(k)].hinterland.candidates: unknown rule '\(c)' (use inland_unassigned)")
            }
            hinter.append(t)
        }
        // One part per county: hubs first, then hinterlands, each in config order.
        var taken = Set<String>()
        func claim(_ list: [String]) -> [String] { list.filter { taken.insert($0).inserted } }
        hubs = hubs.map(claim)
        hinter = hinter.map(claim)
        // Automatic hinterlands: the nearest auto hub for each inland prefecture in no plan
        // cluster and no other part.
        let autos = config.units.indices.filter { config.units[$0].hinterland.auto == true }
        if !autos.isEmpty {
            let inCluster = Set(plan.flatMap(\.counties).compactMap { prefectureOfCounty[$0] })
            let usedPref = Set(taken.compactMap { prefectureOfCounty[$0] })
            let coastal = Set(try data.table("coastal_prefectures").records.filter { $0["coastal"] == "1" }.map { $0["adcode"]! })
            var countyPoint = [String: (x: Double, y: Double)]()
            for c in try builder.countyPoints() { if let p = c.point { countyPoint[c.code] = p } }
            let g = Geodesic()
            let interior = try builder.interiorPoints("prefectures")
            // Tentative: each candidate to its nearest hub, if that hub's unit is auto.
            var tentative = [Int: Int]()   // prefecture index -> unit
            for (i, c) in codes.enumerated() {
                guard !inCluster.contains(c), !usedPref.contains(c), !coastal.contains(c), let p = interior[i] else { continue }
                // The nearest hub of all units decides; only an auto unit takes the prefecture.
                var best: (unit: Int, km: Double)?
                for k in config.units.indices {
                    let km = hubs[k].compactMap { countyPoint[$0] }.map { g.inverse(lon1: p.x, lat1: p.y, lon2: $0.x, lat2: $0.y).distance / 1000 }.min() ?? .infinity
                    if best == nil || km < best!.km { best = (k, km) }
                }
                guard let b = best, autos.contains(b.unit), b.km <= (config.units[b.unit].hinterland.max_km ?? 800),
                      !(config.units[b.unit].hinterland.exclude_provinces ?? ["460000"]).contains(provOf[i]) else { continue }
                tentative[i] = b.unit
            }
            // Contiguity: a hinterland grows outward from its hub through neighbouring candidates
            // of the same unit; enclaves cut off by other parts are left out.
            var neighbours = [Int: [Int]]()
            for b in SharedBorders.between(units: pref.features.map { $0.geometry ?? Geometry(kind: .polygon, xs: [], ys: []) }, group: Array(codes.indices)) {
                neighbours[b.a, default: []].append(b.b); neighbours[b.b, default: []].append(b.a)
            }
            let indexOf = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
            for k in autos {
                var frontier = Set(hubs[k].compactMap { prefectureOfCounty[$0] }.compactMap { indexOf[$0] })
                var reached = Set<Int>()
                while !frontier.isEmpty {
                    var next = Set<Int>()
                    for f in frontier { for n in neighbours[f] ?? [] where tentative[n] == k && !reached.contains(n) { reached.insert(n); next.insert(n) } }
                    frontier = next
                }
                for i in reached.sorted() { hinter[k] += countiesOf[codes[i]] ?? [] }
            }
            notes.append("auto hinterlands: inland prefectures in no plan cluster and no other part, each to its nearest hub (geodesic distance to the hub's nearest county point) when that hub's unit is auto, within max_km and connected to the hub through such prefectures; excluded provinces: \((config.units[autos[0]].hinterland.exclude_provinces ?? ["460000"]).joined(separator: " "))")
        }
        let areas = try builder.measuredAreas("counties")
        let pop = try builder.countyPopulation()
        let counted = builder.accounting.counts
        var geoms = [String: Geometry]()
        if geometry { for (c, f) in zip(countyCodes, countyLayer.features) { geoms[c] = f.geometry } }
        var parts = [Part]()
        for (k, u) in config.units.enumerated() {
            for (role, list) in [("hub", hubs[k]), ("hinterland", hinter[k])] {
                var p = Part(unit: u.id, unitName: u.name, role: role, counties: list)
                var seen = Set<String>()
                p.prefectures = list.compactMap { prefectureOfCounty[$0] }.filter { seen.insert($0).inserted }
                p.areaKm2 = list.filter(counted).reduce(0) { $0 + (areas[$1] ?? 0) }
                p.population = list.filter(counted).reduce(0) { $0 + (pop[$1] ?? 0) }
                if geometry && !list.isEmpty { p.geometry = CoverageDissolve.union(list.compactMap { geoms[$0] }) }
                if let s = u.source {
                    p.source = [s.document, s.year.map(String.init), s.section, role == "hub" ? s.hub_rule : s.hinterland]
                        .compactMap { $0 }.joined(separator: "; ")
                }
                parts.append(p)
            }
        }
        self.parts = parts
    }

    /// Adds a point layer's counts (or weights) per part, by each point's county.
    public mutating func addPoints(_ points: PointSet, countyOfPoint: [String?]) {
        var partOf = [String: Int]()
        for (i, p) in parts.enumerated() { for c in p.counties where partOf[c] == nil { partOf[c] = i } }
        var sums = [Double](repeating: 0, count: parts.count)
        for i in 0..<points.count {
            guard let c = countyOfPoint[i], let p = partOf[c] else { continue }
            sums[p] += points.weights?[i] ?? 1
        }
        for i in parts.indices { parts[i].points.append(sums[i]) }
    }

    public func csv(layerNames: [String]) -> String {
        var s = "unit,name,part,prefectures,counties,area_km2,population_2020,population_share_of_unit"
        for n in layerNames { s += ",\(CSVField.text(n)),\(CSVField.text(n + "_share_of_unit"))" }
        s += ",source\n"
        for p in parts {
            let unitParts = parts.filter { $0.unit == p.unit }
            let popTotal = unitParts.reduce(0) { $0 + $1.population }
            var row = [CSVField.text(p.unit), CSVField.text(p.unitName), p.role, String(p.prefectures.count), String(p.counties.count), String(format: "%.1f", p.areaKm2),
                       String(format: "%.0f", p.population), String(format: "%.4f", popTotal > 0 ? p.population / popTotal : 0)]
            for (k, _) in layerNames.enumerated() {
                let total = unitParts.reduce(0) { $0 + $1.points[k] }
                row += [String(format: "%g", p.points[k]), String(format: "%.4f", total > 0 ? p.points[k] / total : 0)]
            }
            row.append(CSVField.text(p.source))
            s += row.joined(separator: ",") + "\n"
        }
        return s
    }
}
