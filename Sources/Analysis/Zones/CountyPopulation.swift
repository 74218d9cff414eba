import GeoCore
import GeoIO

/// County populations for splitting by arbitrary geometry (Hu Line sides, catchments, user
/// zones). The census crosswalk already makes every prefecture's counties sum to its census
/// total, so county-based sums reproduce the national figure exactly. With HK, MO and TW
/// counted, their governments' end-2020 figures are spread over their districts by land area
/// (the SARs' districts have no figures of their own in the embedded tables).
extension ZoneSetBuilder {
    func countyPopulation() throws -> [String: Double] {
        var out = [String: Double]()
        for (code, e) in try population.counties() where e.isCensus { out[code] = Double(e.population) }
        guard accounting.includeSARTW else { return out }
        let land = try unitLandAreas("counties")
        for sar in ["710000", "810000", "820000"] {
            guard let total = population.provinces[sar]?.population else { continue }
            let units = land.filter { $0.key.prefix(2) == sar.prefix(2) }
            let sum = units.values.reduce(0, +)
            for (code, a) in units where sum > 0 { out[code] = Double(total) * a / sum }
        }
        return out
    }
}
