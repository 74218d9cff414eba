import Foundation

/// TOPSIS (Hwang and Yoon 1981) on normalised scores s_ij (larger = better): with
/// v_ij = w_j s_ij, the ideal A⁺_j = max_i v_ij and anti-ideal A⁻_j = min_i v_ij,
/// D⁺_i = √Σ_j (v_ij − A⁺_j)², D⁻_i = √Σ_j (v_ij − A⁻_j)² and the closeness
/// C_i = D⁻_i / (D⁺_i + D⁻_i) ∈ [0, 1]. A zone missing an indicator is measured on the
/// others, with their weights renormalised to sum to 1.
enum TOPSIS {
    static func scores(_ s: [[Double?]], weights w: [Double]) -> [Double?] {
        let m = w.count
        var best = [Double](repeating: -.infinity, count: m), worst = [Double](repeating: .infinity, count: m)
        for row in s { for j in 0..<m { if let v = row[j] { best[j] = max(best[j], v); worst[j] = min(worst[j], v) } } }
        return s.map { row in
            let sum = (0..<m).filter { row[$0] != nil && w[$0] > 0 }.map { w[$0] }.reduce(0, +)
            guard sum > 0 else { return nil }
            var plus = 0.0, minus = 0.0
            for j in 0..<m where w[j] > 0 {
                guard let v = row[j] else { continue }
                let wj = w[j] / sum
                plus += (wj * (v - best[j])) * (wj * (v - best[j]))
                minus += (wj * (v - worst[j])) * (wj * (v - worst[j]))
            }
            let dp = plus.squareRoot(), dm = minus.squareRoot()
            return dp + dm > 0 ? dm / (dp + dm) : 0.5
        }
    }
}
