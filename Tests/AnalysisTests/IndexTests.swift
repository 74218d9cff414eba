import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

/// The hinterland suitability index: eligibility from the geometry, a score recomputed by
/// hand from the shipped table, the three methods' formulas, deterministic sensitivity.
struct IndexTests {
    static func run(_ request: IndexRequest) throws -> IndexResult {
        var r = request
        if r.config == nil { r.config = Shared.root + "/index.json" }
        return try Shared.with { try r.run(builder: $0) }
    }

    @Test func inlandProvincesAreRankedAndCoastalOnesAreHubs() throws {
        let r = try Self.run(IndexRequest())
        let hubs = Set(r.zones.indices.filter { r.role($0) == "hub" }.map { r.zones[$0].code })
        // The eleven provinces on the sea (Tianjin to Hainan), an independent fact.
        #expect(hubs == ["120000", "130000", "210000", "310000", "320000", "330000", "350000", "370000", "440000", "450000", "460000"])
        #expect(r.zones.count == 31)
        #expect(r.rank.compactMap { $0 }.sorted() == Array(1...20))
        #expect(hubs.allSatisfy { code in r.rank[r.zones.firstIndex { $0.code == code }!] == nil })
        #expect(r.missing.allSatisfy { $0.isEmpty })
        #expect(r.indicatorSources.count == 13 && r.indicatorSources.allSatisfy { !$0.isEmpty })
        #expect(r.indicatorsCSV().split(separator: "\n").count == 14)
        let all = try Self.run(IndexRequest(eligible: .all))
        #expect(all.rank.compactMap { $0 }.sorted() == Array(1...31))
    }

    /// Sichuan's score from the shipped table and the computed indicators, by the formulas
    /// of the README, without the index code.
    @Test func sichuanScoreRecomputedByHand() throws {
        let r = try Self.run(IndexRequest())
        let text = try String(contentsOfFile: Shared.root + "/tables/province_indicators_2020.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let head = lines[0]
        var table = [String: [String: Double]]()
        for l in lines.dropFirst() { table[l[0]] = Dictionary(uniqueKeysWithValues: zip(head, l).compactMap { k, v in Double(v).map { (k, $0) } }) }
        let land = try Shared.with { try $0.unitLandAreas("provinces") }
        let ids = r.indicatorIDs
        func byHand(_ code: String) -> [String: Double] {
            let t = table[code]!, pop = t["census_population_2020"]!
            return ["grain_per_person": t["grain_output_10k_t_2020"]! * 1e7 / pop,
                    "water_per_person": t["water_resources_100m_m3_2020"]! * 1e8 / pop,
                    "rail_density": t["railway_length_10k_km_2020"]! * 1e4 / (land[code]! / 1e4),
                    "urban_wage": t["avg_wage_urban_nonprivate_yuan_2021"]!,
                    "gdp_per_person": t["gdp_100m_yuan_2020_rev"]! * 1e8 / pop,
                    "industrial_va": t["industrial_va_100m_yuan_2020_rev"]!,
                    "secondary_share": t["secondary_va_100m_yuan_2020_rev"]! / t["gdp_100m_yuan_2020_rev"]! * 100,
                    "urban_employment": t["urban_unit_employment_10k_2020"]!]
        }
        let ranked = r.zones.indices.filter { r.rank[$0] != nil }
        // Every table-derived value in the output is the hand-computed one.
        for i in ranked { for (k, v) in byHand(r.zones[i].code) { #expect(abs(r.indicatorValues[i][ids.firstIndex(of: k)!]! - v) < 1e-9 * max(1, abs(v))) } }
        // The computed ones are taken from the output (tested elsewhere), then: min-max over
        // the 20 inland provinces, 1 − s for "smaller is better", log for water, equal
        // weights within each criterion, criteria at 0.25 each.
        let direction: [String: Double] = ["dist_gateway_km": -1, "dist_computing_hub_km": -1, "urban_wage": -1, "gdp_per_person": -1]
        func value(_ i: Int, _ id: String) -> Double {
            let v = byHand(r.zones[i].code)[id] ?? r.indicatorValues[i][ids.firstIndex(of: id)!]!
            return id == "water_per_person" ? log(v) : v
        }
        func s(_ i: Int, _ id: String) -> Double {
            let col = ranked.map { value($0, id) }
            let x = (value(i, id) - col.min()!) / (col.max()! - col.min()!)
            return direction[id] == -1 ? 1 - x : x
        }
        let sc = r.zones.firstIndex { $0.code == "510000" }!
        let criteria = [["grain_per_person", "water_per_person", "flat_land_share"],
                        ["population_potential", "rail_density", "dist_gateway_km", "dist_computing_hub_km"],
                        ["urban_wage", "gdp_per_person", "dist_coast_km"],
                        ["industrial_va", "secondary_share", "urban_employment"]]
        let perCriterion = criteria.map { c in c.map { s(sc, $0) }.reduce(0, +) / Double(c.count) }
        #expect(zip(perCriterion, r.criterionScores[sc]).allSatisfy { abs($0 - $1!) < 1e-12 })
        #expect(abs(perCriterion.reduce(0, +) / 4 - r.score[sc]!) < 1e-12)
    }

    /// Independent checks of computed indicators: Henan's railway density from the yearbook
    /// figure, Xinjiang farther from the coast than any province, Tibet's plateau not flat.
    @Test func computedIndicatorsAgreeWithFacts() throws {
        let r = try Self.run(IndexRequest(eligible: .all))
        func v(_ code: String, _ id: String) -> Double { r.indicatorValues[r.zones.firstIndex { $0.code == code }!][r.indicatorIDs.firstIndex(of: id)!]! }
        // 0.65 万 km of railway over Henan's 165,642 km² of land.
        #expect(abs(v("410000", "rail_density") - 6500 / 16.5642) < 0.1)
        let coast = r.zones.map { v($0.code, "dist_coast_km") }
        #expect(coast.max() == v("650000", "dist_coast_km") && v("650000", "dist_coast_km") > 2000)
        #expect(v("310000", "dist_coast_km") < 60)
        #expect(v("540000", "flat_land_share") < 0.01 && v("320000", "flat_land_share") > 0.9)
        // Population potential: Henan, in the middle of China's population, above Xinjiang by far.
        #expect(v("410000", "population_potential") > 4 * v("650000", "population_potential"))
    }

    @Test func prefectureLevelHasEveryMainlandUnit() throws {
        let r = try Self.run(IndexRequest(level: .prefecture))
        #expect(r.zones.count == 367)
        #expect(r.notes.contains { $0.hasPrefix("criterion industrial_base") })
        let hubs = r.zones.indices.filter { r.role($0) == "hub" }.map { r.zones[$0].code }
        #expect(hubs.contains("460300") && hubs.contains("440300") && !hubs.contains("420100"))
        #expect(r.rank.compactMap { $0 }.count == 367 - hubs.count)
    }

    @Test func sensitivityIsDeterministicAndBracketsTheRank() throws {
        let a = try Self.run(IndexRequest(method: .topsis, sensitivity: 200, seed: 7))
        let b = try Self.run(IndexRequest(method: .topsis, sensitivity: 200, seed: 7))
        #expect(a.csv() == b.csv())
        let c = try Self.run(IndexRequest(method: .topsis, sensitivity: 200, seed: 8))
        #expect(a.csv() != c.csv())
        for i in a.zones.indices where a.rank[i] != nil {
            let iv = a.rankInterval[i]!
            #expect(iv.p05 <= iv.median && iv.median <= iv.p95)
        }
        #expect(a.leaveOneOut.count == 13)
    }

    @Test func methodFormulas() {
        // Entropy: an indicator equal for all zones carries no information; two that split
        // the zones the same way weigh the same.
        let s: [[Double?]] = [[0, 0.5, 0], [1, 0.5, 1], [0.5, 0.5, 0.5]]
        let w = EntropyWeights.weights(s, use: [true, true, true])
        #expect(abs(w[1]) < 1e-12 && abs(w[0] - 0.5) < 1e-12 && abs(w[2] - 0.5) < 1e-12)
        // TOPSIS: the zone best on everything has closeness 1, the worst 0, and a zone
        // halfway on both 0.5.
        let t = TOPSIS.scores([[1, 1], [0, 0], [0.5, 0.5]], weights: [0.5, 0.5])
        #expect(t[0] == 1 && t[1] == 0 && abs(t[2]! - 0.5) < 1e-12)
        // Weighted: a missing indicator is left out, not zero.
        #expect(WeightedIndex.scores([[nil, 0.8]], weights: [0.5, 0.5])[0] == 0.8)
        #expect(Normalization.rank.apply([3, 1, 2, 2], direction: "+") == [1, 0, 0.5, 0.5])
        #expect(Normalization.minmax.apply([10, 20, nil], direction: "-") == [1, 0, nil])
    }

    @Test func randomGeneratorIsTheReferenceSplitMix64() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        var r = SplitMix64(seed: 42)
        for shape in [0.5, 2.5, 40.0] {
            let n = 20000
            let mean = (0..<n).map { _ in r.gamma(shape: shape) }.reduce(0, +) / Double(n)
            #expect(abs(mean - shape) < 4 * (shape / Double(n)).squareRoot(), "Gamma(\(shape)) mean \(mean)")
        }
        let d = r.dirichlet([1, 2, 3])
        #expect(abs(d.reduce(0, +) - 1) < 1e-12)
    }

    @Test func missingJoinedIndicatorsAreNamedNotZero() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"""
        {"criteria": [{"name": "energy", "weight": 1, "indicators": [{"id": "coal", "source": "column:coal", "direction": "+", "weight": 1}]},
                      {"name": "people", "weight": 1, "indicators": [{"id": "pop", "source": "builtin:population_2020", "direction": "+", "weight": 1}]}]}
        """#.write(toFile: "\(dir)/c.json", atomically: true, encoding: .utf8)
        try "adcode,coal\n510000,10\n140000,900\n".write(toFile: "\(dir)/coal.csv", atomically: true, encoding: .utf8)
        let r = try Self.run(IndexRequest(config: "\(dir)/c.json", join: "\(dir)/coal.csv"))
        let henan = r.zones.firstIndex { $0.code == "410000" }!
        #expect(r.missing[henan] == ["coal"])
        #expect(r.criterionScores[henan][0] == nil && r.score[henan] != nil)
        let shanxi = r.zones.firstIndex { $0.code == "140000" }!
        #expect(r.criterionScores[shanxi][0] == 1)
        // Not ranked (coastal) or ranked, every province but the two with a value is named.
        #expect(r.indicatorsCSV().contains(",29: 北京市 天津市"))
        #expect(r.indicatorsCSV().contains("coal,,energy,+,"))
    }

    @Test func ratiosMixingReleasesAreRejected() throws {
        let ind = IndexConfig.Indicator(id: "share", source: "table:secondary_rev", per: "table:gdp_first", direction: "+", weight: 1)
        let sources = ["secondary_rev": ["vintage": "nbs_revised"], "gdp_first": ["vintage": "first_release"], "gdp_rev": ["vintage": "nbs_revised"]]
        #expect(throws: HinterlandError.self) { try IndexIndicators.checkVintage(ind, tableSources: sources) }
        var same = ind
        same.per = "table:gdp_rev"
        #expect(throws: Never.self) { try IndexIndicators.checkVintage(same, tableSources: sources) }
    }

    @Test func requestDecodesFromSparseJSON() throws {
        let r = try JSONDecoder().decode(IndexRequest.self, from: Data(#"{"method": "topsis", "sensitivity": 10}"#.utf8))
        #expect(r.method == .topsis && r.sensitivity == 10 && r.seed == 1 && r.level == .province && r.eligible == nil && r.joinKey == "adcode")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IndexRequest.self, from: Data(#"{"method": "best"}"#.utf8)) }
    }
}
