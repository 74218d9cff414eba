import CGDAL
import Foundation
import GeoCore

/// Writes `FeatureTable`s with GDAL: GeoPackage, GeoJSON, FlatGeobuf, Shapefile (UTF-8 with
/// a .cpg) and PostGIS. Files are written atomically (see `AtomicOutput`); PostGIS tables
/// are replaced inside GDAL's transaction.
///
/// A GeoPackage also gets, per layer, a description in `gpkg_contents` and a default style
/// (QML and SLD) in QGIS's `layer_styles` table — the one given, or `DefaultLayerStyle`'s —
/// and the WKT2 of its CRS (`GeoPackageMetadata`).
public enum VectorWriter {
    /// Writes `tables` as layers of one dataset at `path` (formats with one layer per file
    /// take exactly one table). `styles` and `descriptions` are keyed by table name.
    public static func write(_ tables: [FeatureTable], to path: String, styles: [String: LayerStyle] = [:],
                             descriptions: [String: String] = [:]) throws {
        let format = try VectorFormat.forPath(path)
        if tables.count > 1 && ![.geopackage, .postgis, .xlsx].contains(format) {
            throw HinterlandError(path, "\(format.rawValue) holds one layer; write \(tables.count) layers to .gpkg")
        }
        if format == .postgis {
            try writePostGIS(tables, connection: path)
            return
        }
        try AtomicOutput.write(to: path) { tmp in
            try create(tables, at: tmp, format: format, reportedPath: path, styles: styles, descriptions: descriptions)
        }
    }

    private static func create(_ tables: [FeatureTable], at path: String, format: VectorFormat, reportedPath: String,
                               styles: [String: LayerStyle], descriptions: [String: String]) throws {
        GDAL.clearErrors()
        guard let driver = GDALGetDriverByName(format.rawValue) else {
            throw HinterlandError(reportedPath, "this GDAL has no \(format.rawValue) driver")
        }
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw HinterlandError(reportedPath, "cannot create (\(GDAL.lastError(or: "GDAL refused")))")
        }
        var closed = false
        defer { if !closed { GDALClose(ds) } }
        for t in tables {
            var opts: [(String, String)] = []
            switch format {
            case .shapefile: opts.append(("ENCODING", "UTF-8"))
            case .geopackage:
                opts.append(("SPATIAL_INDEX", "YES"))
                opts.append(("DESCRIPTION", descriptions[t.name] ?? DefaultLayerStyle.description(for: t)))
            case .flatgeobuf: opts.append(("SPATIAL_INDEX", "YES"))
            default: break
            }
            try writeLayer(t, into: ds, options: opts, path: reportedPath)
        }
        if format == .geopackage {
            let spatial = tables.filter { $0.geometryKind != nil }
            try GeoPackageMetadata.writeStyles(ds, spatial.map { ($0.name, styles[$0.name] ?? DefaultLayerStyle.style(for: $0)) }, path: reportedPath)
            try GeoPackageMetadata.addCRSDefinitions(ds)
        }
        GDALClose(ds)
        closed = true
        if let err = GDAL.failureSinceClear {
            throw HinterlandError(reportedPath, "write failed (\(err))")
        }
    }

    private static func writePostGIS(_ tables: [FeatureTable], connection: String) throws {
        let ds = try Dataset(path: connection, vector: true, update: true)
        for t in tables {
            try writeLayer(t, into: ds.handle, options: [("OVERWRITE", "YES"), ("GEOMETRY_NAME", "geom"),
                                                          ("SPATIAL_INDEX", "GIST"), ("LAUNDER", "YES")], path: "PostGIS table \(t.name)")
        }
    }

    private static func writeLayer(_ table: FeatureTable, into ds: GDALDatasetH, options: [(String, String)], path: String) throws {
        GDAL.clearErrors()
        let t = CanonicalFieldTypes.apply(table)
        let srs = try SpatialReference.make(t.crs)
        defer { OSRRelease(srs) }
        let opts = StringList(options)
        guard let layer = GDALDatasetCreateLayer(ds, t.name, srs, OGRGeometryBridge.ogrType(t.geometryKind), opts.pointer) else {
            throw HinterlandError(path, "cannot create layer \(t.name) (\(GDAL.lastError(or: "GDAL refused")))")
        }
        for f in t.fields {
            let type: OGRFieldType = f.type == .integer ? OFTInteger64 : f.type == .real ? OFTReal : OFTString
            let fd = OGR_Fld_Create(f.name, type)
            defer { OGR_Fld_Destroy(fd) }
            guard OGR_L_CreateField(layer, fd, 1) == OGRERR_NONE else {
                throw HinterlandError(path, "cannot create field \(f.name) (\(GDAL.lastError(or: "GDAL refused")))")
            }
        }
        let defn = OGR_L_GetLayerDefn(layer)
        _ = GDALDatasetStartTransaction(ds, 0)
        for (n, feat) in t.features.enumerated() {
            let f = OGR_F_Create(defn)
            defer { OGR_F_Destroy(f) }
            for (i, v) in feat.values.enumerated() {
                switch v {
                case .null: OGR_F_SetFieldNull(f, Int32(i))
                case .integer(let x): OGR_F_SetFieldInteger64(f, Int32(i), x)
                case .real(let x): OGR_F_SetFieldDouble(f, Int32(i), x)
                case .string(let s): OGR_F_SetFieldString(f, Int32(i), s)
                }
            }
            if let g = feat.geometry {
                let h = g.kind == .point && g.xs.count == 1 ? OGRGeometryBridge.ogrPoint(x: g.xs[0], y: g.ys[0]) : OGRGeometryBridge.ogr(g)
                OGR_F_SetGeometryDirectly(f, h)
            }
            guard OGR_L_CreateFeature(layer, f) == OGRERR_NONE else {
                _ = GDALDatasetRollbackTransaction(ds)
                throw HinterlandError(path, "cannot write feature \(n + 1) of \(t.name) (\(GDAL.lastError(or: "GDAL refused")))")
            }
        }
        _ = GDALDatasetCommitTransaction(ds)
    }
}
