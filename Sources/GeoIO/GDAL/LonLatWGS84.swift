import CGDAL
import GeoCore

/// Which CRSs are the one every analysis works in.
public enum CRSIdentity {
    /// Whether `crs` is longitude/latitude in degrees on WGS84 (EPSG:4326 by whatever name,
    /// such as a Shapefile's ESRI WKT "GCS_WGS_1984"): data in it need no transformation to
    /// `CRS.wgs84`. Decided by OGR comparing the two definitions, data axis order aside.
    public static func isLonLatWGS84(_ crs: CRS) -> Bool {
        if crs == .wgs84 { return true }
        guard crs.chineseOffset == nil, let a = try? SpatialReference.make(crs) else { return false }
        defer { OSRRelease(a) }
        guard let b = try? SpatialReference.make(.wgs84) else { return false }
        defer { OSRRelease(b) }
        let opts = StringList([("IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING", "YES"), ("CRITERION", "EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS")])
        return withExtendedLifetime(opts) { OSRIsSameEx(a, b, opts.constPointer) != 0 }
    }
}
