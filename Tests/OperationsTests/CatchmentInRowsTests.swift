import Foundation
import Testing
@testable import Analysis
@testable import GeoIO
@testable import Operations

/// A catchment grid made a band of rows at a time (forced on a small grid) gives the whole
/// grid's raster bit for bit and its table to the digit.
struct CatchmentInRowsTests {
    @Test(arguments: [CatchmentModel.voronoi, .weighted, .reilly])
    func bandsEqualTheWholeGrid(model: CatchmentModel) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catchment-rows-\(model.rawValue)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var q = CatchmentRequest()
        q.hubs = "computing_hubs"; q.model = model; q.cell = "5km"
        if model != .voronoi { q.mass = "census" }
        let context = try RunContext()
        let whole = try q.run(context)
        q.output = dir + "/rows.tif"; q.rowsThreshold = 1000; q.bandRows = 256
        let rows = try q.run(context)
        #expect(rows.written == [dir + "/rows.tif"])
        #expect(rows.raster == nil)
        #expect(rows.tables.map(\.csv) == whole.tables.map(\.csv))
        let w = try #require(whole.raster?.bands.first)
        #expect(w.height > 3 * 256, "the grid spans several bands")
        let src = try RasterSource(path: dir + "/rows.tif")
        #expect(src.width == w.width && src.height == w.height && src.geoTransform == w.geoTransform)
        let values = try #require(try src.readAll())
        #expect(values == w.values)
        // The same file as the whole grid's (Int16 hub index, categories).
        try ResultWriter.write(whole, to: dir + "/whole.tif")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/whole.tif")) == Data(contentsOf: URL(fileURLWithPath: dir + "/rows.tif")))
    }

    @Test func wholeGridModelsAreRefusedInRows() throws {
        var q = CatchmentRequest()
        q.hubs = "computing_hubs"; q.model = .huff; q.mass = "census"; q.cell = "20km"; q.rowsThreshold = 1000
        q.output = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(getpid()).tif").path
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("huff needs the whole of a grid of") && "\($0)".contains("voronoi, weighted or reilly") }
        #expect(!FileManager.default.fileExists(atPath: q.output!))
        q.model = .voronoi; q.output = nil
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("write it to a GeoTIFF") }
        q.output = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(getpid()).gpkg").path; q.geometry = true
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("catchment polygons of a grid of") }
    }
}
