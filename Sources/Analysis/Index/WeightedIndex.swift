import Foundation

/// The weighted composite: S_i = Σ_j w_j s_ij / Σ_{j ∈ J_i} w_j, where s_ij is the
/// normalised indicator and J_i the indicators zone i has: a missing indicator is left out
/// and the weights of the others renormalised, never scored as zero.
enum WeightedIndex {
    static func scores(_ s: [[Double?]], weights w: [Double]) -> [Double?] {
        s.map { row in
            var num = 0.0, den = 0.0
            for (j, v) in row.enumerated() where w[j] > 0 { if let v { num += w[j] * v; den += w[j] } }
            return den > 0 ? num / den : nil
        }
    }
}
