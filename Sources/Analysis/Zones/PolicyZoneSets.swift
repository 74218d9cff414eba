import GeoCore
import GeoIO

/// Zone sets the national plans define: north/south of the Qinling–Huaihe line and the Third
/// Front by prefecture, the urban clusters by plan membership (counties for partial members),
/// and the two river belts.
extension ZoneSetBuilder {
    /// Province adcodes of the two belt documents.
    public static let beltProvinces: [ZoneSetName: (name: String, nameEn: String, code: String, provinces: [String], source: String)] = [
        .yangtze_belt: ("长江经济带", "Yangtze River Economic Belt", "yangtze_belt",
                        ["310000", "320000", "330000", "340000", "360000", "420000", "430000", "500000", "510000", "520000", "530000"],
                        "长江经济带发展规划纲要 (2016): 上海、江苏、浙江、安徽、江西、湖北、湖南、重庆、四川、贵州、云南"),
        .yellow_river: ("黄河流域", "Yellow River basin provinces", "yellow_river",
                        ["630000", "510000", "620000", "640000", "150000", "140000", "610000", "410000", "370000"],
                        "黄河流域生态保护和高质量发展规划纲要 (2021): 青海、四川、甘肃、宁夏、内蒙古、山西、陕西、河南、山东"),
    ]

    /// The belt's provinces as one zone and the rest of China as the other, so that shares of
    /// a point layer read "inside the belt" against "outside".
    func belt(_ name: ZoneSetName, geometry: Bool) throws -> ZoneSet {
        let spec = ZoneSetBuilder.beltProvinces[name]!
        let all = try data.layer("provinces").strings("adcode")!
        let inside = Set(spec.provinces)
        let groups = [(code: "in", name: spec.name, nameEn: spec.nameEn, members: all.filter { inside.contains($0) }),
                      (code: "out", name: "其他地区", nameEn: "rest of China", members: all.filter { !inside.contains($0) })]
        return try composite(name: name.rawValue, description: name.summary, memberLayer: "provinces", memberLevel: "provinces",
                             groups: groups, memberPopulation: population.provinces, geometry: geometry,
                             method: "members: \(spec.source); out = the other provinces (incl. HK, MO, TW); area: sum of member provinces (ellipsoidal); population: census 2020")
    }

    /// North/south and the Third Front with each prefecture classified on its own
    /// (GeoData/tables/north_south_prefectures.csv, third_front_prefectures.csv).
    func prefectureRegions(_ name: ZoneSetName, geometry: Bool) throws -> ZoneSet {
        let table: String, column: String, method: String
        var groups: [(code: String, name: String, nameEn: String, members: [String])]
        var valueOf: [String: Int]
        switch name {
        case .northsouth:
            (table, column) = ("north_south_prefectures", "side")
            groups = [("north", "北方", "North", []), ("south", "南方", "South", [])]
            valueOf = ["north": 0, "south": 1]
            method = "members: GeoData/tables/north_south_prefectures.csv (side of the Qinling–Huaihe line, GeoData/qinling_huaihe.geojson, holding most of each prefecture's land; 新疆, 青海 north and 西藏 south by convention); area: sum of member prefectures (ellipsoidal); population: census 2020"
        case .thirdfront:
            (table, column) = ("third_front_prefectures", "third_front")
            groups = [("core", "大三线", "Third Front core provinces", []),
                      ("partial", "部分三线", "Third Front hinterland of the partial provinces", []),
                      ("none", "非三线", "not Third Front", [])]
            valueOf = ["core": 0, "partial_province_hinterland": 1, "none": 2]
            method = "members: GeoData/tables/third_front_prefectures.csv (大三线 provinces whole; in 晋冀豫鄂湘粤桂 the prefectures not crossed by the 京广铁路 with most of their land inside the 1964 bounds, GeoData/third_front_bounds.geojson); area: sum of member prefectures (ellipsoidal); population: census 2020"
        default:
            preconditionFailure("\(name) has no prefecture table")
        }
        let t = try data.table(table)
        let c = try t.columnIndex(column), code = try t.columnIndex("adcode")
        for row in t.rows {
            guard let k = valueOf[row[c]] else { throw HinterlandError("GeoData/tables/\(table).csv", "unknown \(column) '\(row[c])' for \(row[code])") }
            groups[k].members.append(row[code])
        }
        return try composite(name: name.rawValue, description: name.summary, memberLayer: "prefectures", memberLevel: "prefectures",
                             groups: groups, memberPopulation: population.prefectures, geometry: geometry, method: method)
    }

    /// Each cluster's members as the plans name them, at county level: a whole prefecture
    /// stands for all its counties, a partial member for the counties listed in
    /// GeoData/tables/urban_cluster_members_plan.csv. A city named by two plans is in both.
    /// Returns the clusters in table order with their county codes.
    public func planClusterCounties() throws -> [(name: String, counties: [String], prefectures: [String], partial: [String])] {
        let counties = try data.layer("counties")
        let cc = counties.strings("adcode")!, cp = counties.strings("prefecture_adcode")!
        var countiesOf = [String: [String]]()
        for (c, p) in zip(cc, cp) { countiesOf[p, default: []].append(c) }
        let known = Set(cc)
        var out = [(name: String, counties: [String], prefectures: [String], partial: [String])]()
        let t = try data.table("urban_cluster_members_plan")
        for r in t.records {
            let name = r["cluster"]!, code = r["member_adcode"]!, pref = r["prefecture_adcode"]!
            if !out.contains(where: { $0.name == name }) { out.append((name, [], [], [])) }
            let k = out.firstIndex { $0.name == name }!
            switch r["level"] {
            case "prefecture":
                guard let m = countiesOf[code] else { throw HinterlandError("urban_cluster_members_plan.csv", "\(name): prefecture \(code) has no counties") }
                out[k].counties += m
                out[k].prefectures.append(code)
            case "county":
                guard known.contains(code) else { throw HinterlandError("urban_cluster_members_plan.csv", "\(name): unknown county \(code)") }
                out[k].counties.append(code)
                if !out[k].partial.contains(pref) { out[k].partial.append(pref) }
            default:
                throw HinterlandError("urban_cluster_members_plan.csv", "\(name): level must be prefecture or county, not '\(r["level"] ?? "")'")
            }
        }
        for k in out.indices {
            var seen = Set<String>()
            out[k].counties = out[k].counties.filter { seen.insert($0).inserted }
        }
        return out
    }

    /// The urban clusters by plan membership (county members; clusters may overlap).
    func planClusters(geometry: Bool) throws -> ZoneSet {
        let plan = try planClusterCounties()
        let groups = plan.map { c -> (code: String, name: String, nameEn: String, members: [String]) in
            let info = ZoneSetBuilder.clusterCodes[c.name] ?? (c.name, c.name)
            return (info.code, c.name, info.en, c.counties)
        }
        var set = try composite(name: "cluster", description: ZoneSetName.cluster.summary, memberLayer: "counties", memberLevel: "counties",
                                groups: groups, memberPopulation: try population.counties(), geometry: geometry,
                                method: "members: GeoData/tables/urban_cluster_members_plan.csv (every prefecture the plans name, with all its counties; partial members by their listed counties; a city named by two plans is in both clusters, so the zones overlap); area: sum of member counties (ellipsoidal); population: census 2020 by county")
        for (i, c) in plan.enumerated() {
            set.zones[i].populationNote += "; \(c.prefectures.count) whole prefectures" + (c.partial.isEmpty ? "" : " + counties of \(c.partial.count) partial (\(c.partial.joined(separator: " ")))")
        }
        return set
    }
}
