import CGDAL
import GeoCore

/// Conversions between OGR geometries and flat `Geometry` values.
enum OGRGeometryBridge {
    /// Reads an OGR geometry into flat arrays. Curves are linearised; Z and M are dropped;
    /// geometry collections keep their polygons, lines or points (the first family found).
    static func geometry(from h: OGRGeometryH, only: GeometryKind? = nil) -> Geometry? {
        var handle = h
        var linear: OGRGeometryH?
        if OGR_G_HasCurveGeometry(h, 0) != 0 {
            linear = OGR_G_GetLinearGeometry(h, 0, nil)
            if let linear { handle = linear }
        }
        defer { if let linear { OGR_G_DestroyGeometry(linear) } }
        var out: Geometry?
        collect(handle, into: &out, only: only)
        return out
    }

    private static func kind(of h: OGRGeometryH) -> GeometryKind? {
        switch OGR_GT_Flatten(OGR_G_GetGeometryType(h)) {
        case wkbPoint, wkbMultiPoint: return .point
        case wkbLineString, wkbMultiLineString, wkbLinearRing: return .lineString
        case wkbPolygon, wkbMultiPolygon: return .polygon
        default: return nil
        }
    }

    private static func points(_ h: OGRGeometryH) -> ([Double], [Double]) {
        let n = Int(OGR_G_GetPointCount(h))
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        if n > 0 {
            xs.withUnsafeMutableBytes { xp in
                ys.withUnsafeMutableBytes { yp in
                    _ = OGR_G_GetPoints(h, xp.baseAddress, 8, yp.baseAddress, 8, nil, 0)
                }
            }
        }
        return (xs, ys)
    }

    private static func collect(_ h: OGRGeometryH, into out: inout Geometry?, only: GeometryKind?) {
        let t = OGR_GT_Flatten(OGR_G_GetGeometryType(h))
        if OGR_G_IsEmpty(h) != 0 { return }
        if let only, let k = kind(of: h), k != only { return }
        switch t {
        case wkbPoint:
            merge(.point(OGR_G_GetX(h, 0), OGR_G_GetY(h, 0)), into: &out)
        case wkbLineString, wkbLinearRing:
            let (xs, ys) = points(h)
            merge(.lineString(xs: xs, ys: ys), into: &out)
        case wkbPolygon:
            mergePolygon(rings: (0..<OGR_G_GetGeometryCount(h)).compactMap { OGR_G_GetGeometryRef(h, $0).map(points) }, into: &out)
        default:  // multi-geometries and collections
            for i in 0..<OGR_G_GetGeometryCount(h) {
                guard let part = OGR_G_GetGeometryRef(h, i) else { continue }
                collect(part, into: &out, only: only)
            }
        }
    }

    /// Adds a polygon made of `rings` (exterior first) to `out`, skipping rings of fewer
    /// than 4 points (not rings; GDAL would reject them on write), and nothing when no ring is
    /// left. The rule for OGR geometries and for WKB read by `WKBReader` alike.
    static func mergePolygon(rings: [(xs: [Double], ys: [Double])], into out: inout Geometry?) {
        var g = Geometry(kind: .polygon, xs: [], ys: [], partOffsets: [0], polygonOffsets: [0, 0])
        for ring in rings where ring.xs.count >= 4 {
            g.xs += ring.xs; g.ys += ring.ys
            g.partOffsets.append(g.xs.count)
        }
        g.polygonOffsets[1] = g.partOffsets.count - 1
        if g.polygonOffsets[1] > 0 { merge(g, into: &out) }
    }

    /// Adds `g` to `out` when it is of the family `out` already holds (or `out` is empty).
    static func merge(_ g: Geometry, into out: inout Geometry?) {
        if out == nil { out = g; return }
        if out!.kind == g.kind { out!.append(g) }
    }

    /// Builds an OGR multi-geometry (MultiPoint, MultiLineString or MultiPolygon). Caller owns it.
    static func ogr(_ g: Geometry) -> OGRGeometryH {
        switch g.kind {
        case .point:
            let mp = OGR_G_CreateGeometry(wkbMultiPoint)!
            for i in 0..<g.xs.count {
                let p = OGR_G_CreateGeometry(wkbPoint)!
                OGR_G_SetPoint_2D(p, 0, g.xs[i], g.ys[i])
                OGR_G_AddGeometryDirectly(mp, p)
            }
            return mp
        case .lineString:
            let ml = OGR_G_CreateGeometry(wkbMultiLineString)!
            for part in 0..<g.partCount {
                OGR_G_AddGeometryDirectly(ml, curve(g, part, wkbLineString))
            }
            return ml
        case .polygon:
            let mp = OGR_G_CreateGeometry(wkbMultiPolygon)!
            for p in 0..<g.polygonCount {
                let poly = OGR_G_CreateGeometry(wkbPolygon)!
                for ring in g.ringRange(p) { OGR_G_AddGeometryDirectly(poly, curve(g, ring, wkbLinearRing)) }
                OGR_G_AddGeometryDirectly(mp, poly)
            }
            return mp
        }
    }

    /// A single point geometry for one-point layers (OGR_G for a Point, not MultiPoint).
    static func ogrPoint(x: Double, y: Double) -> OGRGeometryH {
        let p = OGR_G_CreateGeometry(wkbPoint)!
        OGR_G_SetPoint_2D(p, 0, x, y)
        return p
    }

    private static func curve(_ g: Geometry, _ part: Int, _ type: OGRwkbGeometryType) -> OGRGeometryH {
        let c = OGR_G_CreateGeometry(type)!
        let r = g.partRange(part)
        g.xs.withUnsafeBufferPointer { xp in
            g.ys.withUnsafeBufferPointer { yp in
                OGR_G_SetPoints(c, Int32(r.count), UnsafeMutableRawPointer(mutating: xp.baseAddress! + r.lowerBound), 8,
                                UnsafeMutableRawPointer(mutating: yp.baseAddress! + r.lowerBound), 8, nil, 0)
            }
        }
        return c
    }

    static func ogrType(_ k: GeometryKind?) -> OGRwkbGeometryType {
        switch k {
        case .point: return wkbPoint
        case .lineString: return wkbMultiLineString
        case .polygon: return wkbMultiPolygon
        case nil: return wkbNone
        }
    }
}
