import CGDAL
import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// The direct tile reader (pread + libdeflate) against GDAL's own reads of the same files:
/// our DEFLATE tiles, GDAL's DEFLATE and uncompressed tiles of other sizes, BigTIFF, sparse
/// tiles, a second band; layouts it does not take (predictor, LZW, strips) go through GDAL.
struct DeflateTileReaderTests {
    /// A copy of `source` made by GDAL with creation options `options`.
    func copy(_ source: String, to path: String, _ options: [(String, String)]) throws {
        let src = GDALOpen(source, GA_ReadOnly)!
        defer { GDALClose(src) }
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        for (k, v) in options { list = CSLSetNameValue(list, k, v) }
        defer { CSLDestroy(list) }
        let out = GDALCreateCopy(GDALGetDriverByName("GTiff"), path, src, 0, list, nil, nil)
        try #require(out != nil, "GDAL could not write \(path)")
        GDALClose(out)
    }

    @Test func directReadsEqualGDALReads() throws {
        let dir = NSTemporaryDirectory() + "hinterland-tiles-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = Fixtures.raster(width: 700, height: 530, seed: 1), b = Fixtures.raster(width: 700, height: 530, seed: 2)
        try RasterWriter.writeGeoTIFF(bands: [a, b], to: "\(dir)/ours.tif")
        let tiled = [("TILED", "YES"), ("INTERLEAVE", "BAND")]
        let variants: [(String, [(String, String)], Bool)] = [
            ("ours", [], true),
            ("deflate", tiled + [("COMPRESS", "DEFLATE"), ("BLOCKXSIZE", "128"), ("BLOCKYSIZE", "64")], true),
            ("none", tiled + [("COMPRESS", "NONE"), ("BLOCKXSIZE", "96"), ("BLOCKYSIZE", "32")], true),
            ("big", tiled + [("COMPRESS", "DEFLATE"), ("BIGTIFF", "YES")], true),
            ("sparse", tiled + [("COMPRESS", "DEFLATE"), ("SPARSE_OK", "TRUE")], true),
            ("predictor", tiled + [("COMPRESS", "DEFLATE"), ("PREDICTOR", "3")], false),
            ("lzw", tiled + [("COMPRESS", "LZW")], false),
            ("strips", [("COMPRESS", "DEFLATE")], false),
            ("pixel", [("TILED", "YES"), ("COMPRESS", "DEFLATE"), ("INTERLEAVE", "PIXEL")], false),
        ]
        for (name, options, direct) in variants {
            let path = "\(dir)/\(name).tif"
            if name != "ours" { try copy("\(dir)/ours.tif", to: path, options) }
            for band in 1...2 {
                let fast = try RasterSource(path: path, band: band), slow = try RasterSource(path: path, band: band, direct: false)
                #expect((fast.tiles != nil) == direct, "\(name): direct reader \(direct ? "not " : "")used")
                #expect(try fast.readAll()!.map(\.bitPattern) == (band == 1 ? a : b).values.map(\.bitPattern), "\(name) band \(band)")
                // Rows across tile rows, two column ranges across tile columns, into a wider buffer.
                let rows = 37..<301, ranges = [5..<140, 260..<611], stride = 620
                var got = [Float](repeating: .nan, count: rows.count * stride), want = got
                try got.withUnsafeMutableBufferPointer {
                    try fast.read(rows: rows, columns: ranges, into: $0.baseAddress!, lineStride: stride, firstColumn: 3)
                }
                try want.withUnsafeMutableBufferPointer {
                    try slow.read(rows: rows, columns: ranges, into: $0.baseAddress!, lineStride: stride, firstColumn: 3)
                }
                #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "\(name) band \(band) window")
                #expect(got[0].isNaN && got[stride - 1].isNaN, "cells outside the ranges are left as they were")
            }
        }
    }

    @Test func aDamagedTileIsNamed() throws {
        let dir = NSTemporaryDirectory() + "hinterland-tiles2-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/bad.tif"
        try RasterWriter.writeGeoTIFF(Fixtures.raster(width: 300, height: 300, seed: 3), to: path)
        // Overwrite the middle of the file (inside the tiles' streams) with zeros.
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try h.seekToEnd()
        try h.seek(toOffset: size / 2)
        try h.write(contentsOf: Data(count: 4096))
        try h.close()
        let source = try RasterSource(path: path)
        #expect(source.tiles != nil)
        var cell: Float = 0
        #expect(throws: HinterlandError.self, "a window past the raster's edge") {
            try source.read(rows: 299..<301, columns: [0..<1], into: &cell, lineStride: 1, firstColumn: 0)
        }
        #expect { _ = try source.readAll() } throws: { e in
            "\(e)".contains("bad.tif") && "\(e)".contains("not a valid DEFLATE stream")
        }
    }
}
