import GeoCore
import GeoIO

/// Province-based region sets and the urban clusters.
extension ZoneSetBuilder {
    /// Codes and English names for the region columns of GeoData/tables/regions.csv.
    static let regionCodes: [ZoneSetName: (column: String, codes: [(value: String, code: String, en: String)])] = [
        .region4: ("nbs_four_regions", [("东部", "east", "Eastern"), ("中部", "central", "Central"),
                                         ("西部", "west", "Western"), ("东北", "northeast", "Northeastern")]),
        .region7: ("seven_geographic_regions", [("华北", "huabei", "North China"), ("东北", "dongbei", "Northeast China"),
                                                 ("华东", "huadong", "East China"), ("华中", "huazhong", "Central China"),
                                                 ("华南", "huanan", "South China"), ("西南", "xinan", "Southwest China"),
                                                 ("西北", "xibei", "Northwest China")]),
        .northsouth: ("north_south_qinling_huaihe", [("北方", "north", "North"), ("南方", "south", "South")]),
        .thirdfront: ("third_front_1964_1980", [("大三线", "core", "Third Front core provinces"),
                                                ("partly 三线", "partial", "partly Third Front"),
                                                ("not 三线", "none", "not Third Front")]),
    ]

    func regions(_ name: ZoneSetName, geometry: Bool) throws -> ZoneSet {
        let spec = ZoneSetBuilder.regionCodes[name]!
        let table = try data.table("regions")
        let col = try table.columnIndex(spec.column), codeCol = try table.columnIndex("adcode")
        var groups = spec.codes.map { (code: $0.code, name: $0.value, nameEn: $0.en, members: [String]()) }
        if name == .thirdfront { groups[0].name = "大三线"; groups[1].name = "部分三线"; groups[2].name = "非三线" }
        for row in table.rows {
            // Third Front values carry notes after the category ("partly 三线 (hinterland only): 豫西").
            guard let k = spec.codes.firstIndex(where: { row[col] == $0.value || row[col].hasPrefix($0.value) }) else { continue }
            groups[k].members.append(row[codeCol])
        }
        let method = "members: GeoData/tables/regions.csv column \(spec.column); area: sum of member provinces (ellipsoidal); population: census 2020 sum of members"
        return try composite(name: name.rawValue, description: name.summary, memberLayer: "provinces", memberLevel: "provinces",
                             groups: groups, memberPopulation: population.provinces, geometry: geometry, method: method)
    }

    static let clusterCodes: [String: (code: String, en: String)] = [
        "京津冀": ("jingjinji", "Beijing–Tianjin–Hebei"), "长三角": ("changsanjiao", "Yangtze River Delta"),
        "粤港澳大湾区/珠三角": ("yuegangao", "Guangdong–Hong Kong–Macao Greater Bay Area / Pearl River Delta"),
        "成渝": ("chengyu", "Chengdu–Chongqing"), "长江中游": ("changjiangzhongyou", "Middle Yangtze River"),
        "山东半岛": ("shandong", "Shandong Peninsula"), "海峡西岸/粤闽浙沿海": ("haixia", "West Coast of the Taiwan Strait"),
        "中原": ("zhongyuan", "Central Plains"), "关中平原": ("guanzhong", "Guanzhong Plain"), "北部湾": ("beibuwan", "Beibu Gulf"),
        "哈长": ("hachang", "Harbin–Changchun"), "辽中南": ("liaozhongnan", "Central-Southern Liaoning"),
        "山西中部": ("shanxizhongbu", "Central Shanxi"), "黔中": ("qianzhong", "Central Guizhou"), "滇中": ("dianzhong", "Central Yunnan"),
        "呼包鄂榆": ("hubaoeyu", "Hohhot–Baotou–Ordos–Yulin"), "兰州—西宁": ("lanxi", "Lanzhou–Xining"),
        "宁夏沿黄": ("ningxiayanhuang", "Ningxia along the Yellow River"), "天山北坡": ("tianshanbeipo", "North Slope of the Tianshan"),
    ]

    /// The 19 urban clusters as whole member prefectures. A prefecture named by two plans is
    /// counted in its primary cluster only (column `primary`), so clusters do not overlap and
    /// shares add up; partial members count whole and are named in the population note.
    func clusters(geometry: Bool) throws -> ZoneSet {
        let t = try data.table("urban_clusters")
        var groups: [(code: String, name: String, nameEn: String, members: [String])] = []
        var partial = [String: [String]]()
        for r in t.records where r["primary"] == "1" {
            let c = r["cluster"]!
            if !groups.contains(where: { $0.name == c }) {
                let info = ZoneSetBuilder.clusterCodes[c] ?? (c, c)
                groups.append((info.code, c, info.en, []))
            }
            let k = groups.firstIndex { $0.name == c }!
            groups[k].members.append(r["member_adcode"]!)
            if !(r["inclusion"] ?? "").hasPrefix("full") { partial[c, default: []].append(r["member"]!) }
        }
        var set = try composite(name: "cluster", description: "19 urban clusters (城市群), one per prefecture (primary membership)", memberLayer: "prefectures",
                                memberLevel: "prefectures", groups: groups, memberPopulation: population.prefectures, geometry: geometry,
                                method: "members: GeoData/tables/urban_clusters.csv (primary membership); partial members counted whole; area: sum of member prefectures (ellipsoidal); population: census 2020")
        for i in set.zones.indices {
            if let p = partial[set.zones[i].name] {
                set.zones[i].populationNote += "; partial members counted whole: \(p.joined(separator: " "))"
            }
        }
        return set
    }
}
