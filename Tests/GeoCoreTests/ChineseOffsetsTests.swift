import Testing
@testable import GeoCore

struct ChineseOffsetsTests {
    /// Deterministic pseudo-random points over China's extent.
    static func samplePoints(_ n: Int) -> [(Double, Double)] {
        var s: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        return (0..<n).map { _ in (74 + 60 * next(), 18 + 35 * next()) }
    }

    @Test func gcj02RoundTripIsBelow1e7Degrees() {
        for (lon, lat) in Self.samplePoints(2000) {
            let g = ChineseOffsets.wgs84ToGCJ02(lon: lon, lat: lat)
            let w = ChineseOffsets.gcj02ToWGS84(lon: g.lon, lat: g.lat)
            #expect(abs(w.lon - lon) < 1e-7 && abs(w.lat - lat) < 1e-7)
        }
    }

    @Test func bd09RoundTripIsBelow1e7Degrees() {
        for (lon, lat) in Self.samplePoints(500) {
            let b = ChineseOffsets.wgs84ToBD09(lon: lon, lat: lat)
            let w = ChineseOffsets.bd09ToWGS84(lon: b.lon, lat: b.lat)
            #expect(abs(w.lon - lon) < 1e-7 && abs(w.lat - lat) < 1e-7)
        }
    }

    /// The documented character of GCJ-02: offsets of a few hundred metres (at most ~700 m)
    /// inside China, none outside.
    @Test func offsetMagnitudeMatchesItsDocumentedRange() {
        let g = Geodesic()
        let d = Self.samplePoints(500).map { (lon, lat) -> Double in
            let o = ChineseOffsets.wgs84ToGCJ02(lon: lon, lat: lat)
            return g.inverse(lon1: lon, lat1: lat, lon2: o.lon, lat2: o.lat).distance
        }.sorted()
        #expect(d.last! < 800, "largest offset \(d.last!) m")
        #expect(d[d.count / 2] > 200 && d[d.count / 2] < 700, "median offset \(d[d.count / 2]) m")
        let paris = ChineseOffsets.wgs84ToGCJ02(lon: 2.35, lat: 48.85)
        #expect(paris.lon == 2.35 && paris.lat == 48.85)
    }

    @Test func transformHandlesGCJ02AsASourceCRS() throws {
        let t = try CoordinateTransform(from: .gcj02, to: .wgs84)
        let g = ChineseOffsets.wgs84ToGCJ02(lon: 116.4, lat: 39.9)
        let w = t.apply(x: g.lon, y: g.lat)
        #expect(abs(w.x - 116.4) < 1e-7 && abs(w.y - 39.9) < 1e-7)
    }
}
