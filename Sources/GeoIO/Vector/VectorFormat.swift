import GeoCore

/// The vector formats the tool writes, chosen from the output path.
public enum VectorFormat: String, CaseIterable, Sendable {
    case geopackage = "GPKG"
    case geojson = "GeoJSON"
    case flatgeobuf = "FlatGeobuf"
    case shapefile = "ESRI Shapefile"
    case postgis = "PostgreSQL"
    /// Tables without geometry, one sheet each (numbers as numbers).
    case xlsx = "XLSX"

    /// The format a path names by its extension, or `PG:` prefix for PostGIS.
    public static func forPath(_ path: String) throws -> VectorFormat {
        if path.hasPrefix("PG:") { return .postgis }
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg": return .geopackage
        case "geojson", "json": return .geojson
        case "fgb": return .flatgeobuf
        case "shp": return .shapefile
        case "xlsx": return .xlsx
        default:
            throw HinterlandError(path, "unknown output format (use .gpkg, .geojson, .fgb, .shp or a PG: connection)")
        }
    }
}

import Foundation
