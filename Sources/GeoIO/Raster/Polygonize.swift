import CGDAL
import Foundation
import GeoCore

/// Vectorises a grid of integer labels into polygons, one (multi)polygon per label; cells
/// labelled `nodata` are left out.
///
/// GDALPolygonize is given a separate mask band (1 where the label is not `nodata`), so every
/// other label, 0 included, is traced: with the label band as its own mask, GDAL treats 0 as
/// "no data" and the cells labelled 0 vanish. Pieces are traced 4-connected: 8-connected
/// tracing joins cells that meet only at a corner into one ring that touches itself, which
/// GEOS rejects as a self-intersection. The pieces of a label are then dissolved (GEOS union)
/// into one geometry, and every result is checked with GEOS and repaired with make-valid if
/// it is not valid (it would be an error if the repair did not give a valid polygon).
public enum Polygonize {
    public static func labels(_ values: [Int32], width: Int, height: Int, geoTransform: [Double], crs: CRS,
                              nodata: Int32 = -1) throws -> [Int32: Geometry] {
        GDAL.clearErrors()
        guard let mem = GDALGetDriverByName("MEM"), let ds = GDALCreate(mem, "", Int32(width), Int32(height), 2, GDT_Int32, nil) else {
            throw HinterlandError("polygonize", "cannot create an in-memory raster")
        }
        defer { GDALClose(ds) }
        var gt = geoTransform
        GDALSetGeoTransform(ds, &gt)
        let band = GDALGetRasterBand(ds, 1), maskBand = GDALGetRasterBand(ds, 2)
        var v = values
        var mask = values.map { $0 == nodata ? Int32(0) : 1 }
        _ = v.withUnsafeMutableBytes { GDALRasterIO(band, GF_Write, 0, 0, Int32(width), Int32(height), $0.baseAddress, Int32(width), Int32(height), GDT_Int32, 0, 0) }
        _ = mask.withUnsafeMutableBytes { GDALRasterIO(maskBand, GF_Write, 0, 0, Int32(width), Int32(height), $0.baseAddress, Int32(width), Int32(height), GDT_Int32, 0, 0) }
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
        // No 8CONNECTED option: 4-connected pieces.
        guard GDALPolygonize(band, maskBand, layer, 0, nil, nil, nil) == CE_None else {
            throw HinterlandError("polygonize", GDAL.lastError(or: "GDALPolygonize failed"))
        }
        var pieces = [Int32: [Geometry]]()
        OGR_L_ResetReading(layer)
        while let f = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(f) }
            let label = OGR_F_GetFieldAsInteger(f, 0)
            guard label != nodata, let h = OGR_F_GetGeometryRef(f), let g = OGRGeometryBridge.geometry(from: h) else { continue }
            pieces[label, default: []].append(g)
        }
        var out = [Int32: Geometry]()
        for (label, parts) in pieces {
            out[label] = try GeometryOperations.validated(parts.count == 1 ? parts[0] : GeometryOperations.union(parts), what: "polygon of label \(label)")
        }
        return out
    }
}
