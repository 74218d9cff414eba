import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

/// Zone tables checked against independent published facts.
struct ZoneSetFactsTests {
    func set(_ n: ZoneSetName) throws -> ZoneSet { try Shared.with { try $0.build(n) } }

    @Test func sichuanAreaIsWithinOnePercentOfTheOfficialFigure() throws {
        let sichuan = try set(.province).zones.first { $0.code == "510000" }!
        #expect(abs(sichuan.areaKm2 - 486_000) / 486_000 < 0.01, "Sichuan \(sichuan.areaKm2) km²")
    }

    @Test func mainlandAreaIsWithinTwoPercentOf96MillionKm2() throws {
        let mainland = try set(.province).zones.filter { !["710000", "810000", "820000"].contains($0.code) }
        let total = mainland.reduce(0) { $0 + $1.areaKm2 }
        #expect(abs(total - 9_600_000) / 9_600_000 < 0.02, "mainland \(total) km²")
    }

    @Test func provincePopulationsSumToTheCensusBulletin() throws {
        let mainland = try set(.province).zones.filter { !["710000", "810000", "820000"].contains($0.code) }
        #expect(mainland.count == 31)
        #expect(mainland.compactMap(\.population).reduce(0, +) == 1_409_778_724)
    }

    /// 第七次全国人口普查公报(第三号): 东部 563,717,119; 中部 364,694,362; 西部 382,852,295; 东北 98,514,948.
    @Test func region4TotalsEqualTheBulletinExactly() throws {
        let r = Dictionary(uniqueKeysWithValues: try set(.region4).zones.map { ($0.code, $0.population) })
        #expect(r["east"] == 563_717_119)
        #expect(r["central"] == 364_694_362)
        #expect(r["west"] == 382_852_295)
        #expect(r["northeast"] == 98_514_948)
    }

    /// Every census county row is used, once: rows that name a polygon directly, and through
    /// the crosswalk the rows without one, so the counties add up to the census CSV's total.
    @Test func everyCountyRowIsUsed() throws {
        let csv = try CSVTable(path: Shared.root + "/tables/population_counties_2020.csv")
        let polygon = try csv.columnIndex("cnmaps_adcode"), pop = try csv.columnIndex("population_2020")
        let expected = csv.rows.reduce(Int64(0)) { $0 + (Int64($1[pop]) ?? 0) }
        let codesWithRows = Set(csv.rows.map { $0[polygon] }.filter { !$0.isEmpty })
        let zones = try set(.county).zones
        let codes = Set(zones.map(\.code))
        #expect(codesWithRows.isSubset(of: codes), "rows naming polygons that do not exist: \(codesWithRows.subtracting(codes).sorted())")
        let got = zones.filter { $0.code != "710000" }.compactMap(\.population).reduce(0, +)
        #expect(got == expected)
        #expect(got == 1_409_778_724)
    }

    @Test func compositeSetsPartitionChinaWithoutOverlap() throws {
        let province = try set(.province)
        let allArea = province.zones.reduce(0) { $0 + $1.areaKm2 }
        for n in [ZoneSetName.region4, .northsouth, .thirdfront, .yangtze_belt, .yellow_river] {
            let s = try Shared.with { try $0.build(n, level: .province) }
            let members = s.zones.flatMap(\.members)
            #expect(Set(members).count == members.count, "\(n): a province in two zones")
            let mainlandArea = province.zones.filter { members.contains($0.code) && !ZoneAccounting.isSARTW($0.code) }.reduce(0) { $0 + $1.areaKm2 }
            #expect(abs(s.zones.reduce(0) { $0 + $1.areaKm2 } - mainlandArea) < 1)
        }
        // HK, MO and TW are members of 华东 and 华南 but left out of their areas (no census).
        let r7 = try set(.region7)
        let sarTW = province.zones.filter { ZoneAccounting.isSARTW($0.code) }.reduce(0) { $0 + $1.areaKm2 }
        #expect(abs(r7.zones.reduce(0) { $0 + $1.areaKm2 } - (allArea - sarTW)) < 1, "region7 covers the 31 mainland provinces")
        let clusters = try Shared.with { try $0.build(.cluster, membership: .primary) }
        #expect(clusters.zones.count == 19)
        let cm = clusters.zones.flatMap(\.members)
        #expect(Set(cm).count == cm.count, "a prefecture in two clusters")
    }

    /// The dissolved polygon of a region has the area of its members (second method: the
    /// union is measured afresh, not summed).
    @Test func dissolvedRegionAreaMatchesTheSumOfItsMembers() throws {
        let s = try Shared.with { try $0.build(.region4, geometry: true) }
        let g = Geodesic()
        for z in s.zones {
            let dissolved = g.area(z.geometry!) / 1e6
            #expect(abs(dissolved - z.areaKm2) / z.areaKm2 < 1e-4, "\(z.code): \(dissolved) vs \(z.areaKm2)")
        }
    }
}

struct UnitAreaCacheTests {
    /// GeoData/tables/unit_areas.csv is exactly what the polygons give today.
    @Test func cachedAreasMatchAFreshComputation() throws {
        let cached = try String(contentsOfFile: Shared.root + "/tables/unit_areas.csv", encoding: .utf8)
        let fresh = try Shared.with { try $0.unitAreasCSV() }
        #expect(cached == fresh, "unit_areas.csv is stale: run hinterland areas -o GeoData/tables/unit_areas.csv (make geodata does)")
    }

    /// GeoData/tables/county_points.csv is exactly what the county polygons give today, and
    /// every point lies inside its own county.
    @Test func cachedCountyPointsMatchAFreshComputation() throws {
        let cached = try String(contentsOfFile: Shared.root + "/tables/county_points.csv", encoding: .utf8)
        let fresh = try Shared.with { try $0.countyPointsCSV() }
        #expect(cached == fresh, "county_points.csv is stale: run make geodata (hinterland areas --county-points)")
        let (points, layer) = try Shared.with { (try $0.countyPoints(), try $0.data.layer("counties")) }
        #expect(points.count == layer.features.count)
        for (c, f) in zip(points, layer.features) {
            guard let p = c.point, let g = f.geometry else { continue }
            #expect(g.contains(x: p.x, y: p.y), "county \(c.code): its point lies outside it")
        }
    }
}
