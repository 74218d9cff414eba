import GeoCore
import GeoIO

/// County populations prepared for splitting by arbitrary geometry (Hu Line sides, user
/// zones): each county polygon's census population is scaled so that its prefecture adds up
/// to the prefecture's census total. That spreads the ~1.5% of residents that the census
/// counts in development zones and management areas (which have no polygon) over the
/// counties of their own prefecture, and makes county-based sums reproduce the national
/// total exactly.
extension ZoneSetBuilder {
    func rescaledCountyPopulation() throws -> [String: Double] {
        let counties = try countyPoints()
        let codes = counties.map(\.code), prefs = counties.map(\.prefecture)
        let table = try population.counties()
        var sums = [String: Int64]()
        for (c, p) in zip(codes, prefs) {
            if let e = table[c], e.isCensus { sums[p, default: 0] += e.population }
        }
        var out = [String: Double]()
        for (c, p) in zip(codes, prefs) {
            guard let e = table[c], e.isCensus, let s = sums[p], s > 0,
                  let target = population.prefectures[p]?.population else { continue }
            out[c] = Double(e.population) * Double(target) / Double(s)
        }
        return out
    }
}
