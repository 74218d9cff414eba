import Foundation
import Testing
@testable import Analysis
@testable import GeoIO
@testable import Operations

/// A catchment grid made a band of rows at a time (forced on a small grid) gives the whole
/// grid's raster bit for bit and its table to the digit.
struct CatchmentInRowsTests {
    @Test(arguments: [CatchmentModel.voronoi, .weighted, .reilly, .huff, .cost])
    func bandsEqualTheWholeGrid(model: CatchmentModel) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catchment-rows-\(model.rawValue)-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var q = CatchmentRequest()
        q.hubs = "computing_hubs"; q.model = model; q.cell = "5km"
        if [.weighted, .reilly, .huff].contains(model) { q.mass = "census" }
        // Huff: expected points too (summed by cell after the bands).
        if model == .huff { q.points = PointInput(path: "county_seats") }
        let context = try RunContext()
        let whole = try q.run(context)
        q.output = dir + "/rows.tif"; q.rowsThreshold = 1000; q.bandRows = 256
        let rows = try q.run(context)
        #expect(rows.written == [dir + "/rows.tif"])
        #expect(rows.raster == nil)
        #expect(rows.tables.map(\.csv) == whole.tables.map(\.csv))
        if model == .huff { #expect(whole.tables.first?.csv.contains("expected") == true, "the table has Huff's expected values") }
        // Cost: Hainan and the other islands no path reaches are joined across the gap alike.
        if model == .cost { #expect(rows.notes == whole.notes && whole.notes.contains { $0.contains("joined across the gap") }) }
        let w = try #require(whole.raster?.bands.first)
        #expect(w.height > 3 * 256, "the grid spans several bands")
        let src = try RasterSource(path: dir + "/rows.tif")
        #expect(src.width == w.width && src.height == w.height && src.geoTransform == w.geoTransform)
        let values = try #require(try src.readAll())
        #expect(values == w.values)
        // The same file as the whole grid's (Int16 hub index, categories; huff and cost:
        // Float32, the dominant hub's probability or the accumulated cost in band 2).
        try ResultWriter.write(whole, to: dir + "/whole.tif")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/whole.tif")) == Data(contentsOf: URL(fileURLWithPath: dir + "/rows.tif")))
    }

    /// Huff's numbers themselves, not only the table's digits: areas, expected values and
    /// dominant probabilities summed band by band are the whole grid's to the bit.
    @Test func huffSumsInBandsAreTheWholeGrids() throws {
        let context = try RunContext()
        let builder = try context.builder(Accounting())
        let hubs = try HubSet.read(path: "computing_hubs", nameField: nil, massField: "census", inputCRS: nil, data: context.data, builder: builder)
        let region = try context.data.mainlandProvinces()
        let points = try context.points(PointInput(path: "county_seats"))
        var o = CatchmentOptions()
        o.model = .huff; o.cell = 5000; o.decay = 1.5; o.attraction = 1.2
        let whole = try Catchment.run(hubs: hubs, options: o, region: region, builder: builder, points: points)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("catchment-huff-sums-\(getpid()).tif").path
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".aux.xml") }
        let rows = try Catchment.write(hubs: hubs, options: o, region: region, builder: builder, points: points, to: path, metadata: [:], colors: nil,
                                       bandRows: 256)
        func bits(_ v: [Double]?) -> [UInt64] { (v ?? []).map(\.bitPattern) }
        #expect(bits(rows.areaKm2) == bits(whole.areaKm2) && rows.regionAreaKm2 == whole.regionAreaKm2)
        #expect(rows.population == whole.population && rows.points == whole.points)
        let (a, b) = (try #require(rows.huff), try #require(whole.huff))
        #expect(bits(a.expectedAreaKm2) == bits(b.expectedAreaKm2) && bits(a.expectedPopulation) == bits(b.expectedPopulation))
        #expect(bits(a.expectedPoints) == bits(b.expectedPoints) && b.expectedPoints != nil)
        #expect(bits(a.meanDominantProbability) == bits(b.meanDominantProbability) && bits(a.minDominantProbability) == bits(b.minDominantProbability))
        // The grid spans several bands, and both sums add up to the region's area.
        #expect(rows.allocation.height > 3 * 256)
        #expect(abs(a.expectedAreaKm2.reduce(0, +) - rows.regionAreaKm2) < 1e-6 * rows.regionAreaKm2)
    }

    @Test func wholeGridResultsAreRefusedInRows() throws {
        var q = CatchmentRequest()
        q.hubs = "computing_hubs"; q.model = .huff; q.mass = "census"; q.cell = "20km"; q.rowsThreshold = 1000; q.bands = true
        q.output = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(getpid()).tif").path
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("a probability band per hub of a grid of") }
        #expect(!FileManager.default.fileExists(atPath: q.output!))
        q.bands = false
        q.model = .voronoi; q.output = nil
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("write it to a GeoTIFF") }
        q.output = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(getpid()).gpkg").path; q.geometry = true
        #expect { try q.run(try RunContext()) } throws: { "\($0)".contains("catchment polygons of a grid of") }
    }
}
