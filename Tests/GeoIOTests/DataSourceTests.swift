import Testing
@testable import GeoIO

/// Connection strings are told from paths, and never show their password.
struct DataSourceTests {
    @Test func connectionsAndPasswords() {
        #expect(DataSource.isDatabase("PG:host=db dbname=gis") && DataSource.isConnection("/vsizip/a.zip/b.shp"))
        #expect(!DataSource.isDatabase("/vsizip/a.zip/b.shp") && !DataSource.isConnection("zones.gpkg"))
        #expect(DataSource.exists("PG:dbname=gis") && !DataSource.exists("/no/such/file.gpkg"))
        #expect(DataSource.displayName("PG:host=db password=s3cret dbname=gis") == "PG:host=db password=*** dbname=gis")
        #expect(DataSource.displayName("PG:host=db password='a b\\'c' dbname=gis") == "PG:host=db password=*** dbname=gis")
        #expect(DataSource.displayName("zones password=x.gpkg") == "zones password=x.gpkg")
    }
}
