import CGDAL
import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// A census population is written as a whole number in every format, even when an
/// analysis summed it as reals (units, catchments).
struct FieldTypeTests {
    static func table(_ values: [Double]) -> FeatureTable {
        FeatureTable(name: "t", crs: .wgs84, geometryKind: .point, fields: [Field("population_2020", .real), Field("area_km2", .real)],
                     features: values.enumerated().map { i, v in
                         Feature(geometry: .point(100 + Double(i), 30), values: [.real(v), .real(12.5)])
                     })
    }

    @Test func populationIsInteger64InEveryFormat() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = Self.table([1_411_778_724, 7_474_200])
        for ext in ["gpkg", "fgb", "shp"] {
            try VectorWriter.write([t], to: "\(dir)/t.\(ext)")
            let ds = GDALOpenEx("\(dir)/t.\(ext)", UInt32(GDAL_OF_VECTOR), nil, nil, nil)!
            defer { GDALClose(ds) }
            let defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds, 0))
            #expect(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 0)) == OFTInteger64, "\(ext)")
            #expect(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 1)) == OFTReal, "\(ext)")
        }
        // GeoJSON has no field types: the numbers are written without a fraction.
        try VectorWriter.write([t], to: "\(dir)/t.geojson")
        let text = try String(contentsOfFile: "\(dir)/t.geojson", encoding: .utf8)
        #expect(text.contains("\"population_2020\": 1411778724,") && !text.contains("1411778724.0"), "\(text)")
        #expect(try VectorReader.read(path: "\(dir)/t.geojson").fields.first?.type == .integer)
    }

    @Test func fractionalValuesStayReal() throws {
        #expect(CanonicalFieldTypes.apply(Self.table([10.5, 3])).fields[0].type == .real)
        #expect(CanonicalFieldTypes.apply(Self.table([10, 3])).features[0].values[0] == .integer(10))
    }
}
