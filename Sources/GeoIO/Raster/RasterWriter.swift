import CGDAL
import Foundation
import GeoCore

/// Writes grids as GeoTIFF: Float32 (or Int16 for categories such as hub indices),
/// DEFLATE-compressed, 256×256 tiles, nodata and metadata (units, method) set, written atomically.
public enum RasterWriter {
    /// The stored sample type. Int16 holds whole numbers in −32768…32767 (values are rounded);
    /// it is half the bytes of Float32.
    public enum SampleType: Sendable {
        case float32, int16
        var gdal: GDALDataType { self == .float32 ? GDT_Float32 : GDT_Int16 }
        var bytes: Int { self == .float32 ? 4 : 2 }
    }

    /// The tile codec. DEFLATE (the default) is read by every GeoTIFF reader; its tiles are
    /// compressed by `DeflateTileWriter`, as fast as GDAL's ZSTD at level 1 and as small
    /// (measured on the 1 km density grid). ZSTD needs GDAL ≥ 2.3 / libtiff ≥ 4.0.10 to read.
    public enum Compression: String, CaseIterable, Sendable {
        case deflate, zstd, lzw, none
        var options: [(String, String)] {
            switch self {
            case .deflate: return [("COMPRESS", "DEFLATE")]
            case .zstd: return [("COMPRESS", "ZSTD"), ("ZSTD_LEVEL", "1")]
            case .lzw: return [("COMPRESS", "LZW")]
            case .none: return [("COMPRESS", "NONE")]
            }
        }
    }

    /// Tile width and height in cells.
    static let tile = 256

    public static func writeGeoTIFF(_ grid: Grid, to path: String, metadata: [String: String] = [:], description: String? = nil,
                                    type: SampleType = .float32, compression: Compression = .deflate) throws {
        try writeGeoTIFF(bands: [grid], to: path, metadata: metadata, descriptions: description.map { [$0] } ?? [], type: type,
                         compression: compression)
    }

    /// Several bands of the same size and geotransform in one file (band 1 first).
    public static func writeGeoTIFF(bands: [Grid], to path: String, metadata: [String: String] = [:], descriptions: [String] = [],
                                    type: SampleType = .float32, compression: Compression = .deflate) throws {
        guard let grid = bands.first else { throw HinterlandError(path, "no bands to write") }
        try AtomicOutput.write(to: path) { tmp in
            GDAL.clearErrors()
            guard let driver = GDALGetDriverByName("GTiff") else { throw HinterlandError(path, "this GDAL has no GTiff driver") }
            // No predictor: libtiff's floating-point predictor made a 1 km China grid 24 % smaller
            // but cost 0.3–0.5 s of CPU per write (measured); speed wins at this compression level.
            let opts = StringList(compression.options + [("TILED", "YES"),
                                   ("BLOCKXSIZE", "\(tile)"), ("BLOCKYSIZE", "\(tile)"), ("BIGTIFF", "IF_SAFER"),
                                   ("NUM_THREADS", "2")])  // blocks compress in parallel; the file is the same
            if bands.count > 1 { opts.set("INTERLEAVE", "BAND") }
            // DEFLATE tiles are compressed by DeflateTileWriter after GDAL has laid out the file.
            let ownTiles = compression == .deflate
            if ownTiles { opts.set("SPARSE_OK", "TRUE") }
            guard let ds = GDALCreate(driver, tmp, Int32(grid.width), Int32(grid.height), Int32(bands.count), type.gdal, opts.pointer) else {
                throw HinterlandError(path, "cannot create GeoTIFF (\(GDAL.lastError(or: "GDAL refused")))")
            }
            var gt = grid.geoTransform
            GDALSetGeoTransform(ds, &gt)
            let srs = try SpatialReference.make(grid.crs)
            GDALSetSpatialRef(ds, srs)
            OSRRelease(srs)
            for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { GDALSetMetadataItem(ds, k, v, nil) }
            var err = CE_None
            for (k, g) in bands.enumerated() {
                let band = GDALGetRasterBand(ds, Int32(k + 1))!
                if let nd = g.nodata { GDALSetRasterNoDataValue(band, Double(nd)) }
                if k < descriptions.count { GDALSetDescription(band, descriptions[k]) }
                if let unit = metadata["units"], k == 0 { GDALSetRasterUnitType(band, unit) }
                if !ownTiles && writeBlocks(g, band: band, type: type) != CE_None { err = CE_Failure }
            }
            GDALClose(ds)
            if err != CE_None || GDAL.failureSinceClear != nil {
                throw HinterlandError(path, "GeoTIFF write failed (\(GDAL.lastError(or: "GDAL error")))")
            }
            if ownTiles { try DeflateTileWriter.append(bands, type: type, tile: tile, to: tmp) }
        }
    }

    /// Writes a grid tile by tile through a reused buffer, straight to the driver (which
    /// compresses on its own threads): through GDAL's block cache, a 1 km China grid would
    /// first be copied into 10^8 bytes of fresh memory. Edge tiles are padded with nodata.
    ///
    /// Tiles that are all nodata are not handed over: on closing, the driver fills every
    /// unwritten tile with nodata by compressing one such tile once and copying its bytes
    /// (GTiff without SPARSE_OK), so the file holds the same values and is read by every
    /// reader. Half the tiles of a 1 km China density grid are outside the clip region;
    /// compressing each of them cost 0.12 s of CPU (measured).
    private static func writeBlocks(_ g: Grid, band: GDALRasterBandH, type: SampleType) -> CPLErr {
        var bw: Int32 = 0, bh: Int32 = 0
        GDALGetBlockSize(band, &bw, &bh)
        let tw = Int(bw), th = Int(bh), size = type.bytes, stored = type.gdal
        let tile = UnsafeMutableRawPointer.allocate(byteCount: tw * th * size, alignment: 64)
        defer { tile.deallocate() }
        var pad = g.nodata ?? 0
        return g.values.withUnsafeBufferPointer { v -> CPLErr in
            for by in 0..<(g.height + th - 1) / th {
                for bx in 0..<(g.width + tw - 1) / tw {
                    let c0 = bx * tw, r0 = by * th, w = min(tw, g.width - c0), h = min(th, g.height - r0)
                    if let nd = g.nodata, isAll(nd, v.baseAddress! + r0 * g.width + c0, width: w, height: h, stride: g.width) { continue }
                    for r in 0..<th {
                        let dst = tile + r * tw * size
                        if r < h { GDALCopyWords(v.baseAddress! + (r0 + r) * g.width + c0, GDT_Float32, 4, dst, stored, Int32(size), Int32(w)) }
                        let from = r < h ? w : 0
                        if from < tw { GDALCopyWords(&pad, GDT_Float32, 0, dst + from * size, stored, Int32(size), Int32(tw - from)) }
                    }
                    let e = GDALWriteBlock(band, Int32(bx), Int32(by), tile)
                    if e != CE_None { return e }
                }
            }
            return CE_None
        }
    }

    /// Whether every cell of a window holds `value` (bit for bit, so a NaN nodata matches).
    static func isAll(_ value: Float, _ p: UnsafePointer<Float>, width: Int, height: Int, stride: Int) -> Bool {
        let bits = value.bitPattern
        for r in 0..<height {
            let row = UnsafeRawPointer(p + r * stride).assumingMemoryBound(to: UInt32.self)
            for c in 0..<width where row[c] != bits { return false }
        }
        return true
    }
}
