import GeoIO

extension ZoneSetBuilder {
    /// Whether a zone-set argument that is no named set can be a polygon source: an existing
    /// file or folder, or a database connection such as PostGIS (`PG:…`), whose layer and
    /// key field then name the zones.
    public static func isPolygonSource(_ name: String) -> Bool { DataSource.exists(name) }
}
