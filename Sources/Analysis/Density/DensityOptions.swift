import GeoCore
import Kernels

/// How to estimate a density surface.
public struct DensityOptions: Sendable {
    public enum Bandwidth: Sendable, Equatable {
        case fixed(Double)          // metres
        case scott, silverman
    }

    public enum Units: String, CaseIterable, Sendable {
        case perKm2 = "per_km2", perCell = "per_cell", probability
    }

    public var cell: Double = 1000
    public var bandwidth: Bandwidth = .fixed(20_000)
    public var kernel: KernelShape = .gaussian
    public var units: Units = .perKm2
    public var crs: CRS = .chinaAlbers
    /// Exact direct summation instead of binning + convolution (slow; for checking).
    public var exact = false
    /// Divide by the kernel mass inside the clip region (needs a clip).
    public var edgeCorrect = false
    public static let nodata: Float = -9999
    /// Grids of more cells are written a band of rows at a time (bounded memory, the same
    /// values); up to it, held whole (faster for many points: no per-point storage).
    public var wholeGridLimit = 150_000_000

    public init() {}

    /// Parses "20km", "500m", "20000" (metres), "scott", "silverman".
    public static func parseBandwidth(_ s: String) throws -> Bandwidth {
        switch s.lowercased() {
        case "scott": return .scott
        case "silverman": return .silverman
        default: return .fixed(try parseLength(s, what: "bandwidth"))
        }
    }

    /// Parses a length: "1km", "250m", "5000" (metres).
    public static func parseLength(_ s: String, what: String) throws -> Double {
        let t = s.lowercased().trimmingCharacters(in: .whitespaces)
        let (num, scale): (String, Double) = t.hasSuffix("km") ? (String(t.dropLast(2)), 1000) : t.hasSuffix("m") ? (String(t.dropLast()), 1) : (t, 1)
        guard let v = Double(num), v.isFinite, v > 0 else {
            throw HinterlandError("\(what) \(s)", "not a positive length (e.g. 1km, 500m, 20000)")
        }
        return v * scale
    }
}

import Foundation
