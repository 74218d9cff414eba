import Foundation

/// Which zones are ranked; the others are listed as hubs. The national strategic hinterland
/// is the inland regions backing the coast (Pu and Ma 2024): a coastal hub is not its own
/// hinterland.
public enum IndexEligibility: String, CaseIterable, Codable, Sendable {
    /// Zones that do not touch the sea.
    case inland
    case all

    /// Sea area below this (km²) is rounding of the land clipping, not sea.
    static let seaTolerance = 0.001

    /// A unit touches the sea when its administrative polygon holds sea: its land area (the
    /// polygon clipped to the shoreline, GeoData/tables/unit_land_areas.csv) is smaller than
    /// the polygon's own area. Decided from the geometry, not from a list.
    static func touchesSea(adminKm2: Double?, landKm2: Double?) -> Bool {
        guard let a = adminKm2, let l = landKm2 else { return false }
        return a - l > seaTolerance
    }

    /// Whether each zone is ranked under this rule.
    func ranked(_ zones: IndexZones) -> [Bool] {
        self == .all ? zones.zones.map { _ in true } : zones.touchesSea.map { !$0 }
    }
}
