import CGDAL
import Foundation
import GeoCore

/// Reads OGR vector layers (any format GDAL reads) into `FeatureTable`s.
public enum VectorReader {
    /// The names of the vector layers in a dataset.
    public static func layerNames(path: String) throws -> [String] {
        let ds = try Dataset(path: path)
        return (0..<ds.layerCount).compactMap { GDALDatasetGetLayer(ds.handle, Int32($0)) }
            .map { String(cString: OGR_L_GetName($0)) }
    }

    /// Reads one layer (the first when `layer` is nil), with all fields or only `fields`.
    /// Features without a usable geometry keep `geometry == nil`.
    /// `geometryBlobs: false` takes every geometry through OGR (to check the blob and GeoJSON readers).
    public static func read(path: String, layer: String? = nil, fields only: [String]? = nil, geometryBlobs: Bool = true) throws -> FeatureTable {
        // Plain GeoJSON files: read from their bytes when the result is OGR's (else OGR reads them).
        if geometryBlobs, GeoJSONReader.handles(path) {
            switch GeoJSONReader.read(path: path) {
            case .table(let t) where layer == nil || layer == t.name:
                return try selecting(only, from: t, path: path)
            case .malformed(let malformed):
                // OGR's reader is more lenient (json-c); its answer stands when it has one.
                do { return try readOGR(path: path, layer: layer, fields: only, geometryBlobs: geometryBlobs) } catch { throw malformed }
            default:
                break
            }
        }
        return try readOGR(path: path, layer: layer, fields: only, geometryBlobs: geometryBlobs)
    }

    /// `t` with only the fields `only` names (all when nil), in the layer's order.
    private static func selecting(_ only: [String]?, from t: FeatureTable, path: String) throws -> FeatureTable {
        guard let only else { return t }
        for f in only where t.fieldIndex(f) == nil {
            throw HinterlandError("\(DataSource.displayName(path)) layer \(t.name)", "no field '\(f)' (fields: \(t.fields.map(\.name).joined(separator: ", ")))")
        }
        let keep = t.fields.indices.filter { only.contains(t.fields[$0].name) }
        var out = t
        out.fields = keep.map { t.fields[$0] }
        for i in out.features.indices { out.features[i].values = keep.map { t.features[i].values[$0] } }
        return out
    }

    /// Reads through OGR, whatever the format.
    static func readOGR(path: String, layer: String? = nil, fields only: [String]? = nil, geometryBlobs: Bool = true) throws -> FeatureTable {
        let ds = try Dataset(path: path)
        let l = try ds.layer(named: layer)
        let name = String(cString: OGR_L_GetName(l))
        let defn = OGR_L_GetLayerDefn(l)
        var fields = [Field](), indices = [Int32]()
        for i in 0..<OGR_FD_GetFieldCount(defn) {
            let fd = OGR_FD_GetFieldDefn(defn, i)
            let fname = String(cString: OGR_Fld_GetNameRef(fd))
            if let only, !only.contains(fname) { continue }
            let type: FieldType
            switch OGR_Fld_GetType(fd) {
            case OFTInteger, OFTInteger64: type = .integer
            case OFTReal: type = .real
            default: type = .string
            }
            fields.append(Field(fname, type)); indices.append(i)
        }
        if let only {
            for f in only where !fields.contains(where: { $0.name == f }) {
                throw HinterlandError("\(DataSource.displayName(path)) layer \(name)", "no field '\(f)' (fields: \(allFieldNames(defn).joined(separator: ", ")))")
            }
        }
        let crs = SpatialReference.crs(of: OGR_L_GetSpatialRef(l)) ?? CRS.wgs84
        var table = FeatureTable(name: name, crs: crs, geometryKind: nil, fields: fields)
        // GeoPackage geometries come as blobs in one query; OGR then reads only the fields.
        let blobs = geometryBlobs ? GeoPackageGeometries.read(ds, layer: l) : nil
        var fromOGR: [(index: Int, fid: Int64)] = []   // blobs not read here (curves)
        if blobs != nil {
            let ignored = StringList(names: ["OGR_GEOMETRY"])
            withExtendedLifetime(ignored) { _ = OGR_L_SetIgnoredFields(l, ignored.mutableConstPointer) }
        }
        GDAL.clearErrors()
        OGR_L_ResetReading(l)
        while let f = OGR_L_GetNextFeature(l) {
            defer { OGR_F_Destroy(f) }
            var values = [FieldValue]()
            values.reserveCapacity(fields.count)
            for (k, i) in indices.enumerated() {
                if OGR_F_IsFieldSetAndNotNull(f, i) == 0 { values.append(.null); continue }
                switch fields[k].type {
                case .integer: values.append(.integer(OGR_F_GetFieldAsInteger64(f, i)))
                case .real: values.append(.real(OGR_F_GetFieldAsDouble(f, i)))
                case .string: values.append(.string(String(cString: OGR_F_GetFieldAsString(f, i))))
                }
            }
            var geom: Geometry?
            if let blobs {
                if let g = blobs[OGR_F_GetFID(f)] { geom = g } else { fromOGR.append((table.features.count, OGR_F_GetFID(f))) }
            } else {
                geom = OGR_F_GetGeometryRef(f).flatMap { OGRGeometryBridge.geometry(from: $0) }
            }
            table.features.append(Feature(geometry: geom, values: values))
        }
        if !fromOGR.isEmpty {
            _ = OGR_L_SetIgnoredFields(l, nil)
            for (i, fid) in fromOGR {
                guard let f = OGR_L_GetFeature(l, fid) else { continue }
                defer { OGR_F_Destroy(f) }
                table.features[i].geometry = OGR_F_GetGeometryRef(f).flatMap { OGRGeometryBridge.geometry(from: $0) }
            }
        }
        table.geometryKind = table.features.first { $0.geometry != nil }?.geometry?.kind
        if let err = GDAL.failureSinceClear {
            throw HinterlandError("\(DataSource.displayName(path)) layer \(name)", "read failed after \(table.features.count) features (\(Dataset.shorten(err, path: path)))")
        }
        return table
    }

    static func allFieldNames(_ defn: OGRFeatureDefnH?) -> [String] {
        (0..<OGR_FD_GetFieldCount(defn)).map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
    }
}
