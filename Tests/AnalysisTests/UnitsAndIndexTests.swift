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
        let all = units.parts.flatMap(\.prefectures)
        #expect(Set(all).count == all.count, "a prefecture in two parts")
        for p in units.parts { #expect(!p.prefectures.isEmpty && p.areaKm2 > 0 && p.population > 0, "\(p.unit) \(p.role)") }
        // The Yangtze hub is the Yangtze River Delta cluster: 27 prefectures, ~165 million people.
        let yangtzeHub = units.parts.first { $0.unit == "yangtze" && $0.role == "hub" }!
        #expect(yangtzeHub.prefectures.count == 26 || yangtzeHub.prefectures.count == 27)
        // Automatic hinterlands lie west of their hub.
        let jjjHinterland = units.parts.first { $0.unit == "jingjinji" && $0.role == "hinterland" }!
        #expect(jjjHinterland.prefectures.contains { $0.hasPrefix("14") }, "Shanxi prefectures behind 京津冀")
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

    @Test func defaultIndexRanksEveryMainlandProvince() throws {
        let index = try Shared.with { b -> HinterlandIndex in
            var set = try b.build(.province, geometry: true)
            set.zones.removeAll { ["710000", "810000", "820000"].contains($0.code) }
            return try HinterlandIndex(config: try IndexConfig.load(Shared.root + "/index.json"), set: set, builder: b, joined: nil, joinPath: nil)
        }
        let ranks = index.rank.compactMap { $0 }.sorted()
        #expect(ranks == Array(1...31))
        let noneMissing = index.missing.allSatisfy { $0.isEmpty }
        #expect(noneMissing)
        // Distances inland from the seaports: Xinjiang and Tibet are the farthest, Shanghai near one.
        let k = index.indicatorNames.firstIndex(of: "builtin:dist_seaport_km")!
        let byCode = Dictionary(uniqueKeysWithValues: index.zones.indices.map { (index.zones[$0].code, index.raw[$0][k]!) })
        let farthest = Set(byCode.sorted { $0.value > $1.value }.prefix(2).map(\.key))
        #expect(farthest == ["650000", "540000"])
        #expect(byCode["310000"]! < 50)
    }

    @Test func missingJoinedIndicatorsAreReportedNotZero() throws {
        let cfg = try JSONDecoder().decode(IndexConfig.self, from: Data(#"""
        {"criteria": [{"name": "energy", "weight": 1, "indicators": [{"source": "column:coal", "direction": "+", "weight": 1}]},
                      {"name": "people", "weight": 1, "indicators": [{"source": "builtin:population_2020", "direction": "+", "weight": 1}]}]}
        """#.utf8))
        let joined = ["510000": ["adcode": "510000", "coal": "10"], "140000": ["adcode": "140000", "coal": "900"]]
        let index = try Shared.with { b -> HinterlandIndex in
            let set = try b.build(.province, geometry: true)
            return try HinterlandIndex(config: cfg, set: set, builder: b, joined: joined, joinPath: "coal.csv")
        }
        let beijing = index.zones.firstIndex { $0.code == "110000" }!
        #expect(index.missing[beijing] == ["column:coal"])
        #expect(index.criterionScores[beijing][0] == nil && index.composite[beijing] != nil)
        let shanxi = index.zones.firstIndex { $0.code == "140000" }!
        #expect(index.criterionScores[shanxi][0] == 1)
    }
}
