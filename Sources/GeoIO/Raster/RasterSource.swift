import CGDAL
import Foundation
import GeoCore

/// A raster opened for reading by windows (`RasterBandReader` streams one top to bottom, so
/// rasters larger than memory are read a band at a time). Band 1 is read as Float32.
public final class RasterSource {
    private let dataset: Dataset
    private let band: GDALRasterBandH
    public let path: String
    public let width: Int
    public let height: Int
    public let geoTransform: [Double]
    public let crs: CRS
    public let nodata: Float?
    /// Rows per block (tile or strip) of band 1: reads in whole block rows decode each block once.
    public let blockHeight: Int
    /// Bytes per stored sample of band 1 (what a decoded block holds per cell).
    public let sampleBytes: Int
    /// Float32 DEFLATE (or uncompressed) tiles are read by us, not through libtiff.
    let tiles: DeflateTileReader?

    /// `direct: false` reads every layout through GDAL (to check the direct reader against it).
    public init(path: String, band number: Int = 1, direct: Bool = true) throws {
        dataset = try Dataset(path: path, vector: false, raster: true)
        self.path = path
        let h = dataset.handle
        guard GDALGetRasterCount(h) >= Int32(number), let b = GDALGetRasterBand(h, Int32(number)) else {
            throw HinterlandError(path, "has no raster band \(number)")
        }
        band = b
        width = Int(GDALGetRasterXSize(h)); height = Int(GDALGetRasterYSize(h))
        var gt = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(h, &gt) == CE_None else {
            throw HinterlandError(path, "raster has no geotransform (not georeferenced)")
        }
        guard gt[2] == 0 && gt[4] == 0 && gt[5] < 0 else {
            throw HinterlandError(path, "rotated or south-up rasters are not supported; warp it north-up first (gdalwarp)")
        }
        geoTransform = gt
        guard let c = SpatialReference.crs(of: GDALGetSpatialRef(h)) else {
            throw HinterlandError(path, "raster has no CRS; assign one first (gdal_edit.py -a_srs)")
        }
        crs = c
        var has: Int32 = 0
        let nd = GDALGetRasterNoDataValue(b, &has)
        nodata = has != 0 ? Float(nd) : nil
        var bw: Int32 = 0, bh: Int32 = 0
        GDALGetBlockSize(b, &bw, &bh)
        blockHeight = Int(max(bh, 1))
        sampleBytes = Int(max(GDALGetDataTypeSizeBytes(GDALGetRasterDataType(b)), 1))
        let isGTiff = GDALGetDatasetDriver(h).map { String(cString: GDALGetDriverShortName($0)) == "GTiff" } ?? false
        tiles = direct && isGTiff ? DeflateTileReader.open(path: path, band: number, width: width, height: height, nodata: nodata) : nil
    }

    /// Reads the window [col, col+w) × [row, row+h) of band 1.
    public func read(col: Int, row: Int, width w: Int, height h: Int) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: w * h) { buf, count in
            // Every value of the buffer is filled (or the read fails): no zero fill first.
            try read(col: col, row: row, width: w, height: h, into: buf.baseAddress!, lineStride: w)
            count = w * h
        }
    }

    /// Reads the window [col, col+w) × [row, row+h) into caller-owned memory whose rows are
    /// `lineStride` values apart (a window of a larger grid, read in place).
    public func read(col: Int, row: Int, width w: Int, height h: Int, into out: UnsafeMutablePointer<Float>, lineStride: Int) throws {
        try read(rows: row..<(row + h), columns: [col..<(col + w)], into: out, lineStride: lineStride, firstColumn: col)
    }

    /// Reads the cells of rows `rows` in the column ranges `columns` (disjoint, in order):
    /// cell (r, c) goes to `out[(r − rows.lowerBound)·lineStride + c − firstColumn]`, and
    /// cells outside the ranges are left as they are. Tiles no range touches are not decoded.
    public func read(rows: Range<Int>, columns: [Range<Int>], into out: UnsafeMutablePointer<Float>, lineStride: Int, firstColumn: Int) throws {
        if let tiles {
            try tiles.read(rows: rows, columns: columns, into: out, lineStride: lineStride, firstColumn: firstColumn)
            return
        }
        // A large window decodes its blocks on all cores only as far as the cache holds them.
        GDAL.ensureBlockCache(bytes: min(rows.count * (columns.map(\.count).max() ?? 0) * sampleBytes, 32 << 20))
        for c in columns where !c.isEmpty {
            GDAL.clearErrors()
            let err = GDALRasterIO(band, GF_Read, Int32(c.lowerBound), Int32(rows.lowerBound), Int32(c.count), Int32(rows.count),
                                   out + (c.lowerBound - firstColumn), Int32(c.count), Int32(rows.count), GDT_Float32, 4, Int32(lineStride * 4))
            guard err == CE_None else {
                throw HinterlandError(path, "cannot read window \(c.lowerBound),\(rows.lowerBound) \(c.count)×\(rows.count) (\(GDAL.lastError(or: "GDAL error")))")
            }
        }
    }

    /// The whole band in memory when it is at most `limit` bytes (one large read, which GDAL
    /// decodes on all cores), else nil: then read by windows.
    public func readAll(limit: Int = 1 << 30) throws -> [Float]? {
        guard width * height * 4 <= limit else { return nil }
        return try read(col: 0, row: 0, width: width, height: height)
    }

    public var cellWidth: Double { geoTransform[1] }
    public var cellHeight: Double { -geoTransform[5] }
}
