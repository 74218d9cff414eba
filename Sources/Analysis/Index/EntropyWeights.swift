import Foundation

/// The entropy weight method: for min-max scores s_ij of indicator j over the n_j zones that
/// have it, p_ij = s_ij / Σ_i s_ij, e_j = −(1 / ln n_j) Σ_i p_ij ln p_ij (0 ln 0 = 0),
/// d_j = 1 − e_j and w_j = d_j / Σ_k d_k: an indicator that separates the zones more
/// (lower entropy) weighs more. Indicators switched off in the config (`use` false) get 0.
enum EntropyWeights {
    static func weights(_ s: [[Double?]], use: [Bool]) -> [Double] {
        let m = use.count
        var d = [Double](repeating: 0, count: m)
        for j in 0..<m where use[j] {
            let col = s.compactMap { $0[j] }
            let total = col.reduce(0, +)
            guard col.count > 1, total > 0 else { continue }
            var e = 0.0
            for v in col where v > 0 { let p = v / total; e -= p * log(p) }
            d[j] = max(1 - e / log(Double(col.count)), 0)
        }
        let sum = d.reduce(0, +)
        return sum > 0 ? d.map { $0 / sum } : use.map { $0 ? 1 / Double(use.filter { $0 }.count) : 0 }
    }
}
