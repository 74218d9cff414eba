import CGDAL
import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// GeoTIFFs whose DEFLATE tiles we compress ourselves, read back by GDAL (libtiff and its
/// inflater): the same values as GDAL's own writer stores, every tile present.
struct RasterWriterTests {
    func readBack(_ path: String, band: Int) throws -> [Float] {
        try RasterSource(path: path, band: band).readAll()!
    }

    @Test func ownDeflateTilesReadBackAsGDALWritesThem() throws {
        let dir = NSTemporaryDirectory() + "hinterland-writer-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = Fixtures.raster(width: 700, height: 530, seed: 1), b = Fixtures.raster(width: 700, height: 530, seed: 2)
        for type in [RasterWriter.SampleType.float32, .int16] {
            try RasterWriter.writeGeoTIFF(bands: [a, b], to: "\(dir)/ours.tif", metadata: ["units": "m"], type: type)
            try RasterWriter.writeGeoTIFF(bands: [a, b], to: "\(dir)/gdal.tif", metadata: ["units": "m"], type: type, compression: .lzw)
            for band in 1...2 {
                let ours = try readBack("\(dir)/ours.tif", band: band), theirs = try readBack("\(dir)/gdal.tif", band: band)
                #expect(ours.map(\.bitPattern) == theirs.map(\.bitPattern), "\(type) band \(band)")
                if type == .float32 { #expect(ours.map(\.bitPattern) == (band == 1 ? a : b).values.map(\.bitPattern)) }
            }
            // Every tile is stored (no sparse tiles for readers that do not know them).
            let ds = GDALOpen("\(dir)/ours.tif", GA_ReadOnly)!
            defer { GDALClose(ds) }
            #expect(String(cString: GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE")
            for band in 1...2 {
                let h = GDALGetRasterBand(ds, Int32(band))!
                for ty in 0..<3 { for tx in 0..<3 {
                    let size = GDALGetMetadataItem(h, "BLOCK_SIZE_\(tx)_\(ty)", "TIFF").map { Int(String(cString: $0)) ?? 0 } ?? 0
                    #expect(size > 0, "band \(band) tile \(tx),\(ty)")
                } }
            }
            #expect(GDALGetRasterNoDataValue(GDALGetRasterBand(ds, 1), nil) == -9999)
        }
    }

    @Test func writesAreByteIdentical() throws {
        let dir = NSTemporaryDirectory() + "hinterland-writer2-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = Fixtures.raster(width: 300, height: 280, seed: 5)
        try RasterWriter.writeGeoTIFF(g, to: "\(dir)/1.tif")
        try RasterWriter.writeGeoTIFF(g, to: "\(dir)/2.tif")
        #expect(FileManager.default.contentsEqual(atPath: "\(dir)/1.tif", andPath: "\(dir)/2.tif"))
    }
}
