import Foundation

/// How an indicator's values become comparable scores, larger = better after the direction
/// is applied. Computed over the ranked zones that have the value.
public enum Normalization: String, CaseIterable, Codable, Sendable {
    /// (x − min) / (max − min); a constant indicator gives 0.5.
    case minmax
    /// (x − mean) / sd (population sd); a constant indicator gives 0.
    case zscore
    /// (rank − 1) / (n − 1), ties at their mean rank.
    case rank

    public func apply(_ x: [Double?], direction: String) -> [Double?] {
        let vals = x.compactMap { $0 }
        guard !vals.isEmpty else { return x }
        let better: (Double) -> Double
        switch self {
        case .minmax:
            let lo = vals.min()!, hi = vals.max()!
            better = { hi > lo ? ($0 - lo) / (hi - lo) : 0.5 }
            return x.map { $0.map { direction == "-" ? 1 - better($0) : better($0) } }
        case .zscore:
            let mean = vals.reduce(0, +) / Double(vals.count)
            let sd = (vals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(vals.count)).squareRoot()
            better = { sd > 0 ? ($0 - mean) / sd : 0 }
            return x.map { $0.map { direction == "-" ? -better($0) : better($0) } }
        case .rank:
            let sorted = vals.sorted(), n = Double(vals.count)
            // Mean 0-based rank of a value among the sorted ones.
            func rankOf(_ v: Double) -> Double {
                var lo = 0, hi = sorted.count
                while lo < hi { let m = (lo + hi) / 2; if sorted[m] < v { lo = m + 1 } else { hi = m } }
                var up = lo
                while up < sorted.count && sorted[up] == v { up += 1 }
                return Double(lo + up - 1) / 2
            }
            better = { n > 1 ? rankOf($0) / (n - 1) : 0.5 }
            return x.map { $0.map { direction == "-" ? 1 - better($0) : better($0) } }
        }
    }
}
