import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// Against a real PostgreSQL + PostGIS server that Tests/scripts/with-postgis.sh starts on
/// loopback and names in HINTERLAND_TEST_PG. Without one the test is skipped with a message,
/// except on CI (CI=true), where a missing server is a failure.
struct PostGISTests {
    static let connection = ProcessInfo.processInfo.environment["HINTERLAND_TEST_PG"]
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test func ciHasAPostGISServer() {
        if Self.onCI { #expect(Self.connection != nil, "CI must run the tests through Tests/scripts/with-postgis.sh") }
    }

    @Test(.enabled(if: connection != nil, "no PostGIS server: run through Tests/scripts/with-postgis.sh (make test)"))
    func roundTripThroughPostGIS() throws {
        let pg = Self.connection!
        var t = Fixtures.polygons()
        t.name = "roundtrip_zones"
        try VectorWriter.write([t], to: pg)
        try VectorWriter.write([t], to: pg)   // replacing the table works too
        let back = try VectorReader.read(path: pg, layer: "roundtrip_zones")
        #expect(back.features.count == 2)
        #expect(back.crs == .wgs84)
        #expect(back.features.map { $0.geometry } == t.features.map { $0.geometry })
        #expect(back.strings("name") == ["四川省", "海南省"])
    }
}
