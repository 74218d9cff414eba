/// Which area a zone's densities are measured on.
public enum AreaBasis: String, CaseIterable, Sendable {
    /// The administrative polygon clipped to the shoreline (GeoData/tables/unit_land_areas.csv):
    /// what official land areas measure, so per-km² figures of coastal zones are not diluted by sea.
    case land
    /// The whole administrative polygon, sea and estuaries included.
    case admin
}

/// How zones are measured: the area their densities use and whether Hong Kong, Macao and
/// Taiwan are counted. The 2020 census covers neither the SARs nor Taiwan, so by default
/// composite zones (regions, clusters, Hu Line sides, units, user zones) leave them out of
/// both area and population — a density is always its population over its area, from the
/// same members. With `includeSARTW` both come in, the population from their governments'
/// end-2020 figures.
public struct ZoneAccounting: Sendable, Hashable {
    public var area: AreaBasis
    public var includeSARTW: Bool

    public init(area: AreaBasis = .land, includeSARTW: Bool = false) {
        self.area = area; self.includeSARTW = includeSARTW
    }

    /// Units of Taiwan (71…), Hong Kong (81…) and Macao (82…): no census 2020 figures.
    public static func isSARTW(_ code: String) -> Bool {
        code.hasPrefix("71") || code.hasPrefix("81") || code.hasPrefix("82")
    }

    /// Whether a unit counts in composite areas and populations.
    public func counts(_ code: String) -> Bool {
        includeSARTW || !ZoneAccounting.isSARTW(code)
    }

    public var note: String {
        (area == .land ? "densities per km² of land (administrative polygon clipped to the shoreline)"
                       : "densities per km² of the administrative polygon (sea inside it included)") +
        (includeSARTW ? "; HK, MO and TW included (end-2020 government figures)"
                      : "; HK, MO and TW left out of composite areas and populations (no census 2020 figures)")
    }
}
