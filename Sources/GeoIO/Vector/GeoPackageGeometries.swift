import CGDAL
import GeoCore

/// The geometries of a GeoPackage table read as blobs through SQLite (one SQL query) and
/// parsed by `WKBReader`, instead of OGR building a geometry object per feature and ring that
/// is then copied out: the embedded prefecture layer (370 features, 310,000 vertices) loads in
/// a third of the time (measured), which is the start of every zonal and map command.
enum GeoPackageGeometries {
    /// Geometry by feature id, for the layer `layer` of the GeoPackage `ds`; nil when the
    /// layer is not a plain GeoPackage table (a view, no FID column) or the blobs cannot be
    /// read as such: the caller then reads geometries through OGR. A feature whose blob is not
    /// read here (curves) is absent from the map, for the caller to take from OGR.
    static func read(_ ds: Dataset, layer: OGRLayerH) -> [Int64: Geometry?]? {
        guard ds.driverName == "GPKG",
              let fidName = OGR_L_GetFIDColumn(layer).map({ String(cString: $0) }), !fidName.isEmpty,
              let geomName = OGR_L_GetGeometryColumn(layer).map({ String(cString: $0) }), !geomName.isEmpty
        else { return nil }
        let table = String(cString: OGR_L_GetName(layer))
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // The blob from its second byte on: OGR recognises whole GeoPackage blobs in a result
        // and would parse them into geometries again. The key comes back as the result's FID.
        let sql = "SELECT \(quoted(fidName)) AS hl_fid, substr(\(quoted(geomName)), 2) AS hl_geom FROM \(quoted(table))"
        GDAL.clearErrors()
        guard let result = GDALDatasetExecuteSQL(ds.handle, sql, nil, nil) else { return nil }
        defer { GDALDatasetReleaseResultSet(ds.handle, result) }
        let defn = OGR_L_GetLayerDefn(result)
        let blobField = OGR_FD_GetFieldIndex(defn, "hl_geom"), keyField = OGR_FD_GetFieldIndex(defn, "hl_fid")
        guard blobField >= 0, OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, blobField)) == OFTBinary else { return nil }
        // The blobs are copied out of SQLite in one pass, then parsed on all cores.
        var fids = [Int64](), blobs = [[UInt8]?]()
        while let f = OGR_L_GetNextFeature(result) {
            defer { OGR_F_Destroy(f) }
            fids.append(keyField >= 0 ? OGR_F_GetFieldAsInteger64(f, keyField) : OGR_F_GetFID(f))
            var n: Int32 = 0
            guard OGR_F_IsFieldSetAndNotNull(f, blobField) != 0, let p = OGR_F_GetFieldAsBinary(f, blobField, &n) else { blobs.append(nil); continue }
            var blob = [UInt8](repeating: 0, count: Int(n) + 1)
            blob[0] = 0x47   // the "G" left out
            blob.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: p, byteCount: Int(n)) }
            blobs.append(blob)
        }
        var parsed = [Geometry??](repeating: nil, count: blobs.count)
        parsed.withUnsafeMutableBufferPointer { out in
            Parallel.forEach((blobs.count + 15) / 16) { c in
                for i in (c * 16)..<min(c * 16 + 16, blobs.count) {
                    out[i] = blobs[i].map { b in b.withUnsafeBytes { WKBReader.geometry(gpkg: $0) } } ?? Geometry??.some(nil)
                }
            }
        }
        var out: [Int64: Geometry?] = [:]
        out.reserveCapacity(fids.count)
        for (i, fid) in fids.enumerated() {
            // nil: not read here (curves), for OGR; .some(nil): no geometry.
            if let g = parsed[i] { out[fid] = g }
        }
        return GDAL.failureSinceClear == nil ? out : nil
    }
}
