import CGDAL
import GeoCore

/// Overlay operations on flat geometries, done by GEOS through OGR: union (dissolve) and
/// intersection. Inputs are polygonal, in any one CRS; outputs are in the same CRS.
public enum GeometryOperations {
    /// The union of all polygons: shared borders disappear (a dissolve).
    public static func union(_ parts: [Geometry]) throws -> Geometry {
        GDAL.clearErrors()
        let coll = OGR_G_CreateGeometry(wkbMultiPolygon)!
        defer { OGR_G_DestroyGeometry(coll) }
        for g in parts where g.kind == .polygon {
            let mp = OGRGeometryBridge.ogr(g)
            for i in 0..<OGR_G_GetGeometryCount(mp) {
                _ = OGR_G_AddGeometry(coll, OGR_G_GetGeometryRef(mp, i))
            }
            OGR_G_DestroyGeometry(mp)
        }
        guard let u = OGR_G_UnionCascaded(coll) else {
            throw HinterlandError("union", GDAL.lastError(or: "GEOS could not dissolve the polygons"))
        }
        defer { OGR_G_DestroyGeometry(u) }
        return OGRGeometryBridge.geometry(from: u) ?? Geometry(kind: .polygon, xs: [], ys: [])
    }

    /// The part of `a` inside `b` (polygonal result; empty when they do not overlap).
    public static func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        GDAL.clearErrors()
        let ga = OGRGeometryBridge.ogr(a), gb = OGRGeometryBridge.ogr(b)
        defer { OGR_G_DestroyGeometry(ga); OGR_G_DestroyGeometry(gb) }
        guard let r = OGR_G_Intersection(ga, gb) else {
            throw HinterlandError("intersection", GDAL.lastError(or: "GEOS could not intersect the polygons"))
        }
        defer { OGR_G_DestroyGeometry(r) }
        var g = OGRGeometryBridge.geometry(from: r) ?? Geometry(kind: .polygon, xs: [], ys: [])
        if g.kind != .polygon { g = Geometry(kind: .polygon, xs: [], ys: []) }
        return g
    }

    /// Whether GEOS finds the polygon valid (OGC simple features rules).
    public static func isValid(_ g: Geometry) -> Bool {
        let h = OGRGeometryBridge.ogr(g)
        defer { OGR_G_DestroyGeometry(h) }
        let valid = OGR_G_IsValid(h) != 0
        _ = GDAL.takeWarnings()   // GEOS's "Self-intersection at …" notes
        return valid
    }

    /// `g` when GEOS finds it valid; otherwise its make-valid repair (polygonal parts kept),
    /// checked again. Throws, naming `what`, when no valid non-empty polygon results.
    public static func validated(_ g: Geometry, what: String) throws -> Geometry {
        guard let fixed = makeValidIfNeeded(g) else { return g }
        guard fixed.kind == .polygon, !fixed.isEmpty, isValid(fixed) else {
            throw HinterlandError(what, "is not a valid polygon and GEOS make-valid could not repair it")
        }
        return fixed
    }

    /// Repairs an invalid polygon with GEOS make-valid; returns nil when it was valid already.
    public static func makeValidIfNeeded(_ g: Geometry) -> Geometry? {
        let h = OGRGeometryBridge.ogr(g)
        defer { OGR_G_DestroyGeometry(h) }
        let valid = OGR_G_IsValid(h) != 0
        _ = GDAL.takeWarnings()   // GEOS's "Self-intersection at …" notes: the caller reports the feature
        if valid { return nil }
        guard let v = OGR_G_MakeValid(h) else { return nil }
        defer { OGR_G_DestroyGeometry(v) }
        return OGRGeometryBridge.geometry(from: v, only: .polygon)
    }
}

extension GeometryOperations {
    /// A point guaranteed to lie inside the polygon (GEOS point-on-surface).
    public static func pointOnSurface(_ g: Geometry) -> (x: Double, y: Double)? {
        let h = OGRGeometryBridge.ogr(g)
        defer { OGR_G_DestroyGeometry(h) }
        guard let p = OGR_G_PointOnSurface(h) else { return nil }
        defer { OGR_G_DestroyGeometry(p) }
        return (OGR_G_GetX(p, 0), OGR_G_GetY(p, 0))
    }
}

extension GeometryOperations {
    /// The border two polygons share (their boundaries' intersection), as lines; nil if none.
    public static func sharedBorder(_ a: Geometry, _ b: Geometry) -> Geometry? {
        let ga = OGRGeometryBridge.ogr(a), gb = OGRGeometryBridge.ogr(b)
        defer { OGR_G_DestroyGeometry(ga); OGR_G_DestroyGeometry(gb) }
        guard let ba = OGR_G_Boundary(ga), let bb = OGR_G_Boundary(gb) else { return nil }
        defer { OGR_G_DestroyGeometry(ba); OGR_G_DestroyGeometry(bb) }
        guard OGR_G_Intersects(ba, bb) != 0, let r = OGR_G_Intersection(ba, bb) else { return nil }
        defer { OGR_G_DestroyGeometry(r) }
        // Shared edges come back as many short segments: merge them into lines.
        let merged = OGR_G_ForceToMultiLineString(OGR_G_Clone(r))
        defer { if let merged { OGR_G_DestroyGeometry(merged) } }
        return merged.flatMap { OGRGeometryBridge.geometry(from: $0, only: .lineString) }
    }
}
