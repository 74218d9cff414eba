import Analysis
import Foundation
import GeoCore
import GeoIO
import Testing

/// The zone sets the plans define, checked against the plans' own figures and lists.
struct PolicyZoneSetTests {
    /// Prefecture adcode by Chinese name (without the 市 suffix).
    static func prefecture(_ name: String) throws -> String {
        try Shared.with { b in
            let t = try b.data.layer("prefectures")
            let codes = t.strings("adcode")!, names = t.strings("name_zh")!
            guard let i = names.firstIndex(where: { $0 == name || $0 == name + "市" }) else { throw HinterlandError(name, "no such prefecture") }
            return codes[i]
        }
    }

    static func zoneOf(_ name: String, in set: ZoneSet) throws -> String? {
        let code = try prefecture(name)
        return set.zones.first { $0.members.contains(code) }?.code
    }

    /// Areas the plans state (km²): 长三角 2016 plan (26 cities), 中原 2016, 关中平原 2018,
    /// 长江中游 2015, 成渝 2016, 北部湾 2017 (陆域).
    static let planAreas: [String: Double] = ["长三角": 211_700, "中原": 287_000, "关中平原": 107_100,
                                              "长江中游": 317_000, "成渝": 185_000, "北部湾": 116_600]

    @Test func clusterAreasAreWithinEightPercentOfThePlans() throws {
        let set = try Shared.with { try $0.build(.cluster) }
        for (name, plan) in Self.planAreas {
            let z = try #require(set.zones.first { $0.name == name }, "\(name) missing")
            let diff = z.areaKm2 / plan - 1
            #expect(abs(diff) < 0.08, "\(name): \(Int(z.areaKm2)) km² against the plan's \(Int(plan)) (\(diff * 100)%)")
        }
    }

    @Test func planMembershipKeepsCitiesNamedByTwoPlansInBoth() throws {
        let (plan, primary) = try Shared.with { (try $0.build(.cluster), try $0.build(.cluster, membership: .primary)) }
        #expect(plan.memberLevel == "counties")
        // 邯郸 is in 京津冀 and in 中原; 运城 in 中原 and (without 平陆、垣曲) in 关中平原.
        let handan = try Self.prefecture("邯郸")
        let inPlan = plan.zones.filter { z in z.members.contains { $0.hasPrefix(String(handan.prefix(4))) } }.map(\.name)
        #expect(Set(inPlan) == ["京津冀", "中原"])
        let guanzhong = plan.zones.first { $0.name == "关中平原" }!
        #expect(guanzhong.members.contains("140821"), "临猗 (运城) in 关中平原")
        #expect(!guanzhong.members.contains("140829") && !guanzhong.members.contains("140827"), "平陆、垣曲 not in 关中平原")
        // Primary membership: no overlap.
        let all = primary.zones.flatMap(\.members)
        #expect(Set(all).count == all.count)
    }

    @Test func northSouthByPrefectureFollowsTheLine() throws {
        let set = try Shared.with { try $0.build(.northsouth) }
        for n in ["徐州", "连云港", "宿州", "阜阳"] { #expect(try Self.zoneOf(n, in: set) == "north", "\(n)") }
        for n in ["汉中", "安康", "商洛", "信阳", "陇南"] { #expect(try Self.zoneOf(n, in: set) == "south", "\(n)") }
        // The province convention is still there.
        let byProvince = try Shared.with { try $0.build(.northsouth, level: .province) }
        #expect(byProvince.zones.first { $0.code == "south" }!.members.contains("320000"))
    }

    @Test func thirdFrontByPrefecture() throws {
        let set = try Shared.with { try $0.build(.thirdfront) }
        #expect(try Self.zoneOf("十堰", in: set) == "partial")
        for n in ["攀枝花", "六盘水"] { #expect(try Self.zoneOf(n, in: set) == "core", "\(n)") }
        for n in ["广州", "武汉", "郑州"] { #expect(try Self.zoneOf(n, in: set) == "none", "\(n)") }
    }

    @Test func beltsAreTheDocumentsProvincesAndTheRest() throws {
        let (province, yangtze, yellow) = try Shared.with { (try $0.build(.province), try $0.build(.yangtze_belt), try $0.build(.yellow_river)) }
        // The "out" zones hold HK, MO and TW as members, but not their areas (no census).
        let total = province.zones.filter { !ZoneAccounting.isSARTW($0.code) }.reduce(0) { $0 + $1.areaKm2 }
        #expect(yangtze.zones.map(\.code) == ["in", "out"] && yellow.zones.map(\.code) == ["in", "out"])
        #expect(yangtze.zones[0].members.count == 11 && yellow.zones[0].members.count == 9)
        #expect(yangtze.zones[0].members.contains("500000") && yellow.zones[0].members.contains("510000"), "重庆 in the belt; 四川 in both")
        for s in [yangtze, yellow] { #expect(abs(s.zones.reduce(0) { $0 + $1.areaKm2 } - total) < 1) }
    }

    /// A point in 邯郸 counts in both 京津冀 and 中原 when membership is by plan.
    @Test func statsCountAPointInEveryClusterOfItsCity() throws {
        var points = PointSet(source: "test")
        points.xs = [114.49, 121.47]; points.ys = [36.61, 31.23]   // 邯郸 city, 上海
        let stats = try Shared.with { b -> PointStatistics in
            let set = try b.build(.cluster)
            let a = try b.assignment(.county)
            return PointStatistics(set: set, zonesOfUnit: a.zonesOfUnit(in: set), unitOfPoint: a.units(of: points), points: points)
        }
        let counts = Dictionary(uniqueKeysWithValues: stats.rows.map { ($0.name, $0.count) })
        #expect(counts["京津冀"] == 1 && counts["中原"] == 1 && counts["长三角"] == 1)
        #expect(stats.outside.count == 0 && stats.totalCount == 2)
    }
}
