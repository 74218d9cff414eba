import Testing
@testable import GeoCore
@testable import GeoIO

struct PolygonizeTests {
    /// Label 0 is traced like any other label (it was masked out when the label band was its
    /// own mask); cells of one label meeting only at corners give valid polygons (8-connected
    /// tracing made rings that touch themselves); each label is one geometry with its cells' area.
    @Test func everyLabelIncludingZeroIsOneValidPolygon() throws {
        // 6 × 5 cells of 10 m; -1 is outside. Label 1 forms a checkerboard with label 0, and
        // label 2 has a ring of cells around a hole of label 0 touching it at a corner.
        let rows: [[Int32]] = [
            [0, 1, 0, 1, 2, 2],
            [1, 0, 1, 0, 2, 0],
            [0, 1, 0, -1, 2, 2],
            [-1, -1, 1, 0, 0, 2],
            [0, 0, 0, 2, 2, 2],
        ]
        let values = rows.flatMap { $0 }
        let polys = try Polygonize.labels(values, width: 6, height: 5, geoTransform: [1000, 10, 0, 2000, 0, -10], crs: .chinaAlbers)
        #expect(Set(polys.keys) == [0, 1, 2])
        for (label, g) in polys {
            #expect(GeometryOperations.isValid(g), "label \(label)")
            let cells = values.filter { $0 == label }.count
            #expect(abs(g.planarArea - Double(cells) * 100) < 1e-6, "label \(label): \(g.planarArea) vs \(cells) cells")
        }
    }
}
