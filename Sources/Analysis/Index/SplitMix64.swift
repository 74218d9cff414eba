import Foundation

/// A small deterministic random generator (SplitMix64, Steele, Lea and Flood 2014) with the
/// samplers the index's sensitivity analysis needs: the same seed gives the same draws on
/// every platform and Swift version, which the standard library's generators do not promise.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): 53 random bits, never 0 (logarithms of it stay finite).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    /// Standard normal (Box–Muller; one of the pair is used, so draws do not depend on history).
    public mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang 2000; shapes below 1 through
    /// Gamma(shape + 1) · U^(1/shape).
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0)
        if shape < 1 { return gamma(shape: shape + 1) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Dirichlet(α): independent Gamma(α_k) draws divided by their sum.
    public mutating func dirichlet(_ alpha: [Double]) -> [Double] {
        let g = alpha.map { gamma(shape: $0) }
        let s = g.reduce(0, +)
        return g.map { $0 / s }
    }
}
