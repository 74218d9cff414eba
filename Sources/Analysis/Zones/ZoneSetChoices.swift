/// How the urban clusters count their members.
public enum Membership: String, CaseIterable, Sendable {
    /// Every prefecture or county the plans name: partial members at county level, and a
    /// city named by two plans in both clusters (shares may add to more than 1).
    case plan
    /// One cluster per prefecture (column `primary` of urban_clusters.csv), partial members
    /// counted whole: clusters do not overlap, so shares add to 1.
    case primary
}

/// The units a policy region (north/south, Third Front) is built from.
public enum RegionLevel: String, CaseIterable, Sendable {
    /// Whole provinces, by the convention of GeoData/tables/regions.csv.
    case province
    /// Each prefecture by the geography itself (the Qinling–Huaihe line, the 1964 bounds).
    case prefecture
}

/// The choices that select one variant of a named zone set.
public struct ZoneSetVariant: Hashable, Sendable {
    public var huLine: HuLine.Variant
    public var level: RegionLevel
    public var membership: Membership

    public init(huLine: HuLine.Variant = .geodesic, level: RegionLevel = .prefecture, membership: Membership = .plan) {
        self.huLine = huLine; self.level = level; self.membership = membership
    }

    public static let standard = ZoneSetVariant()
}
