import Foundation
import GeoCore

/// Scores and ranks the eligible zones by one method, with the optional perturbation runs;
/// the other zones keep their indicator values and are listed as hubs.
struct IndexModel {
    let config: IndexConfig
    let configPath: String
    let zones: IndexZones
    let values: IndexIndicators
    let eligible: [Bool]
    let rule: IndexEligibility
    let method: IndexMethod
    let sensitivity: Int
    let seed: UInt64

    func result() throws -> IndexResult {
        let inds = config.allIndicators
        let m = inds.count
        let ranked = eligible.indices.filter { eligible[$0] }
        guard !ranked.isEmpty else { throw HinterlandError(configPath, "no zone is eligible for ranking") }
        // The transformed values of the ranked zones; an indicator none of them has is not used.
        var notes = [String]()
        var x = ranked.map { i in (0..<m).map { j -> Double? in
            guard let v = values.values[i][j] else { return nil }
            return inds[j].transform == "log" ? (v > 0 ? log(v) : nil) : v
        } }
        let use = (0..<m).map { j in inds[j].weight > 0 && values.unavailable[inds[j].id] == nil && x.contains { $0[j] != nil } }
        for j in 0..<m where !use[j] && inds[j].weight > 0 {
            notes.append("\(inds[j].id): " + (values.unavailable[inds[j].id] ?? "no ranked zone has a value") + ", left out")
        }
        for (k, c) in config.criteria.enumerated() {
            let first = config.criteria[..<k].map(\.indicators.count).reduce(0, +)
            if c.weight > 0, !(first..<(first + c.indicators.count)).contains(where: { use[$0] }) {
                notes.append("criterion \(c.name): no indicator available at this level, left out (the other criteria's weights renormalised)")
            }
        }
        for r in x.indices { for j in 0..<m where !use[j] { x[r][j] = nil } }
        let normalization = config.normalize ?? .minmax
        func normalised(_ n: Normalization, _ x: [[Double?]]) -> [[Double?]] {
            var s = x
            for j in 0..<m where use[j] {
                let col = n.apply(x.map { $0[j] }, direction: inds[j].direction)
                for r in s.indices { s[r][j] = col[r] }
            }
            return s
        }
        func baseWeights(_ use: [Bool]) -> [Double] {
            method == .entropy ? EntropyWeights.weights(normalised(.minmax, x), use: use) : config.effectiveWeights(keep: use)
        }
        func scores(_ s: [[Double?]], _ w: [Double]) -> [Double?] {
            method == .topsis ? TOPSIS.scores(s, weights: w) : WeightedIndex.scores(s, weights: w)
        }
        let s0 = normalised(normalization, x)
        let w0 = baseWeights(use)
        let base = scores(s0, w0)
        let baseRank = IndexModel.ranks(base, codes: ranked.map { zones.codes[$0] })
        // Criterion scores: weighted means of the normalised indicators within each criterion.
        var criterion = [[Double?]](repeating: [], count: ranked.count)
        var k0 = 0
        for c in config.criteria {
            let range = k0..<(k0 + c.indicators.count)
            let w = (0..<m).map { range.contains($0) ? w0[$0] : 0 }
            for (r, v) in WeightedIndex.scores(s0, weights: w).enumerated() { criterion[r].append(v) }
            k0 += c.indicators.count
        }
        var result = IndexResult(level: zones.level, method: method, eligibility: rule, normalization: normalization, config: config,
                                 zones: zones, eligible: eligible, indicatorValues: values.values, indicatorSources: values.sources, used: use, weights: w0, notes: notes)
        for (r, i) in ranked.enumerated() {
            result.score[i] = base[r]; result.rank[i] = baseRank[r]; result.criterionScores[i] = criterion[r]
        }
        for i in zones.zones.indices {
            result.missing[i] = (0..<m).filter { use[$0] && (values.values[i][$0] == nil || (inds[$0].transform == "log" && values.values[i][$0]! <= 0)) }.map { inds[$0].id }
        }
        guard sensitivity > 0 else { return result }
        let spec = config.sensitivity ?? IndexConfig.Sensitivity(concentration: 100, normalizations: Normalization.allCases)
        let codes = ranked.map { zones.codes[$0] }
        let normals = Dictionary(spec.normalizations.map { ($0, normalised($0, x)) }, uniquingKeysWith: { a, _ in a })
        let intervals = IndexSensitivity.rankIntervals(runs: sensitivity, seed: seed, spec: spec, baseWeights: w0) { n, w in
            IndexModel.ranks(scores(normals[n]!, w), codes: codes)
        }
        for (r, i) in ranked.enumerated() { result.rankInterval[i] = intervals[r] }
        result.leaveOneOut = (0..<m).filter { w0[$0] > 0 }.map { j in
            let change = IndexSensitivity.rankChange(base: baseRank) {
                var keep = use
                keep[j] = false
                var xj = x
                for r in xj.indices { xj[r][j] = nil }
                let w = method == .entropy ? EntropyWeights.weights(normalised(.minmax, xj), use: keep) : config.effectiveWeights(keep: keep)
                return IndexModel.ranks(scores(normalised(normalization, xj), w), codes: codes)
            }
            var byZone = [Int?](repeating: nil, count: zones.zones.count)
            for (r, i) in ranked.enumerated() { byZone[i] = change[r] }
            return (inds[j].id, byZone)
        }
        result.sensitivityRuns = sensitivity
        result.seed = seed
        result.concentration = spec.concentration
        return result
    }

    /// Ranks by score, highest first; ties by zone code; zones without a score unranked.
    static func ranks(_ score: [Double?], codes: [String]) -> [Int?] {
        let order = score.indices.filter { score[$0] != nil }.sorted {
            score[$0]! != score[$1]! ? score[$0]! > score[$1]! : codes[$0] < codes[$1]
        }
        var rank = [Int?](repeating: nil, count: score.count)
        for (r, i) in order.enumerated() { rank[i] = r + 1 }
        return rank
    }
}
