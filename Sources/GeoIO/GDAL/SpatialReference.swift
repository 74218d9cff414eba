import Foundation
import CGDAL
import GeoCore

/// OGR spatial references from and to `CRS` definitions.
///
/// The China Albers has no EPSG code: written from its PROJ string it would be called
/// "unknown" in every file. Any definition PROJ finds equal to it is therefore written as the
/// named WKT2 of `CRS.chinaAlbersWKT2`, and read back as `CRS.chinaAlbers`.
enum SpatialReference {
    /// A new OGR spatial reference for `crs`, in longitude/latitude axis order. Caller releases.
    static func make(_ crs: CRS) throws -> OGRSpatialReferenceH {
        GDAL.initialize()
        let def = crs.chineseOffset == nil ? crs.definition : CRS.wgs84.definition
        if crs == .chinaAlbers { return try parse(CRS.chinaAlbersWKT2, reported: crs.definition) }
        let srs = try parse(def, reported: crs.definition)
        guard !isNamed(srs) && isChinaAlbers(srs) else { return srs }
        OSRRelease(srs)
        return try parse(CRS.chinaAlbersWKT2, reported: crs.definition)
    }

    private static func parse(_ def: String, reported: String) throws -> OGRSpatialReferenceH {
        guard let srs = OSRNewSpatialReference(nil) else { throw HinterlandError("CRS", "cannot allocate") }
        if OSRSetFromUserInput(srs, def) != OGRERR_NONE {
            OSRRelease(srs)
            throw HinterlandError("CRS '\(reported)'", "not a CRS GDAL/PROJ understands")
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    }

    /// The China Albers as an OGR spatial reference, parsed once (used for comparisons only).
    nonisolated(unsafe) private static let albers: OGRSpatialReferenceH? = {
        GDAL.initialize()
        return try? parse(CRS.chinaAlbersWKT2, reported: CRS.chinaAlbersName)
    }()

    private static let lock = NSLock()

    /// Whether an SRS is the China Albers (same parameters, datum and units; name ignored).
    static func isChinaAlbers(_ srs: OGRSpatialReferenceH) -> Bool {
        guard OSRIsProjected(srs) != 0, let albers else { return false }
        lock.lock(); defer { lock.unlock() }
        let opts = StringList([("IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING", "YES"), ("CRITERION", "EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS")])
        return OSRIsSameEx(srs, albers, opts.constPointer) != 0
    }

    private static func isNamed(_ srs: OGRSpatialReferenceH) -> Bool {
        let name = OSRGetName(srs).map { String(cString: $0) } ?? ""
        return !(name.isEmpty || name == "unknown" || name == "unnamed")
    }

    /// The shortest faithful definition of an OGR spatial reference: "EPSG:n" when the
    /// authority code is known, `CRS.chinaAlbers` for it, else its WKT2; nil when there is none.
    static func crs(of srs: OGRSpatialReferenceH?) -> CRS? {
        guard let srs else { return nil }
        if let auth = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return CRS("\(String(cString: auth)):\(String(cString: code))")
        }
        if isChinaAlbers(srs) { return .chinaAlbers }
        return wkt2(srs).map(CRS.init)
    }

    /// The WKT2 (2019) text of an SRS, multi-line.
    static func wkt2(_ srs: OGRSpatialReferenceH) -> String? {
        var wkt: UnsafeMutablePointer<CChar>?
        let opts = StringList([("FORMAT", "WKT2_2019"), ("MULTILINE", "YES")])
        let rc = OSRExportToWktEx(srs, &wkt, opts.constPointer)
        guard rc == OGRERR_NONE, let wkt else { return nil }
        defer { VSIFree(wkt) }
        return String(cString: wkt)
    }

    /// A one-line human name for a CRS: "EPSG:4326 (WGS 84)", "China Albers Equal Area
    /// (25N, 47N, 105E)", or the PROJ string of a system without a name.
    static func describe(_ srs: OGRSpatialReferenceH?) -> String {
        guard let srs else { return "none" }
        let name = OSRGetName(srs).map { String(cString: $0) } ?? "unnamed"
        if let auth = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            return "\(String(cString: auth)):\(String(cString: code)) (\(name))"
        }
        if isChinaAlbers(srs) { return "\(CRS.chinaAlbersName)\(isNamed(srs) ? "" : " (unnamed in the file)")" }
        guard !isNamed(srs) else { return name }
        var p4: UnsafeMutablePointer<CChar>?
        guard OSRExportToProj4(srs, &p4) == OGRERR_NONE, let p4 else { return name }
        defer { VSIFree(p4) }
        return String(cString: p4).trimmingCharacters(in: .whitespaces)
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

    /// The WKT2 (2019) definition of a CRS as the tool writes it into files (named, for the
    /// China Albers).
    public static func wkt2(_ crs: CRS) throws -> String {
        let s = try SpatialReference.make(crs)
        defer { OSRRelease(s) }
        guard let w = SpatialReference.wkt2(s) else { throw HinterlandError("CRS '\(crs.definition)'", "has no WKT2 form") }
        return w
    }
}
