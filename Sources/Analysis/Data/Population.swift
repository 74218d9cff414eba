import Foundation
import GeoCore
import GeoIO

/// 2020 census (7th census, reference time 2020-11-01) resident population by adcode.
///
/// Provinces and prefectures come straight from the bulletin and yearbook tables. HK, MO
/// and TW are not census figures (end-2020 figures of their governments): they carry
/// `isCensus == false`, and composite zones leave them out of their census sums.
public struct Population: Sendable {
    public struct Entry: Sendable {
        public var population: Int64
        public var isCensus: Bool
    }

    public var provinces: [String: Entry] = [:]
    public var prefectures: [String: Entry] = [:]
    /// The county table, read on first use (0.55 MB of CSV that most commands never need).
    private let countyTable: CountyTable

    /// County polygons (cnmaps adcode) → 2020 census population carried onto today's polygons
    /// by the crosswalk (GeoData/tables/population_county_polygons_2020.csv: merged units
    /// summed, units created after the census split from their parents by area, rows without a
    /// polygon placed in their prefecture), so each prefecture's counties sum to its census
    /// total. Taiwan (one unit) carries its government's figure, not census; HK and MO
    /// districts and Kinmen have none.
    public func counties() throws -> [String: Entry] { try countyTable.value() }

    public init(data: EmbeddedData) throws {
        let prov = try data.table("population_provinces_2020")
        for r in prov.records {
            guard let code = r["adcode"], !code.isEmpty, let p = Int64(r["population_2020"] ?? "") else { continue }
            provinces[code] = Entry(population: p, isCensus: r["in_mainland_31"] == "1")
        }
        for r in try data.table("population_prefectures_2020").records {
            guard let code = r["adcode"], let p = Int64(r["population_2020"] ?? "") else { continue }
            prefectures[code] = Entry(population: p, isCensus: true)
        }
        for code in ["710000", "810000", "820000"] { prefectures[code] = provinces[code] }
        countyTable = CountyTable(data: data, taiwan: provinces["710000"])
    }

    /// The county rows, summed per polygon once, under a lock (builders are shared).
    private final class CountyTable: @unchecked Sendable {
        let data: EmbeddedData
        /// Taiwan's figure: it is one unit in the county layer, with no county rows.
        let taiwan: Entry?
        let lock = NSLock()
        var loaded: Result<[String: Entry], Error>?
        init(data: EmbeddedData, taiwan: Entry?) { self.data = data; self.taiwan = taiwan }

        func value() throws -> [String: Entry] {
            lock.lock()
            defer { lock.unlock() }
            if let loaded { return try loaded.get() }
            let result = Result { () throws -> [String: Entry] in
                var counties = [String: Entry]()
                let t = try data.table("population_county_polygons_2020")
                let c = try t.columnIndex("adcode"), v = try t.columnIndex("population_2020")
                for (i, r) in t.rows.enumerated() where !r[v].isEmpty {
                    guard let p = Int64(r[v]) else { throw HinterlandError("\(t.path) line \(i + 2)", "population_2020 '\(r[v])' is not an integer") }
                    counties[r[c]] = Entry(population: p, isCensus: true)
                }
                counties["710000"] = taiwan
                return counties
            }
            loaded = result
            return try result.get()
        }
    }
}
