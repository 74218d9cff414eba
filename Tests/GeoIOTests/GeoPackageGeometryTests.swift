import CGDAL
import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// GeoPackage geometries read from their blobs (WKBReader) equal those OGR builds: every
/// embedded layer, and a table of awkward cases (Z and M, empty and null geometries, rings too
/// short, multi-geometries, a mixed collection, curves that only OGR linearises).
struct GeoPackageGeometryTests {
    static let china = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../GeoData/china.gpkg").standardized.path

    @Test func embeddedLayersReadAsOGRReadsThem() throws {
        for layer in try VectorReader.layerNames(path: Self.china) {
            let fast = try VectorReader.read(path: Self.china, layer: layer)
            let slow = try VectorReader.read(path: Self.china, layer: layer, geometryBlobs: false)
            #expect(fast.features.count == slow.features.count && fast.features.count > 0, "\(layer)")
            #expect(fast.geometryKind == slow.geometryKind, "\(layer)")
            for (a, b) in zip(fast.features, slow.features) {
                #expect(a.geometry == b.geometry, "\(layer)")
                #expect(a.values == b.values, "\(layer)")
            }
        }
    }

    @Test func awkwardGeometriesReadAsOGRReadsThem() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/mixed.gpkg"
        let wkts: [String?] = [
            "POINT Z (1 2 3)", "POINT EMPTY", nil, "LINESTRING M (0 0 1,1 1 2,2 0 3)", "LINESTRING EMPTY",
            "POLYGON ((0 0,4 0,4 4,0 0),(1 0.5,2 0.5,2 1,1 0.5))", "POLYGON ((0 0,1 1,0 0))", "POLYGON EMPTY",
            "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.3 5.1,5.3 5.2,5.2 5.1)))",
            "MULTIPOINT ((1 2),(3 4))", "MULTILINESTRING ZM ((0 0 1 2,1 1 3 4))",
            "GEOMETRYCOLLECTION (POINT (1 1),POLYGON ((0 0,1 0,1 1,0 0)),POINT (2 2))",
            "CIRCULARSTRING (0 0,1 1,2 0)", "CURVEPOLYGON (CIRCULARSTRING (0 0,2 0,2 2,0 2,0 0))",
        ]
        GDAL.initialize()
        let driver = GDALGetDriverByName("GPKG")!
        let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil)!
        let layer = GDALDatasetCreateLayer(ds, "mixed", nil, wkbUnknown, nil)!
        for wkt in wkts {
            let f = OGR_F_Create(OGR_L_GetLayerDefn(layer))!
            if let wkt {
                var g: OGRGeometryH?
                var text: UnsafeMutablePointer<CChar>? = strdup(wkt)
                let start = text
                #expect(OGR_G_CreateFromWkt(&text, nil, &g) == OGRERR_NONE, "\(wkt)")
                free(start)
                OGR_F_SetGeometryDirectly(f, g)
            }
            #expect(OGR_L_CreateFeature(layer, f) == OGRERR_NONE)
            OGR_F_Destroy(f)
        }
        GDALClose(ds)
        let fast = try VectorReader.read(path: path), slow = try VectorReader.read(path: path, geometryBlobs: false)
        #expect(fast.features.count == wkts.count)
        for (k, (a, b)) in zip(fast.features, slow.features).enumerated() {
            #expect(a.geometry == b.geometry, "\(wkts[k] ?? "null")")
        }
        #expect(fast.features[12].geometry != nil, "curves are linearised by OGR")
        // The blobs were read here, all but the two curves.
        let opened = try Dataset(path: path)
        let blobs = try #require(GeoPackageGeometries.read(opened, layer: try opened.layer(named: nil)))
        #expect(blobs.count == wkts.count - 2)
    }
}
