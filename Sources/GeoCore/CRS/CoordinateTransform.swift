import CPROJ
import Foundation

/// An explicit transformation between two CRSs, created once and applied to whole coordinate
/// arrays (PROJ's `proj_trans_generic`), in the spirit of PROJ pipelines. Axis order is
/// always x = longitude/easting, y = latitude/northing (`proj_normalize_for_visualization`).
/// GCJ-02 and BD-09 at either end are handled as an extra step through WGS84.
/// Where PROJ's operation is a plain degrees → Albers equal-area pipeline, the points are
/// projected by `AlbersEqualArea` with the same formulas instead of through PROJ one by one.
/// Not thread-safe: PROJ objects belong to one thread; make one transform per task (large
/// arrays are split over two cores internally, with a second PROJ object).
public final class CoordinateTransform {
    public let source: CRS
    public let target: CRS
    private let context: OpaquePointer?
    private let pj: OpaquePointer?
    private let sourceOffset: ChineseOffsets.Datum?
    private let targetOffset: ChineseOffsets.Datum?
    private let albers: AlbersEqualArea?

    /// `viaPROJOnly` keeps every point in PROJ (the tests compare the two paths).
    public init(from source: CRS, to target: CRS, viaPROJOnly: Bool = false) throws {
        self.source = source
        self.target = target
        sourceOffset = source.chineseOffset
        targetOffset = target.chineseOffset
        let s = sourceOffset == nil ? source.definition : CRS.wgs84.definition
        let t = targetOffset == nil ? target.definition : CRS.wgs84.definition
        if s == t {
            context = nil; pj = nil; albers = nil
            return
        }
        let ctx = proj_context_create()
        proj_log_level(ctx, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(ctx, s, t, nil) else {
            let msg = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
            proj_context_destroy(ctx)
            throw HinterlandError("CRS \(s) → \(t)", "PROJ cannot build the transformation (\(msg))")
        }
        guard let norm = proj_normalize_for_visualization(ctx, raw) else {
            proj_destroy(raw); proj_context_destroy(ctx)
            throw HinterlandError("CRS \(s) → \(t)", "PROJ cannot normalise axis order")
        }
        proj_destroy(raw)
        context = ctx
        pj = norm
        albers = viaPROJOnly ? nil : proj_pj_info(norm).definition.flatMap { AlbersEqualArea(operation: String(cString: $0)) }
    }

    /// Whether the points go through `AlbersEqualArea` rather than PROJ.
    public var projectsNatively: Bool { albers != nil }

    /// A second transformation between the same CRSs, made on first use for large arrays.
    private lazy var twin: CoordinateTransform? = try? CoordinateTransform(from: source, to: target, viaPROJOnly: true)

    deinit {
        if let pj { proj_destroy(pj) }
        if let context { proj_context_destroy(context) }
    }

    /// Transforms the arrays in place. Points PROJ cannot transform become infinity.
    public func apply(xs: inout [Double], ys: inout [Double]) {
        precondition(xs.count == ys.count)
        if let d = sourceOffset { ChineseOffsets.toWGS84(from: d, xs: &xs, ys: &ys) }
        if let albers, !xs.isEmpty {
            xs.withUnsafeMutableBufferPointer { xp in
                ys.withUnsafeMutableBufferPointer { yp in
                    let p = UncheckedSendable((xp.baseAddress!, yp.baseAddress!))
                    let n = xp.count, piece = 1 << 15   // each point's result is the same in any piece
                    Parallel.forEach((n + piece - 1) / piece) { k in
                        albers.forward(xs: p.value.0 + k * piece, ys: p.value.1 + k * piece, count: min(piece, n - k * piece))
                    }
                }
            }
        } else if let pj, !xs.isEmpty {
            let n = xs.count
            let stride = MemoryLayout<Double>.stride
            xs.withUnsafeMutableBufferPointer { xp in
                ys.withUnsafeMutableBufferPointer { yp in
                    // Large arrays go half through a twin transformation on the other core
                    // (PROJ objects are per thread); each point's result is the same either way.
                    if n >= 1 << 16, Parallel.threads > 1, let tpj = twin?.pj {
                        let half = n / 2
                        let job = TransformJob(x: xp.baseAddress!, y: yp.baseAddress!, pjs: (pj, tpj))
                        DispatchQueue.concurrentPerform(iterations: 2) { t in
                            let off = t == 0 ? 0 : half, m = t == 0 ? half : n - half
                            _ = proj_trans_generic(t == 0 ? job.pjs.0 : job.pjs.1, PJ_FWD, job.x + off, stride, m, job.y + off, stride, m,
                                                   nil, 0, 0, nil, 0, 0)
                        }
                    } else {
                        _ = proj_trans_generic(pj, PJ_FWD, xp.baseAddress, stride, n, yp.baseAddress, stride, n,
                                               nil, 0, 0, nil, 0, 0)
                    }
                }
            }
        }
        if let d = targetOffset { ChineseOffsets.fromWGS84(to: d, xs: &xs, ys: &ys) }
    }

    public func apply(_ g: Geometry) -> Geometry {
        var out = g
        apply(xs: &out.xs, ys: &out.ys)
        return out
    }

    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        var xs = [x], ys = [y]
        apply(xs: &xs, ys: &ys)
        return (xs[0], ys[0])
    }
}

/// What the two halves of a parallel transformation share: raw buffers each half writes a
/// disjoint part of, and one PROJ object per thread.
private struct TransformJob: @unchecked Sendable {
    let x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>
    let pjs: (OpaquePointer, OpaquePointer)
}

extension CRS {
    /// Whether PROJ resolves this CRS to a geographic one (coordinates in degrees). The
    /// Chinese offset datums are geographic; an unresolvable definition is not.
    public var isGeographic: Bool {
        if chineseOffset != nil { return true }
        guard let ctx = proj_context_create() else { return false }
        defer { proj_context_destroy(ctx) }
        proj_log_level(ctx, PJ_LOG_NONE)
        // A bare PROJ string is an operation, not a CRS, until +type=crs says so.
        var def = definition
        if def.hasPrefix("+"), !def.contains("+type=crs") { def += " +type=crs" }
        guard let pj = proj_create(ctx, def) else { return false }
        defer { proj_destroy(pj) }
        switch proj_get_type(pj) {
        case PJ_TYPE_GEOGRAPHIC_CRS, PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS: return true
        default: return false
        }
    }
}
