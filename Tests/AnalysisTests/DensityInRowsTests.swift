import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO
@testable import Kernels

/// A grid made a band of rows at a time equals the grid made whole, bit for bit, and both
/// agree with the exact kernel sum (the oracle).
struct DensityInRowsTests {
    static func rowsOf(_ p: PointSet, _ o: DensityOptions, clip: [Geometry]? = nil, bandRows: Int) throws -> (KernelDensity.Result, [Float]) {
        var values = [Float]()
        var bands = 0
        let r = try KernelDensity.estimateInRows(points: p, options: o, clip: clip, bandRows: bandRows) { g in
            #expect(g.height == bandRows || values.count + g.width * g.height == g.width * (values.count / g.width + g.height))
            values += g.values[0..<(g.width * g.height)]
            bands += 1
        }
        #expect(values.count == r.grid.width * r.grid.height)
        #expect(bands == (r.grid.height + bandRows - 1) / bandRows)
        return (r, values)
    }

    static let square = Geometry.polygon(ring: [102, 118, 118, 102, 102], [28, 28, 42, 42, 28])

    @Test(arguments: [(KernelShape.gaussian, false, false), (.gaussian, true, false), (.gaussian, true, true),
                      (.quartic, false, false), (.quartic, true, true), (.epanechnikov, true, false)])
    func bandsEqualTheWholeGridBitForBit(kernel: KernelShape, clipped: Bool, edgeCorrect: Bool) throws {
        var o = DensityOptions()
        o.cell = 5000; o.bandwidth = .fixed(kernel == .gaussian ? 15_000 : 40_000); o.kernel = kernel; o.units = .perKm2
        o.edgeCorrect = edgeCorrect
        let p = DensityAndZonalTests.clusteredPoints()
        let clip = clipped ? [Self.square] : nil
        let whole = try KernelDensity.estimate(points: p, options: o, clip: clip)
        for bandRows in [1, 7, 64, whole.grid.height] {
            let (r, values) = try Self.rowsOf(p, o, clip: clip, bandRows: bandRows)
            #expect(r.grid.width == whole.grid.width && r.grid.height == whole.grid.height && r.grid.geoTransform == whole.grid.geoTransform)
            #expect(r.pointsUsed == whole.pointsUsed && r.weightTotal == whole.weightTotal && r.metadata == whole.metadata)
            let differing = zip(values, whole.grid.values).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(kernel) clip \(clipped) edge \(edgeCorrect), bands of \(bandRows) rows: \(differing) cells differ")
        }
    }

    /// The oracle: the kernel summed exactly at every cell centre, point by point.
    @Test func bandsAgreeWithExactSummation() throws {
        var o = DensityOptions()
        o.cell = 5000; o.bandwidth = .fixed(40_000); o.units = .perKm2
        let p = DensityAndZonalTests.clusteredPoints()
        let (_, values) = try Self.rowsOf(p, o, bandRows: 16)
        o.exact = true
        let slow = try KernelDensity.estimate(points: p, options: o)
        let peak = slow.grid.values.max()!
        var worst: Float = 0
        for i in values.indices { worst = max(worst, abs(values[i] - slow.grid.values[i])) }
        #expect(worst / peak < 0.01, "max difference \(worst) against peak \(peak)")
    }

    /// Written band by band (tiles of 256 rows, the last band short), the GeoTIFF holds the
    /// same cells and metadata as the one written whole, read through GDAL.
    @Test(arguments: [RasterWriter.Compression.deflate, .lzw])
    func geoTIFFWrittenInBandsEqualsTheWholeOne(compression: RasterWriter.Compression) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = DensityOptions()
        o.cell = 2000; o.bandwidth = .fixed(10_000)
        let p = DensityAndZonalTests.clusteredPoints()
        _ = try KernelDensity.write(points: p, options: o, clip: [Self.square], to: "\(dir)/whole.tif", compression: compression)
        o.wholeGridLimit = 0
        let r = try KernelDensity.write(points: p, options: o, clip: [Self.square], to: "\(dir)/rows.tif", compression: compression, bandRows: 256)
        #expect(r.grid.height > 512 && r.grid.height % 256 != 0, "several bands, the last one short: \(r.grid.height) rows")
        let a = try RasterSource(path: "\(dir)/whole.tif", direct: false), b = try RasterSource(path: "\(dir)/rows.tif", direct: false)
        #expect(a.width == b.width && a.height == b.height && a.geoTransform == b.geoTransform && a.nodata == b.nodata)
        let va = try a.readAll()!, vb = try b.readAll()!
        #expect(va.count == vb.count && zip(va, vb).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(va.contains { $0 != DensityOptions.nodata && $0 > 0 })
    }

    /// A band that would not fit: the validation sees the totals before any file appears.
    @Test func validationFailsBeforeAnythingIsWritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = DensityOptions()
        o.cell = 5000; o.wholeGridLimit = 0
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try KernelDensity.write(points: DensityAndZonalTests.clusteredPoints(), options: o, to: "\(dir)/d.tif") { _ in throw Refused() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
