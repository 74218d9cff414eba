import CGDAL
import Foundation
import GeoCore

/// What the tool adds to a GeoPackage after GDAL has written its layers: the full WKT2 of
/// every CRS (the `gpkg_crs_wkt` extension, column `definition_12_063`, which GDAL 3.6 does
/// not write) and the layers' styles in QGIS's `layer_styles` table.
enum GeoPackageMetadata {
    /// Adds `definition_12_063` to `gpkg_spatial_ref_sys` with each system's WKT2 (the
    /// named one for the China Albers) and registers the extension.
    static func addCRSDefinitions(_ ds: GDALDatasetH) throws {
        let rows = query(ds, "SELECT srs_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id > 0 ORDER BY srs_id")
        let hasColumn = !query(ds, "SELECT name FROM pragma_table_info('gpkg_spatial_ref_sys') WHERE name = 'definition_12_063'").isEmpty
        if !hasColumn {
            try execute(ds, "ALTER TABLE gpkg_spatial_ref_sys ADD COLUMN definition_12_063 TEXT NOT NULL DEFAULT 'undefined'")
        }
        for row in rows {
            guard row.count == 2, let id = Int(row[0]) else { continue }
            let wkt: String
            if let crs = CRSFromText.crs(row[1]) { wkt = (try? SpatialReferenceCheck.wkt2(crs)) ?? "undefined" } else { wkt = "undefined" }
            try execute(ds, "UPDATE gpkg_spatial_ref_sys SET definition_12_063 = \(quote(wkt)) WHERE srs_id = \(id)")
        }
        try execute(ds, """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
            definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """)
        try execute(ds, """
            INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES \
            ('gpkg_spatial_ref_sys', 'definition_12_063', 'gpkg_crs_wkt', 'http://www.geopackage.org/spec120/#extension_crs_wkt', 'read-write')
            """)
    }

    /// Writes QGIS's `layer_styles` table (the schema QGIS creates) with one default style per
    /// layer: QML and SLD.
    static func writeStyles(_ ds: GDALDatasetH, _ styles: [(table: String, style: LayerStyle)], path: String) throws {
        guard !styles.isEmpty else { return }
        GDAL.clearErrors()
        guard let layer = GDALDatasetCreateLayer(ds, "layer_styles", nil, wkbNone, nil) else {
            throw HinterlandError(path, "cannot create the layer_styles table (\(GDAL.lastError(or: "GDAL refused")))")
        }
        let fields: [(String, OGRFieldType, Int32)] = [
            ("f_table_catalog", OFTString, 256), ("f_table_schema", OFTString, 256), ("f_table_name", OFTString, 256),
            ("f_geometry_column", OFTString, 256), ("styleName", OFTString, 30), ("styleQML", OFTString, 0), ("styleSLD", OFTString, 0),
            ("useAsDefault", OFTInteger, 0), ("description", OFTString, 0), ("owner", OFTString, 30), ("ui", OFTString, 30),
            ("update_time", OFTDateTime, 0),
        ]
        for (name, type, width) in fields {
            let fd = OGR_Fld_Create(name, type)
            defer { OGR_Fld_Destroy(fd) }
            if width > 0 { OGR_Fld_SetWidth(fd, width) }
            if name == "useAsDefault" { OGR_Fld_SetSubType(fd, OFSTBoolean) }
            guard OGR_L_CreateField(layer, fd, 1) == OGRERR_NONE else {
                throw HinterlandError(path, "cannot create layer_styles.\(name) (\(GDAL.lastError(or: "GDAL refused")))")
            }
        }
        let defn = OGR_L_GetLayerDefn(layer)
        let now = Date()
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        for (table, style) in styles {
            guard let target = GDALDatasetGetLayerByName(ds, table) else { continue }
            let geometryColumn = OGR_L_GetGeometryColumn(target).map { String(cString: $0) } ?? "geom"
            let f = OGR_F_Create(defn)
            defer { OGR_F_Destroy(f) }
            let values: [String] = ["", "", table, geometryColumn, String(style.name.prefix(30)), QMLWriter.qml(style),
                                    SLDWriter.sld(style, layerName: table)]
            for (i, v) in values.enumerated() { OGR_F_SetFieldString(f, Int32(i), v) }
            OGR_F_SetFieldInteger(f, 7, 1)
            OGR_F_SetFieldString(f, 8, style.title)
            OGR_F_SetFieldString(f, 9, "hinterland")
            OGR_F_SetFieldDateTimeEx(f, 11, Int32(parts.year!), Int32(parts.month!), Int32(parts.day!), Int32(parts.hour!),
                                     Int32(parts.minute!), Float(parts.second!), 100)
            guard OGR_L_CreateFeature(layer, f) == OGRERR_NONE else {
                throw HinterlandError(path, "cannot write the style of \(table) (\(GDAL.lastError(or: "GDAL refused")))")
            }
        }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    static func execute(_ ds: GDALDatasetH, _ sql: String) throws {
        GDAL.clearErrors()
        let r = GDALDatasetExecuteSQL(ds, sql, nil, "SQLITE")
        if let r { GDALDatasetReleaseResultSet(ds, r) }
        if let e = GDAL.failureSinceClear { throw HinterlandError("GeoPackage", "\(e)") }
    }

    /// Rows of a query, every value as text.
    static func query(_ ds: GDALDatasetH, _ sql: String) -> [[String]] {
        guard let r = GDALDatasetExecuteSQL(ds, sql, nil, "SQLITE") else { return [] }
        defer { GDALDatasetReleaseResultSet(ds, r) }
        var rows = [[String]]()
        OGR_L_ResetReading(r)
        let n = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(r))
        while let f = OGR_L_GetNextFeature(r) {
            rows.append((0..<n).map { String(cString: OGR_F_GetFieldAsString(f, $0)) })
            OGR_F_Destroy(f)
        }
        GDAL.clearErrors()
        return rows
    }
}

/// A CRS from the text of a GeoPackage definition (WKT1 or WKT2).
enum CRSFromText {
    static func crs(_ text: String) -> CRS? {
        guard let srs = OSRNewSpatialReference(nil) else { return nil }
        defer { OSRRelease(srs) }
        guard OSRSetFromUserInput(srs, text) == OGRERR_NONE else { return nil }
        return SpatialReference.crs(of: srs)
    }
}
