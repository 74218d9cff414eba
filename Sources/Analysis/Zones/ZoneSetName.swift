/// The zone sets the tool knows by name.
public enum ZoneSetName: String, CaseIterable, Sendable {
    case province, prefecture, county
    case region4, region7, northsouth
    case cluster, huline, thirdfront

    public var summary: String {
        switch self {
        case .province: return "34 provinces (31 mainland + HK, MO, TW)"
        case .prefecture: return "370 prefecture-level units"
        case .county: return "2,875 county-level units"
        case .region4: return "NBS four economic regions: 东部, 中部, 西部, 东北"
        case .region7: return "seven geographic regions: 华北, 东北, 华东, 华中, 华南, 西南, 西北"
        case .northsouth: return "north/south by the Qinling–Huaihe whole-province convention"
        case .cluster: return "19 urban clusters (城市群) from member prefectures"
        case .huline: return "south-east / north-west of the Hu Line (Heihe–Tengchong geodesic)"
        case .thirdfront: return "Third Front (三线, 1964–1980): core provinces, partly, none"
        }
    }
}
