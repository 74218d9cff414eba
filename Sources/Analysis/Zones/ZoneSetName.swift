/// The zone sets the tool knows by name.
public enum ZoneSetName: String, CaseIterable, Sendable {
    case province, prefecture, county
    case region4, region7, northsouth
    case cluster, huline, thirdfront
    case yangtze_belt, yellow_river

    public var summary: String {
        switch self {
        case .province: return "34 provinces (31 mainland + HK, MO, TW)"
        case .prefecture: return "370 prefecture-level units"
        case .county: return "2,875 county-level units"
        case .region4: return "NBS four economic regions: 东部, 中部, 西部, 东北"
        case .region7: return "seven geographic regions: 华北, 东北, 华东, 华中, 华南, 西南, 西北"
        case .northsouth: return "north/south of the Qinling–Huaihe line: each prefecture by the side holding most of its land (level province: the whole-province convention)"
        case .cluster: return "urban clusters (城市群) by plan membership: named prefectures, and counties for partial members (membership primary: one cluster per prefecture)"
        case .huline: return "south-east / north-west of the Hu Line (Heihe–Tengchong geodesic)"
        case .thirdfront: return "Third Front (三线, 1964–1980) by prefecture: 大三线 core, partial provinces' hinterland inside the 1964 bounds, none (level province: whole provinces)"
        case .yangtze_belt: return "Yangtze River Economic Belt (长江经济带, 11 provinces) and the rest of China"
        case .yellow_river: return "Yellow River basin provinces (黄河流域, 9 provinces of the 2021 纲要) and the rest of China"
        }
    }
}
