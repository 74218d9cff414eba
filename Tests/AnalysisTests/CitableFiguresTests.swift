import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

/// The figures a paper would cite, checked against independent official ones: yearbook land
/// areas, census totals.
struct LandAreaTests {
    /// Official land areas (GeoData/tables/official_land_area.csv, from the yearbooks): the
    /// land area (polygon minus sea) must come within 6 % where the administrative polygon
    /// is off by up to 26 % (上海 8,002 km² against 6,340.5).
    @Test func coastalLandAreasAgreeWithTheYearbooks() throws {
        let (prov, pref) = try Shared.with { b in (try b.build(.province), try b.build(.prefecture)) }
        let checks: [(ZoneSet, String, Double)] = [
            (prov, "310000", 6340.5), (prov, "120000", 11966.45), (prov, "320000", 107_200), (prov, "330000", 105_500),
            (prov, "460000", 35_400), (pref, "440300", 1997.47),
        ]
        for (set, code, official) in checks {
            let z = try #require(set.zones.first { $0.code == code })
            let land = try #require(z.landAreaKm2)
            #expect(abs(land / official - 1) < 0.06, "\(z.name): land \(land) km² against the official \(official)")
            #expect(z.officialAreaKm2 == official, "\(z.name): official_area_km2 \(String(describing: z.officialAreaKm2))")
        }
    }

    /// Every unit with an official figure: land area within 3 %, except the listed ones,
    /// whose differences GeoData/README.md explains (a new difference is a finding to explain).
    @Test func landAreasWithinThreePercentOfOfficialExceptTheExplainedOnes() throws {
        let explained: Set<String> = [
            "150000", "230000", "630000", "640000",  // the source polygons themselves differ (no coast involved)
            "310000", "320000", "320900", "320600", "460000", "460300", "210200", "130200",  // tidal flats, reclamation, islands and reefs
            "330200", "350200", "440100", "440400", "440800",  // bays and estuary channels GSHHG calls sea
        ]
        var off = [String]()
        for name in [ZoneSetName.province, .prefecture] {
            for z in try Shared.with({ try $0.build(name) }).zones {
                guard let o = z.officialAreaKm2, let l = z.landAreaKm2 else { continue }
                if abs(l / o - 1) > 0.03 && !explained.contains(z.code) { off.append("\(z.name) \(Int(l)) vs \(o)") }
            }
        }
        #expect(off.isEmpty, "land areas more than 3 % off the official figure: \(off.joined(separator: "; "))")
    }

    /// A zone's density is its population over its land area, from the same members, in
    /// every composite set; HK, MO and TW are out of both by default.
    @Test func compositeDensitiesUseTheSameMembersForAreaAndPopulation() throws {
        for name in [ZoneSetName.region4, .region7, .northsouth, .thirdfront, .cluster, .huline] {
            let set = try Shared.with { try $0.build(name) }
            for z in set.zones {
                guard let p = z.population, let d = z.density else { continue }
                let area = z.landAreaKm2 ?? z.areaKm2
                #expect(abs(d / (Double(p) / area) - 1) < 0.001, "\(name.rawValue) \(z.code)")
                #expect(!z.members.contains { ZoneAccounting.isSARTW($0) } || z.populationNote.contains("excludes"), "\(z.code)")
            }
        }
        // 华东 without Taiwan: 423,469,844 people on the land of 7 mainland provinces.
        let huadong = try #require(try Shared.with { try $0.build(.region7) }.zones.first { $0.code == "huadong" })
        #expect(huadong.population == 423_469_844)
        #expect(huadong.areaKm2 < 810_000, "Taiwan's 38,326 km² left out: \(huadong.areaKm2)")
    }

    /// User polygon files follow the same rule: a zone's part in HK, MO or TW is out of its
    /// area as it is out of its population.
    @Test func userZonesLeaveOutHKMOTWAreaWithTheirPopulation() throws {
        let file = Shared.root + "/china.gpkg"
        let set = try Shared.with { try $0.build(path: file, layer: "provinces", key: "adcode") }
        let hk = try #require(set.zones.first { $0.code == "810000" }), gd = try #require(set.zones.first { $0.code == "440000" })
        #expect(hk.areaKm2 < 1 && hk.population == 0 && hk.populationNote.contains("excludes"))
        #expect(abs(gd.areaKm2 - 181_625.8) < 1 && gd.population == 126_012_510)
        let all = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root), accounting: ZoneAccounting(includeSARTW: true))
            .build(path: file, layer: "provinces", key: "adcode")
        #expect(abs(try #require(all.zones.first { $0.code == "810000" }).areaKm2 - 1280.8) < 1)
    }

    /// With HK, MO and TW included, both area and population grow together.
    @Test func withSARTWBothAreaAndPopulationComeIn() throws {
        let b = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root), accounting: ZoneAccounting(area: .land, includeSARTW: true))
        let huadong = try #require(try b.build(.region7).zones.first { $0.code == "huadong" })
        #expect(huadong.population == Int64(423_469_844 + 23_561_236), "Taiwan's end-2020 figure comes in")
        #expect(huadong.areaKm2 > 840_000)
    }
}

struct CensusCrosswalkTests {
    /// Every mainland county polygon (Kinmen aside, which the census does not cover) has a
    /// 2020 population, and each prefecture's counties sum to its census total.
    @Test func everyCountyHasAPopulationAndPrefecturesAddUp() throws {
        let (counties, prefs) = try Shared.with { b in (try b.build(.county), b.population.prefectures) }
        let missing = counties.zones.filter { !ZoneAccounting.isSARTW($0.code) && $0.code != "350527" && $0.population == nil }
        #expect(missing.isEmpty, "no population: \(missing.map(\.name))")
        let t = try Shared.with { try $0.data.layer("counties") }
        let prefOf = Dictionary(uniqueKeysWithValues: zip(t.strings("adcode")!, t.strings("prefecture_adcode")!))
        var sums = [String: Int64]()
        for z in counties.zones where !ZoneAccounting.isSARTW(z.code) { sums[prefOf[z.code]!, default: 0] += z.population ?? 0 }
        for (code, e) in prefs where e.isCensus && !ZoneAccounting.isSARTW(code) {
            #expect(sums[code] == e.population, "prefecture \(code): counties \(sums[code] ?? 0), census \(e.population)")
        }
        #expect(sums["330100"] == 11_936_010)  // Hangzhou after its 2021 reorganisation
        let linping = try #require(counties.zones.first { $0.code == "330113" })
        #expect((linping.population ?? 0) > 0)
    }

    /// The default point layer sums to the census population of every province, exactly.
    @Test func countySeatsSumToTheCensusOfEveryProvince() throws {
        let (t, provinces) = try Shared.with { b in (try b.data.layer("county_seats"), b.population.provinces) }
        var sums = [String: Int64]()
        for (p, v) in zip(t.strings("province_adcode")!, t.column("population_2020")!) { sums[p, default: 0] += Int64(v.doubleValue!) }
        for (code, e) in provinces where e.isCensus {
            #expect(sums[code] == e.population, "\(code): seats \(sums[code] ?? 0), census \(e.population)")
        }
        #expect(sums.values.reduce(0, +) == 1_409_778_724)
        #expect(t.features.count > 2800)
    }
}

struct HuLineMajorityTests {
    /// Prefecture quasi-line: each prefecture to the side holding most of its land. The
    /// published 2020 figure (戚伟 et al. 2022, prefecture level) is about 93.5 % south-east.
    @Test func prefectureMajorityShareIsNearThePublishedFigure() throws {
        let share = try Shared.with { b -> Double in
            let r = HuLineReport(split: try b.huLineSplit(try HuLine()), assign: .majority, level: .prefecture, accounting: b.accounting)
            return r.measures.first { $0.name == "population_2020" }!.share
        }
        #expect(abs(share - 0.935) < 0.01, "prefecture quasi-line population share \(share)")
    }
}
