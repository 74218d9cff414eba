import CGDAL
import Foundation
import GeoCore

/// A description of any GDAL dataset, vector or raster: what `hinterland info` prints.
/// `wkt` adds each CRS's full WKT2 under its one-line name.
public enum DatasetInfo {
    public static func describe(path: String, wkt: Bool = false) throws -> String {
        // A database connection opens as vector only: GDAL's PostGIS raster driver would claim
        // the PG: string and fail where no raster table exists.
        let ds = try Dataset(path: path, vector: true, raster: !DataSource.isDatabase(path))
        func crsLines(_ srs: OGRSpatialReferenceH?, indent: String) -> [String] {
            var lines = ["\(indent)crs: \(SpatialReference.describe(srs))"]
            if wkt, let srs, let text = SpatialReference.wkt2(srs) {
                lines += text.split(separator: "\n").map { "\(indent)  \($0)" }
            }
            return lines
        }
        var out = ["\(DataSource.displayName(path))", "  driver: \(ds.driverName)"]
        let h = ds.handle
        let nx = GDALGetRasterXSize(h), ny = GDALGetRasterYSize(h), nb = GDALGetRasterCount(h)
        if nb > 0 {
            out.append("  raster: \(nx) × \(ny) cells, \(nb) band\(nb == 1 ? "" : "s")")
            var gt = [Double](repeating: 0, count: 6)
            if GDALGetGeoTransform(h, &gt) == CE_None {
                out.append(String(format: "  origin: (%.6f, %.6f), cell size: %.6f × %.6f", gt[0], gt[3], gt[1], abs(gt[5])))
                out.append(String(format: "  extent: %.6f, %.6f – %.6f, %.6f", gt[0], gt[3] + Double(ny) * gt[5],
                                  gt[0] + Double(nx) * gt[1], gt[3]))
            } else {
                out.append("  geotransform: none")
            }
            out += crsLines(GDALGetSpatialRef(h), indent: "  ")
            for b in 1...nb {
                guard let band = GDALGetRasterBand(h, b) else { continue }
                let type = String(cString: GDALGetDataTypeName(GDALGetRasterDataType(band)))
                var hasNodata: Int32 = 0
                let nodata = GDALGetRasterNoDataValue(band, &hasNodata)
                var line = "  band \(b): \(type)"
                if hasNodata != 0 { line += ", nodata \(nodata)" }
                if let d = GDALGetDescription(band), d.pointee != 0 { line += ", \(String(cString: d))" }
                out.append(line)
            }
        }
        for i in 0..<ds.layerCount {
            guard let l = GDALDatasetGetLayer(h, Int32(i)) else { continue }
            let name = String(cString: OGR_L_GetName(l))
            let type = String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(l)))
            let count = OGR_L_GetFeatureCount(l, 1)
            out.append("  layer \(name): \(type), \(count) feature\(count == 1 ? "" : "s")")
            let spatial = OGR_L_GetGeomType(l) != wkbNone
            if spatial { out += crsLines(OGR_L_GetSpatialRef(l), indent: "    ") }
            var env = OGREnvelope()
            if spatial && OGR_L_GetExtent(l, &env, 1) == OGRERR_NONE {
                out.append(String(format: "    extent: %.6f, %.6f – %.6f, %.6f", env.MinX, env.MinY, env.MaxX, env.MaxY))
            }
            let defn = OGR_L_GetLayerDefn(l)
            let fields = (0..<OGR_FD_GetFieldCount(defn)).map { j -> String in
                let fd = OGR_FD_GetFieldDefn(defn, j)
                return "\(String(cString: OGR_Fld_GetNameRef(fd))) (\(String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(fd)))))"
            }
            if !fields.isEmpty { out.append("    fields: \(fields.joined(separator: ", "))") }
        }
        if nb == 0 && ds.layerCount == 0 {
            throw HinterlandError(DataSource.displayName(path), "opens in GDAL (\(ds.driverName)) but holds neither raster bands nor vector layers")
        }
        return out.joined(separator: "\n")
    }
}
