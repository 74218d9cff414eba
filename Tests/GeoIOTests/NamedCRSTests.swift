import CGDAL
import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// The China Albers is written with its name and full WKT2, and read back as itself:
/// GeoTIFF (checked with GDAL's own gdalsrsinfo), GeoPackage (the crs_wkt extension's
/// definition_12_063 and srs_name), Shapefile .prj, and `DatasetInfo`.
struct NamedCRSTests {
    static let name = "China Albers Equal Area (25N, 47N, 105E)"

    @Test func theWKT2IsTheSameSystemAsThePROJString() throws {
        #expect(try SpatialReferenceCheck.same(CRS(CRS.chinaAlbersWKT2), .chinaAlbers))
        #expect(try SpatialReferenceCheck.wkt2(.chinaAlbers).hasPrefix("PROJCRS[\"\(Self.name)\""))
        // Another spelling of the same system gets the name too; a different one does not.
        #expect(try SpatialReferenceCheck.wkt2(CRS("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84")).contains(Self.name))
        #expect(!(try SpatialReferenceCheck.wkt2(CRS("+proj=aea +lat_1=27 +lat_2=45 +lon_0=105 +datum=WGS84")).contains(Self.name)))
    }

    @Test func geoTIFFCarriesTheName() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RasterWriter.writeGeoTIFF(Fixtures.raster(width: 40, height: 30, seed: 3), to: "\(dir)/d.tif")
        let r = Fixtures.run("/usr/bin/gdalsrsinfo", ["-o", "wkt2", "\(dir)/d.tif"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("PROJCRS[\"\(Self.name)\""), "\(r.out)")
        #expect(try RasterSource(path: "\(dir)/d.tif").crs == .chinaAlbers)
        let info = try DatasetInfo.describe(path: "\(dir)/d.tif")
        #expect(info.contains("crs: \(Self.name)") && !info.contains("unknown"), "\(info)")
        #expect(try DatasetInfo.describe(path: "\(dir)/d.tif", wkt: true).contains("PROJCRS[\"\(Self.name)\""))
    }

    @Test func geoPackageHasTheNameAndTheWKT2Definition() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = try Fixtures.polygons().reprojected(to: .chinaAlbers)
        try VectorWriter.write([t], to: "\(dir)/z.gpkg")
        let ds = GDALOpenEx("\(dir)/z.gpkg", UInt32(GDAL_OF_VECTOR), nil, nil, nil)!
        defer { GDALClose(ds) }
        let rows = GeoPackageMetadata.query(ds, "SELECT srs_name, definition_12_063 FROM gpkg_spatial_ref_sys WHERE srs_name LIKE 'China%'")
        #expect(rows.count == 1)
        #expect(rows.first?[0] == Self.name)
        #expect(rows.first?[1].hasPrefix("PROJCRS[\"\(Self.name)\"") == true)
        let ext = GeoPackageMetadata.query(ds, "SELECT extension_name FROM gpkg_extensions WHERE column_name = 'definition_12_063'")
        #expect(ext.first?.first == "gpkg_crs_wkt")
        // ogrinfo (GDAL's reader, preferring definition_12_063) names it as well.
        let o = Fixtures.run("/usr/bin/ogrinfo", ["-so", "\(dir)/z.gpkg", "zones"])
        #expect(o.out.contains("PROJCRS[\"\(Self.name)\""), "\(o.out)")
        #expect(try VectorReader.read(path: "\(dir)/z.gpkg").crs == .chinaAlbers)
    }

    @Test func shapefileProjectionFileIsNamed() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try VectorWriter.write([try Fixtures.polygons().reprojected(to: .chinaAlbers)], to: "\(dir)/z.shp")
        let prj = try String(contentsOfFile: "\(dir)/z.prj", encoding: .utf8)
        #expect(prj.contains("China_Albers_Equal_Area_25N_47N_105E"), "\(prj)")
        #expect(try VectorReader.read(path: "\(dir)/z.shp").crs == .chinaAlbers)
    }
}
