/// Smoothing kernels for density estimation, as functions of distance over bandwidth.
///
/// Gaussian: `h` is the standard deviation; truncated at 4h (mass beyond: 3e-4 in 2-D,
/// renormalised away). The others have compact support of radius `h` (the QGIS/ArcGIS
/// convention: quartic is ArcGIS's and QGIS's default).
public enum KernelShape: String, CaseIterable, Sendable {
    case gaussian, quartic, epanechnikov, triangular, uniform

    /// Support radius in units of the bandwidth.
    public var support: Double { self == .gaussian ? 4 : 1 }

    /// True for kernels that factor as k(x)·k(y): only the Gaussian.
    public var isSeparable: Bool { self == .gaussian }

    /// Unnormalised 2-D profile at distance ratio u = d/h.
    @inline(__always)
    public func profile(_ u: Double) -> Double {
        switch self {
        case .gaussian: return u <= 4 ? exp(-0.5 * u * u) : 0
        case .quartic: return u < 1 ? (1 - u * u) * (1 - u * u) : 0
        case .epanechnikov: return u < 1 ? 1 - u * u : 0
        case .triangular: return u < 1 ? 1 - u : 0
        case .uniform: return u < 1 ? 1 : 0
        }
    }

    /// Normalised 1-D taps for a separable kernel: bandwidth `h` in cells.
    public func taps1D(bandwidthCells h: Double) -> [Double] {
        let r = Int((support * h).rounded(.up))
        var t = (-r...r).map { profile(abs(Double($0)) / h) }
        let s = t.reduce(0, +)
        for i in t.indices { t[i] /= s }
        return t
    }

    /// Normalised 2-D stamp (2r+1)² for any kernel: bandwidth `h` in cells.
    public func stamp2D(bandwidthCells h: Double) -> (radius: Int, weights: [Double]) {
        let r = max(Int((support * h).rounded(.up)), 0)
        let n = 2 * r + 1
        var w = [Double](repeating: 0, count: n * n)
        for dy in -r...r { for dx in -r...r {
            w[(dy + r) * n + dx + r] = profile((Double(dx * dx + dy * dy)).squareRoot() / h)
        } }
        let s = w.reduce(0, +)
        if s > 0 { for i in w.indices { w[i] /= s } } else { w[r * n + r] = 1 }
        return (r, w)
    }
}

import Foundation
