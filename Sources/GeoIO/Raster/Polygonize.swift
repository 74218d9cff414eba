import CGDAL
import Foundation
import GeoCore

/// Vectorises a grid of integer labels into polygons (GDALPolygonize, 8-connected), one
/// multipolygon per label; cells labelled `nodata` are left out.
public enum Polygonize {
    public static func labels(_ values: [Int32], width: Int, height: Int, geoTransform: [Double], crs: CRS,
                              nodata: Int32 = -1) throws -> [Int32: Geometry] {
        GDAL.clearErrors()
        guard let mem = GDALGetDriverByName("MEM"), let ds = GDALCreate(mem, "", Int32(width), Int32(height), 1, GDT_Int32, nil) else {
            throw HinterlandError("polygonize", "cannot create an in-memory raster")
        }
        defer { GDALClose(ds) }
        var gt = geoTransform
        GDALSetGeoTransform(ds, &gt)
        let band = GDALGetRasterBand(ds, 1)
        GDALSetRasterNoDataValue(band, Double(nodata))
        var v = values
        _ = v.withUnsafeMutableBytes { GDALRasterIO(band, GF_Write, 0, 0, Int32(width), Int32(height), $0.baseAddress, Int32(width), Int32(height), GDT_Int32, 0, 0) }
        guard let vmem = GDALGetDriverByName("Memory"), let vds = GDALCreate(vmem, "", 0, 0, 0, GDT_Unknown, nil) else {
            throw HinterlandError("polygonize", "cannot create an in-memory layer")
        }
        defer { GDALClose(vds) }
        let srs = try SpatialReference.make(crs)
        defer { OSRRelease(srs) }
        let layer = GDALDatasetCreateLayer(vds, "labels", srs, wkbPolygon, nil)
        let fd = OGR_Fld_Create("label", OFTInteger)
        OGR_L_CreateField(layer, fd, 1)
        OGR_Fld_Destroy(fd)
        let opts = StringList([("8CONNECTED", "8")])
        guard GDALPolygonize(band, band, layer, 0, opts.pointer, nil, nil) == CE_None else {
            throw HinterlandError("polygonize", GDAL.lastError(or: "GDALPolygonize failed"))
        }
        var out = [Int32: Geometry]()
        OGR_L_ResetReading(layer)
        while let f = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(f) }
            let label = OGR_F_GetFieldAsInteger(f, 0)
            guard label != nodata, let h = OGR_F_GetGeometryRef(f), let g = OGRGeometryBridge.geometry(from: h) else { continue }
            if out[label] == nil { out[label] = g } else { out[label]!.append(g) }
        }
        return out
    }
}
