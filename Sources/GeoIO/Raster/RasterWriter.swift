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
    /// With `categories`, band 1's values name them (see `setCategories`), written beside the
    /// file before it is moved into place.
    public static func writeGeoTIFF(bands: [Grid], to path: String, metadata: [String: String] = [:], descriptions: [String] = [],
                                    type: SampleType = .float32, compression: Compression = .deflate,
                                    categories: [String]? = nil, colors: [(UInt8, UInt8, UInt8)]? = nil) throws {
        guard let grid = bands.first else { throw HinterlandError(path, "no bands to write") }
        try AtomicOutput.write(to: path) { tmp in
            let ds = try create(tmp, reported: path, template: grid, bands: bands.count, metadata: metadata, descriptions: descriptions,
                                type: type, compression: compression, nodata: bands.map(\.nodata))
            var err = CE_None
            if compression != .deflate {
                for (k, g) in bands.enumerated() where writeBlocks(g, band: GDALGetRasterBand(ds, Int32(k + 1))!, type: type) != CE_None { err = CE_Failure }
            }
            GDALClose(ds)
            if err != CE_None || GDAL.failureSinceClear != nil {
                throw HinterlandError(path, "GeoTIFF write failed (\(GDAL.lastError(or: "GDAL error")))")
            }
            if compression == .deflate { try DeflateTileWriter.append(bands, type: type, to: tmp) }
            if let categories { try setCategories(path: tmp, names: categories, colors: colors) }
        }
    }

    /// A one-band Float32 GeoTIFF of `template`'s size written a band of rows at a time, for
    /// grids too large to hold: `produce` is called with a function that takes the next rows
    /// (their count a multiple of `tile`, or the image's last rows) as a grid of that height
    /// and the template's width, top to bottom. Past 4 GB of cells the file is a BigTIFF.
    /// With `type` .int16 the values are whole numbers stored as such; `categories` as in
    /// `writeGeoTIFF(bands:)`.
    public static func writeGeoTIFF(rowsOf template: Grid, to path: String, metadata: [String: String] = [:], description: String? = nil,
                                    type: SampleType = .float32, compression: Compression = .deflate,
                                    categories: [String]? = nil, colors: [(UInt8, UInt8, UInt8)]? = nil,
                                    produce: (_ write: (Grid) throws -> Void) throws -> Void) throws {
        try writeGeoTIFF(rowsOf: template, bands: 1, to: path, metadata: metadata, descriptions: description.map { [$0] } ?? [], type: type,
                         compression: compression, categories: categories, colors: colors) { write in
            try withoutActuallyEscaping(write) { write in try produce { try write([$0]) } }
        }
    }

    /// The same with `bands` bands: `write` takes the same rows of every band (band 1 first).
    /// The file is the one `writeGeoTIFF(bands:)` writes of the whole grids, byte for byte
    /// (with DEFLATE the later bands' tiles wait in files beside the output until the end).
    public static func writeGeoTIFF(rowsOf template: Grid, bands: Int, to path: String, metadata: [String: String] = [:], descriptions: [String] = [],
                                    type: SampleType = .float32, compression: Compression = .deflate,
                                    categories: [String]? = nil, colors: [(UInt8, UInt8, UInt8)]? = nil,
                                    produce: (_ write: ([Grid]) throws -> Void) throws -> Void) throws {
        try AtomicOutput.write(to: path) { tmp in
            let ds = try create(tmp, reported: path, template: template, bands: bands, metadata: metadata, descriptions: descriptions,
                                type: type, compression: compression, nodata: [Float?](repeating: template.nodata, count: bands))
            var next = 0
            func check(_ rows: [Grid]) throws {
                guard rows.count == bands, let first = rows.first, rows.allSatisfy({ $0.width == template.width && $0.height == first.height }),
                      next + first.height <= template.height, first.height % tile == 0 || next + first.height == template.height else {
                    throw HinterlandError(path, "rows \(next)..<\(next + (rows.first?.height ?? 0)) do not make whole tile rows of \(bands) band(s) of a \(template.width) × \(template.height) grid")
                }
            }
            if compression == .deflate {
                GDALClose(ds)
                if let f = GDAL.failureSinceClear { throw HinterlandError(path, "GeoTIFF write failed (\(f))") }
                let stream = try DeflateTileWriter.Stream(path: tmp, template: template, bands: bands, type: type, spoolLaterBands: true)
                try produce { rows in
                    try check(rows)
                    for (k, g) in rows.enumerated() { try stream.append(g, band: k) }
                    next += rows[0].height
                }
                guard next == template.height else { throw HinterlandError(path, "\(next) of \(template.height) rows written") }
                try stream.finish()
                if let categories { try setCategories(path: tmp, names: categories, colors: colors) }
            } else {
                var closed = false
                defer { if !closed { GDALClose(ds) } }
                try produce { rows in
                    try check(rows)
                    for (k, g) in rows.enumerated() {
                        let e = g.values.withUnsafeBufferPointer { v in
                            GDALRasterIO(GDALGetRasterBand(ds, Int32(k + 1))!, GF_Write, 0, Int32(next), Int32(g.width), Int32(g.height),
                                         UnsafeMutableRawPointer(mutating: v.baseAddress!), Int32(g.width), Int32(g.height), GDT_Float32, 0, 0)
                        }
                        if e != CE_None { throw HinterlandError(path, "GeoTIFF write failed (\(GDAL.lastError(or: "GDAL error")))") }
                    }
                    next += rows[0].height
                }
                guard next == template.height else { throw HinterlandError(path, "\(next) of \(template.height) rows written") }
                closed = true
                GDALClose(ds)
                if let f = GDAL.failureSinceClear { throw HinterlandError(path, "GeoTIFF write failed (\(f))") }
                if let categories { try setCategories(path: tmp, names: categories, colors: colors) }
            }
        }
    }

    /// Creates the tiled GeoTIFF (geotransform, CRS, metadata, nodata, band descriptions);
    /// for DEFLATE with no tiles, which `DeflateTileWriter` appends.
    private static func create(_ tmp: String, reported path: String, template grid: Grid, bands: Int, metadata: [String: String],
                               descriptions: [String], type: SampleType, compression: Compression, nodata: [Float?]) throws -> GDALDatasetH {
        GDAL.clearErrors()
        guard let driver = GDALGetDriverByName("GTiff") else { throw HinterlandError(path, "this GDAL has no GTiff driver") }
        // No predictor: libtiff's floating-point predictor made a 1 km China grid 24 % smaller
        // but cost 0.3–0.5 s of CPU per write (measured); speed wins at this compression level.
        // BigTIFF whenever the cells alone pass 2 GB: compressed tiles are appended after
        // GDAL has laid out the file, so GDAL cannot judge the size.
        let big = grid.width * grid.height * type.bytes * bands > Int(Int32.max)
        let opts = StringList(compression.options + [("TILED", "YES"),
                               ("BLOCKXSIZE", "\(tile)"), ("BLOCKYSIZE", "\(tile)"), ("BIGTIFF", big ? "YES" : "IF_SAFER"),
                               ("NUM_THREADS", "2")])  // blocks compress in parallel; the file is the same
        if bands > 1 { opts.set("INTERLEAVE", "BAND") }
        // DEFLATE tiles are compressed by DeflateTileWriter after GDAL has laid out the file.
        if compression == .deflate { opts.set("SPARSE_OK", "TRUE") }
        guard let ds = GDALCreate(driver, tmp, Int32(grid.width), Int32(grid.height), Int32(bands), type.gdal, opts.pointer) else {
            throw HinterlandError(path, "cannot create GeoTIFF (\(GDAL.lastError(or: "GDAL refused")))")
        }
        var gt = grid.geoTransform
        GDALSetGeoTransform(ds, &gt)
        let srs: OGRSpatialReferenceH
        do { srs = try SpatialReference.make(grid.crs) } catch { GDALClose(ds); throw error }
        GDALSetSpatialRef(ds, srs)
        OSRRelease(srs)
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { GDALSetMetadataItem(ds, k, v, nil) }
        for k in 0..<bands {
            let band = GDALGetRasterBand(ds, Int32(k + 1))!
            if let nd = nodata[k] { GDALSetRasterNoDataValue(band, Double(nd)) }
            if k < descriptions.count { GDALSetDescription(band, descriptions[k]) }
            if let unit = metadata["units"], k == 0 { GDALSetRasterUnitType(band, unit) }
        }
        return ds
    }

    /// Names the categories of band 1 of a written GeoTIFF (value k is `names[k]`): GDAL
    /// category names, a raster attribute table (value, name and, with `colors`, red, green,
    /// blue) and, with `colors`, a colour table. GeoTIFF keeps these in the file's `.aux.xml`
    /// side-car (GDAL's persistent auxiliary metadata; QGIS and GDAL read it), which is
    /// written here next to the file, after it is in place.
    public static func setCategories(path: String, names: [String], colors: [(UInt8, UInt8, UInt8)]? = nil) throws {
        GDAL.clearErrors()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_VERBOSE_ERROR), nil, nil, nil) else {
            throw HinterlandError(path, "cannot reopen to name its categories (\(GDAL.lastError(or: "GDAL refused")))")
        }
        let band = GDALGetRasterBand(ds, 1)
        let list = StringList(names: names)
        GDALSetRasterCategoryNames(band, list.pointer)
        let rat = GDALCreateRasterAttributeTable()!
        defer { GDALDestroyRasterAttributeTable(rat) }
        GDALRATCreateColumn(rat, "value", GFT_Integer, GFU_MinMax)
        GDALRATCreateColumn(rat, "name", GFT_String, GFU_Name)
        if colors != nil {
            GDALRATCreateColumn(rat, "red", GFT_Integer, GFU_Red)
            GDALRATCreateColumn(rat, "green", GFT_Integer, GFU_Green)
            GDALRATCreateColumn(rat, "blue", GFT_Integer, GFU_Blue)
        }
        GDALRATSetRowCount(rat, Int32(names.count))
        for (k, n) in names.enumerated() {
            GDALRATSetValueAsInt(rat, Int32(k), 0, Int32(k))
            GDALRATSetValueAsString(rat, Int32(k), 1, n)
            if let c = colors?[k % colors!.count] {
                GDALRATSetValueAsInt(rat, Int32(k), 2, Int32(c.0)); GDALRATSetValueAsInt(rat, Int32(k), 3, Int32(c.1))
                GDALRATSetValueAsInt(rat, Int32(k), 4, Int32(c.2))
            }
        }
        GDALSetDefaultRAT(band, rat)
        if let colors {
            let ct = GDALCreateColorTable(GPI_RGB)!
            defer { GDALDestroyColorTable(ct) }
            for k in names.indices {
                let c = colors[k % colors.count]
                var e = GDALColorEntry(c1: Int16(c.0), c2: Int16(c.1), c3: Int16(c.2), c4: 255)
                GDALSetColorEntry(ct, Int32(k), &e)
            }
            GDALSetRasterColorTable(band, ct)
        }
        GDALClose(ds)
        if let f = GDAL.failureSinceClear { throw HinterlandError(path, "cannot name its categories (\(f))") }
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
        precondition(Int(bw) == tile && Int(bh) == tile)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: tile * tile * type.bytes, alignment: 64)
        defer { buffer.deallocate() }
        return g.values.withUnsafeBufferPointer { v -> CPLErr in
            for by in 0..<(g.height + tile - 1) / tile {
                for bx in 0..<(g.width + tile - 1) / tile {
                    if isNodataTile(g, row: by, column: bx, values: v.baseAddress!) { continue }
                    fillTile(g, row: by, column: bx, type: type, into: buffer)
                    let e = GDALWriteBlock(band, Int32(bx), Int32(by), buffer)
                    if e != CE_None { return e }
                }
            }
            return CE_None
        }
    }

    /// Copies tile (row, column) of the grid into `dst` in the stored type (GDAL's rounding
    /// and clamping for Int16), padding cells past the grid's edge with nodata (or 0); row −1
    /// gives a tile of padding only.
    static func fillTile(_ g: Grid, row: Int, column: Int, type: SampleType, into dst: UnsafeMutableRawPointer) {
        let size = type.bytes, stored = type.gdal
        var pad = g.nodata ?? 0
        let c0 = column * tile, r0 = row * tile
        let w = row < 0 ? 0 : min(tile, g.width - c0), h = row < 0 ? 0 : min(tile, g.height - r0)
        g.values.withUnsafeBufferPointer { v in
            for r in 0..<tile {
                let line = dst + r * tile * size
                if r < h { GDALCopyWords(v.baseAddress! + (r0 + r) * g.width + c0, GDT_Float32, 4, line, stored, Int32(size), Int32(w)) }
                let from = r < h ? w : 0
                if from < tile { GDALCopyWords(&pad, GDT_Float32, 0, line + from * size, stored, Int32(size), Int32(tile - from)) }
            }
        }
    }

    /// Whether every cell of tile (row, column) of the grid, whose values start at `values`,
    /// is nodata (never, without a nodata value).
    static func isNodataTile(_ g: Grid, row: Int, column: Int, values: UnsafePointer<Float>) -> Bool {
        guard let nd = g.nodata else { return false }
        let c0 = column * tile, r0 = row * tile
        return isAll(nd, values + r0 * g.width + c0, width: min(tile, g.width - c0), height: min(tile, g.height - r0), stride: g.width)
    }

    /// Whether every cell of a window holds `value` (bit for bit, so a NaN nodata matches).
    /// Sixteen cells at a time (a packed compare and OR per row piece): half the tiles of a
    /// 1 km China grid are all nodata and are read whole here.
    static func isAll(_ value: Float, _ p: UnsafePointer<Float>, width: Int, height: Int, stride: Int) -> Bool {
        let bits = value.bitPattern, wide = SIMD16<UInt32>(repeating: bits)
        for r in 0..<height {
            let row = UnsafeRawPointer(p + r * stride)
            var differ = SIMD16<UInt32>(), c = 0
            while c + 16 <= width {
                differ |= row.loadUnaligned(fromByteOffset: c * 4, as: SIMD16<UInt32>.self) ^ wide
                c += 16
            }
            if any(differ .!= .zero) { return false }
            for k in c..<width where row.load(fromByteOffset: k * 4, as: UInt32.self) != bits { return false }
        }
        return true
    }
}
