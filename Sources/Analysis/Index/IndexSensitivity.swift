import Foundation

/// How firm a ranking is. Each perturbed run draws the weights from a Dirichlet(κ · w)
/// around the method's weights w (mean w; κ sets the spread: the coefficient of variation
/// of a weight is √((1 − w) / (w (κ + 1)))) and one of the configured normalisations; the
/// zone's ranks over the runs give its median and 5–95 % interval (nearest-rank
/// percentiles). Leaving one indicator out shows what each indicator moves.
enum IndexSensitivity {
    /// Median, 5 % and 95 % rank of each ranked zone over `runs` runs; `rank` scores one run
    /// (normalisation, weights) and returns the ranks.
    static func rankIntervals(runs: Int, seed: UInt64, spec: IndexConfig.Sensitivity, baseWeights w0: [Double],
                              rank: (Normalization, [Double]) -> [Int?]) -> [(median: Int, p05: Int, p95: Int)?] {
        var rng = SplitMix64(seed: seed)
        let active = w0.indices.filter { w0[$0] > 0 }
        var draws = [[Int]]()
        for _ in 0..<runs {
            let d = rng.dirichlet(active.map { spec.concentration * w0[$0] })
            var w = [Double](repeating: 0, count: w0.count)
            for (a, j) in active.enumerated() { w[j] = d[a] }
            let n = spec.normalizations[Int(rng.next() % UInt64(spec.normalizations.count))]
            let ranks = rank(n, w)
            if draws.isEmpty { draws = Array(repeating: [], count: ranks.count) }
            for (r, v) in ranks.enumerated() { if let v { draws[r].append(v) } }
        }
        return draws.map { d in
            guard !d.isEmpty else { return nil }
            let sorted = d.sorted()
            func pct(_ p: Double) -> Int { sorted[max(Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1, 0)] }
            return (pct(50), pct(5), pct(95))
        }
    }

    /// Rank change (positive: the zone falls) of a variant ranking against the base one.
    static func rankChange(base: [Int?], variant: () -> [Int?]) -> [Int?] {
        zip(base, variant()).map { b, v in b.flatMap { b in v.map { $0 - b } } }
    }
}
