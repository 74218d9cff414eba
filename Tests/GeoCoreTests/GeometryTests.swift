import Testing
@testable import GeoCore

struct GeometryTests {
    @Test func pointInPolygonHonoursHolesAndSharedEdges() {
        var g = Geometry.polygon(ring: [0, 10, 10, 0], [0, 0, 10, 10])
        let hole = Geometry.polygon(ring: [4, 6, 6, 4], [4, 4, 6, 6])
        g.xs += hole.xs; g.ys += hole.ys
        g.partOffsets.append(g.xs.count); g.polygonOffsets = [0, 2]
        #expect(g.contains(x: 1, y: 1))
        #expect(!g.contains(x: 5, y: 5))
        #expect(!g.contains(x: 11, y: 5))
        // Two squares sharing the edge x = 10: a point on it belongs to exactly one.
        let right = Geometry.polygon(ring: [10, 20, 20, 10], [0, 0, 10, 10])
        #expect(g.contains(x: 10, y: 3) != right.contains(x: 10, y: 3))
    }

    @Test func appendBuildsAMultiPolygon() {
        var a = Geometry.polygon(ring: [0, 1, 1], [0, 0, 1])
        a.append(.polygon(ring: [2, 3, 3], [0, 0, 1]))
        #expect(a.polygonCount == 2 && a.partCount == 2 && a.vertexCount == 8)
        #expect(abs(a.planarArea - 1.0) < 1e-12)
        #expect(a.boundingBox == BoundingBox(minX: 0, minY: 0, maxX: 3, maxY: 1))
    }

    @Test func unknownCRSIsAClearError() {
        #expect(throws: HinterlandError.self) { try CoordinateTransform(from: CRS("EPSG:999999"), to: .wgs84) }
    }
}

struct CoverageDissolveTests {
    /// A 3×3 block of unit squares minus the centre: one polygon with one hole, area 8.
    @Test func dissolvesSharedEdgesAndKeepsHoles() {
        var squares = [Geometry]()
        for j in 0..<3 { for i in 0..<3 where !(i == 1 && j == 1) {
            let (x, y) = (Double(i), Double(j))
            // Alternate windings: the dissolve must not care.
            let ring: ([Double], [Double]) = (i + j) % 2 == 0 ? ([x, x + 1, x + 1, x], [y, y, y + 1, y + 1]) : ([x, x, x + 1, x + 1], [y, y + 1, y + 1, y])
            squares.append(.polygon(ring: ring.0, ring.1))
        } }
        let u = CoverageDissolve.union(squares)
        #expect(u.polygonCount == 1 && u.partCount == 2)
        #expect(abs(u.planarArea - 8) < 1e-12)
        #expect(u.contains(x: 0.5, y: 0.5) && !u.contains(x: 1.5, y: 1.5))
        // Two separate squares stay two polygons.
        let two = CoverageDissolve.union([.polygon(ring: [0, 1, 1, 0], [0, 0, 1, 1]), .polygon(ring: [5, 6, 6, 5], [0, 0, 1, 1])])
        #expect(two.polygonCount == 2 && abs(two.planarArea - 2) < 1e-12)
    }
}
