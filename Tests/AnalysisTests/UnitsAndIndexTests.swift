import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

struct UnitsAndIndexTests {
    @Test func defaultUnitsHaveDisjointPartsAndDerivedHinterlands() throws {
        let units = try Shared.with { b in
            try CooperativeUnits(config: try UnitConfig.load(Shared.root + "/units.json"), configPath: "units.json", builder: b, geometry: false)
        }
        #expect(units.parts.count == 8)
        let all = units.parts.flatMap(\.counties)
        #expect(Set(all).count == all.count, "a county in two parts")
        for p in units.parts { #expect(!p.counties.isEmpty && p.areaKm2 > 0 && p.population > 0 && !p.source.isEmpty, "\(p.unit) \(p.role)") }
        // The Yangtze hub is the Yangtze River Delta of the 2016 plan: 26 prefectures.
        let yangtzeHub = units.parts.first { $0.unit == "yangtze" && $0.role == "hub" }!
        #expect(yangtzeHub.prefectures.count == 26)
        // Automatic hinterlands: inland prefectures nearest to their hub (北 Shanxi behind 京津冀).
        let jjjHinterland = units.parts.first { $0.unit == "jingjinji" && $0.role == "hinterland" }!
        #expect(jjjHinterland.prefectures.contains("140200"), "大同 behind 京津冀")
    }

    /// The plan units: the clusters their documents name, counted by plan membership.
    @Test func planUnitsUseThePlansClusters() throws {
        let (units, clusters, coastal) = try Shared.with { b in
            (try CooperativeUnits(config: try UnitConfig.load(Shared.root + "/units.json"), configPath: "units.json", builder: b, geometry: false),
             try b.build(.cluster), try b.data.table("coastal_prefectures"))
        }
        func part(_ u: String, _ r: String) -> CooperativeUnits.Part { units.parts.first { $0.unit == u && $0.role == r }! }
        func counties(_ names: [String]) -> Set<String> { Set(names.flatMap { n in clusters.zones.first { $0.name == n }!.members }) }
        // Yangtze: hub 长三角; hinterland 长江中游, 成渝, 黔中, 滇中 exactly (they do not overlap).
        #expect(Set(part("yangtze", "hub").counties) == counties(["长三角"]))
        #expect(Set(part("yangtze", "hinterland").counties) == counties(["长江中游", "成渝", "黔中", "滇中"]))
        let yh = ["长江中游", "成渝", "黔中", "滇中"].map { n in clusters.zones.first { $0.name == n }!.areaKm2 }.reduce(0, +)
        #expect(abs(part("yangtze", "hinterland").areaKm2 - yh) < 1)
        // Yellow River: hub 山东半岛; hinterland the six other clusters of the 纲要, less the
        // counties already in a hub (邯郸, 邢台 of 中原 stay in the 京津冀 hub; 聊城, 菏泽 in 山东半岛).
        #expect(Set(part("yellow_river", "hub").counties) == counties(["山东半岛"]))
        let six = counties(["中原", "关中平原", "兰州—西宁", "宁夏沿黄", "呼包鄂榆", "山西中部"])
        let hubs = counties(["山东半岛", "京津冀"])
        #expect(Set(part("yellow_river", "hinterland").counties) == six.subtracting(hubs))
        #expect(part("yellow_river", "hinterland").counties.contains("140821"), "临猗 (运城)")
        #expect(!part("yellow_river", "hinterland").prefectures.contains("130400"), "邯郸 stays in the 京津冀 hub")
        #expect(part("jingjinji", "hub").prefectures.contains("130400"))
        // Auto hinterlands: never Hainan, never a coastal prefecture, never a plan cluster's city.
        let coast = Set(coastal.records.filter { $0["coastal"] == "1" }.map { $0["adcode"]! })
        let inClusters = Set(clusters.zones.flatMap(\.members).map { String($0.prefix(4)) + "00" })
        for u in ["jingjinji", "greater_bay"] {
            let p = part(u, "hinterland")
            #expect(!p.prefectures.isEmpty)
            #expect(!p.prefectures.contains { $0.hasPrefix("46") }, "\(u): Hainan")
            #expect(p.prefectures.allSatisfy { !coast.contains($0) }, "\(u): a coastal prefecture")
            #expect(p.prefectures.allSatisfy { !inClusters.contains($0) }, "\(u): a plan cluster's prefecture")
        }
        #expect(part("greater_bay", "hinterland").prefectures.contains("440200"), "韶关 behind the Bay Area")
        // No enclaves: 延安 and 通化 are nearest to the 京津冀 hub but cut off from it.
        #expect(!part("jingjinji", "hinterland").prefectures.contains("610600") && !part("jingjinji", "hinterland").prefectures.contains("220500"))
    }

    @Test func badUnitConfigsNameThePlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hu-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"units": [{"id": "x", "name": "x", "hub": {"clusters": ["长三角"]}, "hinterland": {"clusters": ["无此城市群"]}}]}"#
            .write(toFile: "\(dir)/u.json", atomically: true, encoding: .utf8)
        do {
            _ = try Shared.with { b in try CooperativeUnits(config: try UnitConfig.load("\(dir)/u.json"), configPath: "\(dir)/u.json", builder: b, geometry: false) }
            Issue.record("accepted")
        } catch let e as HinterlandError {
            #expect(e.description.contains("units[0].hinterland.clusters[0]: unknown cluster '无此城市群'"))
        }
    }
}
