import CGDAL
import Foundation
import GeoCore

/// Writes grids as GeoTIFF: Float32, DEFLATE-compressed, 256×256 tiles, nodata and
/// metadata (units, method) set, written atomically.
public enum RasterWriter {
    public static func writeGeoTIFF(_ grid: Grid, to path: String, metadata: [String: String] = [:], description: String? = nil) throws {
        try AtomicOutput.write(to: path) { tmp in
            GDAL.clearErrors()
            guard let driver = GDALGetDriverByName("GTiff") else { throw HinterlandError(path, "this GDAL has no GTiff driver") }
            let opts = StringList([("COMPRESS", "DEFLATE"), ("ZLEVEL", "1"), ("PREDICTOR", "3"), ("TILED", "YES"),
                                   ("BLOCKXSIZE", "256"), ("BLOCKYSIZE", "256"), ("BIGTIFF", "IF_SAFER"),
                                   ("NUM_THREADS", "2")])  // blocks compress in parallel; the file is the same
            guard let ds = GDALCreate(driver, tmp, Int32(grid.width), Int32(grid.height), 1, GDT_Float32, opts.pointer) else {
                throw HinterlandError(path, "cannot create GeoTIFF (\(GDAL.lastError(or: "GDAL refused")))")
            }
            var gt = grid.geoTransform
            GDALSetGeoTransform(ds, &gt)
            let srs = try SpatialReference.make(grid.crs)
            GDALSetSpatialRef(ds, srs)
            OSRRelease(srs)
            for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { GDALSetMetadataItem(ds, k, v, nil) }
            let band = GDALGetRasterBand(ds, 1)
            if let nd = grid.nodata { GDALSetRasterNoDataValue(band, Double(nd)) }
            if let description { GDALSetDescription(band, description) }
            if let unit = metadata["units"] { GDALSetRasterUnitType(band, unit) }
            var values = grid.values
            let err = values.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Write, 0, 0, Int32(grid.width), Int32(grid.height), buf.baseAddress,
                             Int32(grid.width), Int32(grid.height), GDT_Float32, 0, 0)
            }
            GDALClose(ds)
            if err != CE_None || GDAL.failureSinceClear != nil {
                throw HinterlandError(path, "GeoTIFF write failed (\(GDAL.lastError(or: "GDAL error")))")
            }
        }
    }
}
