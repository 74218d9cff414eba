import Foundation
import GeoCore
import GeoIO

/// The zones an index ranks (the 31 mainland provinces or the 367 mainland prefecture-level
/// units, without Hong Kong, Macao and Taiwan, which the census does not cover), with the
/// census prefectures every computed indicator is built from.
public struct IndexZones: Sendable {
    public let level: IndexLevel
    public let zones: [Zone]
    public var codes: [String] { zones.map(\.code) }
    /// Whether each zone touches the sea (see `IndexEligibility.touchesSea`).
    public let touchesSea: [Bool]
    /// The census prefectures: code, province, population and an interior point (Albers, m).
    public let prefectures: [Prefecture]
    /// The prefectures of each zone (one each at prefecture level).
    public let members: [[Int]]

    public struct Prefecture: Sendable {
        public var code: String
        public var province: String
        public var population: Double
        public var x: Double, y: Double
        public var landAreaKm2: Double
    }

    public init(level: IndexLevel, builder: ZoneSetBuilder) throws {
        self.level = level
        let layer = level == .province ? "provinces" : "prefectures"
        var set = try builder.build(level == .province ? .province : .prefecture, geometry: true)
        set.zones.removeAll { ZoneAccounting.isSARTW($0.code) }
        zones = set.zones
        let admin = try builder.unitAreas(layer), land = try builder.unitLandAreas(layer)
        touchesSea = set.zones.map { IndexEligibility.touchesSea(adminKm2: admin[$0.code], landKm2: land[$0.code]) }
        // The census prefectures, at their interior points.
        let t = try builder.data.layer("prefectures")
        let codes = t.strings("adcode")!, provinces = t.strings("province_adcode")!
        let interior = try builder.interiorPoints("prefectures")
        let prefLand = try builder.unitLandAreas("prefectures")
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        var prefs = [Prefecture]()
        for (i, code) in codes.enumerated() {
            guard let entry = builder.population.prefectures[code], entry.isCensus, let p = interior[i] else { continue }
            let q = fwd.apply(x: p.x, y: p.y)
            prefs.append(Prefecture(code: code, province: provinces[i], population: Double(entry.population), x: q.x, y: q.y,
                                    landAreaKm2: prefLand[code] ?? 0))
        }
        prefectures = prefs
        let byZone = Dictionary(grouping: prefs.indices) { level == .province ? prefs[$0].province : prefs[$0].code }
        members = set.zones.map { byZone[$0.code] ?? [] }
    }

    /// A prefecture value carried to the zones: the prefecture's own at prefecture level,
    /// the census-population-weighted mean of its prefectures for a province.
    func aggregate(_ perPrefecture: [Double?]) -> [Double?] {
        members.map { m in
            var num = 0.0, den = 0.0
            for j in m { if let v = perPrefecture[j] { num += prefectures[j].population * v; den += prefectures[j].population } }
            return den > 0 ? num / den : nil
        }
    }
}
