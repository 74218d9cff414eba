import GeoCore

/// How cells are allocated to hubs.
public enum CatchmentModel: String, CaseIterable, Sendable {
    /// Nearest hub (planar distance in the China Albers).
    case voronoi
    /// Multiplicatively weighted Voronoi: the hub with the least distance / mass.
    case weighted
    /// Huff: P_ij = A_j^α d_ij^-λ / Σ_k A_k^α d_ik^-λ; the dominant hub and its probability.
    case huff
    /// Reilly's law of retail gravitation: the breakpoint between hubs j and k lies
    /// d_jk / (1 + (M_k/M_j)^(1/λ)) from j; the trade areas are the weighted Voronoi cells with
    /// weights M^(1/λ) (for λ = 2, √M).
    case reilly
    /// Accumulated cost distance over a friction raster (16-neighbour Dijkstra).
    case cost
}

/// Options of a catchment analysis.
public struct CatchmentOptions: Sendable {
    public var model: CatchmentModel = .voronoi
    /// λ: distance decay (Huff, Reilly).
    public var decay = 2.0
    /// α: exponent on mass (Huff).
    public var attraction = 1.0
    public var cell = 5000.0
    public var crs: CRS = .chinaAlbers
    /// A friction raster path for `cost`; nil uses GeoData's terrain friction.
    public var friction: String?
    public var neighbours = 16
    /// Huff: keep one probability band per hub.
    public var bands = false

    public init() {}
}
