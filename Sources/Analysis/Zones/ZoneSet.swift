import GeoCore

/// One zone of a zone set: a code, names, its member units and what they add up to.
public struct Zone: Sendable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// Member unit codes for composite zones (provinces of a region, prefectures of a
    /// cluster); empty for base units.
    public var members: [String] = []
    /// Ellipsoidal (WGS84) area of the administrative polygon in km².
    public var areaKm2: Double = 0
    /// Ellipsoidal area of its land (the polygon clipped to the shoreline), where known.
    public var landAreaKm2: Double?
    /// The official (yearbook) land area, where the reference table has one.
    public var officialAreaKm2: Double?
    /// The area `density` divides by.
    public var areaBasis: AreaBasis = .land
    /// Census 2020 population; nil when unknown.
    public var population: Int64?
    /// Where the population figure comes from, or what it leaves out.
    public var populationNote: String = ""
    /// The zone outline in WGS84, when the caller asked for geometry.
    public var geometry: Geometry?

    public init(code: String, name: String, nameEn: String = "") {
        self.code = code; self.name = name; self.nameEn = nameEn
    }

    /// The area densities use: land by default, the administrative polygon under `.admin`
    /// (or where no land area is known).
    public var densityAreaKm2: Double {
        areaBasis == .land ? (landAreaKm2 ?? areaKm2) : areaKm2
    }

    public var density: Double? {
        let a = densityAreaKm2
        guard let p = population, a > 0 else { return nil }
        return Double(p) / a
    }
}

/// A named partition (or covering) of China into zones.
public struct ZoneSet: Sendable {
    public var name: String
    public var description: String
    /// What the member codes are (provinces, prefectures, counties), for the `members` column.
    public var memberLevel: String?
    public var zones: [Zone]
    /// A note on how area and population were computed, printed in JSON and layer metadata.
    public var method: String
    /// What was repaired in the input (invalid polygons), one line each, for warnings.
    public var repairs: [String] = []

    public init(name: String, description: String, memberLevel: String? = nil, zones: [Zone], method: String) {
        self.name = name; self.description = description; self.memberLevel = memberLevel
        self.zones = zones; self.method = method
    }
}

extension ZoneSet {
    /// The zone of each unit code: a base zone's own code, or each member of a composite
    /// zone (a unit listed by two zones belongs to the first).
    public var zoneOfUnitCode: [String: Int32] {
        var out = [String: Int32]()
        for (i, z) in zones.enumerated() {
            for m in z.members.isEmpty ? [z.code] : z.members where out[m] == nil { out[m] = Int32(i) }
        }
        return out
    }
}
