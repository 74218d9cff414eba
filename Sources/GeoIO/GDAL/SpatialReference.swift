import CGDAL
import GeoCore

/// OGR spatial references from and to `CRS` definitions.
enum SpatialReference {
    /// A new OGR spatial reference for `crs`, in longitude/latitude axis order. Caller releases.
    static func make(_ crs: CRS) throws -> OGRSpatialReferenceH {
        GDAL.initialize()
        let def = crs.chineseOffset == nil ? crs.definition : CRS.wgs84.definition
        guard let srs = OSRNewSpatialReference(nil) else { throw HinterlandError("CRS", "cannot allocate") }
        if OSRSetFromUserInput(srs, def) != OGRERR_NONE {
            OSRRelease(srs)
            throw HinterlandError("CRS '\(crs.definition)'", "not a CRS GDAL/PROJ understands")
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    }

    /// The shortest faithful definition of an OGR spatial reference: "EPSG:n" when the
    /// authority code is known, else its WKT2; nil when there is none.
    static func crs(of srs: OGRSpatialReferenceH?) -> CRS? {
        guard let srs else { return nil }
        if let auth = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return CRS("\(String(cString: auth)):\(String(cString: code))")
        }
        var wkt: UnsafeMutablePointer<CChar>?
        let opts = StringList([("FORMAT", "WKT2_2018")])
        let rc = OSRExportToWktEx(srs, &wkt, opts.constPointer)
        guard rc == OGRERR_NONE, let wkt else { return nil }
        defer { VSIFree(wkt) }
        return CRS(String(cString: wkt))
    }

    /// A one-line human name for a CRS: "EPSG:4326 (WGS 84)".
    static func describe(_ srs: OGRSpatialReferenceH?) -> String {
        guard let srs else { return "none" }
        let name = OSRGetName(srs).map { String(cString: $0) } ?? "unnamed"
        if let auth = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return "\(String(cString: auth)):\(String(cString: code)) (\(name))"
        }
        guard name == "unknown" || name == "unnamed" || name.isEmpty else { return name }
        // A CRS from a PROJ string (the China Albers grids) has no name: describe it by its PROJ form.
        var p4: UnsafeMutablePointer<CChar>?
        guard OSRExportToProj4(srs, &p4) == OGRERR_NONE, let p4 else { return name }
        defer { VSIFree(p4) }
        let proj = String(cString: p4).trimmingCharacters(in: .whitespaces)
        let albers = Set(CRS.chinaAlbers.definition.split(separator: " ").filter { $0 != "+no_defs" })
        if Set(proj.split(separator: " ").filter { $0 != "+no_defs" }) == albers { return "China Albers equal-area (25°N/47°N, 105°E, WGS84): \(proj)" }
        return proj
    }
}

/// Whether two CRS definitions name the same system (OSRIsSame, axis order ignored).
public enum SpatialReferenceCheck {
    public static func same(_ a: CRS, _ b: CRS) throws -> Bool {
        if a == b { return true }
        let sa = try SpatialReference.make(a), sb = try SpatialReference.make(b)
        defer { OSRRelease(sa); OSRRelease(sb) }
        return OSRIsSame(sa, sb) != 0
    }
}
