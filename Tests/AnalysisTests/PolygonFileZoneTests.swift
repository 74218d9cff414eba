import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

struct PolygonFileZoneTests {
    @Test func zonesFromAFileAreDissolvedByKeyAndReprojected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Two halves of Sichuan's bounding area in the Albers, one key; a third feature elsewhere.
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Geometry {
            var xs = [Double](), ys = [Double]()
            for i in 0...100 { xs.append(x0 + (x1 - x0) * Double(i) / 100); ys.append(y0) }
            for i in 0...100 { xs.append(x1 - (x1 - x0) * Double(i) / 100); ys.append(y1) }
            return fwd.apply(.polygon(ring: xs, ys))
        }
        let t = FeatureTable(name: "z", crs: .chinaAlbers, geometryKind: .polygon, fields: [Field("k", .string), Field("label", .string)],
                             features: [Feature(geometry: box(102, 29, 104, 31), values: [.string("A"), .string("西")]),
                                        Feature(geometry: box(104, 29, 106, 31), values: [.string("A"), .string("西")]),
                                        Feature(geometry: box(116, 39, 117, 40), values: [.string("B"), .string("京")])])
        try VectorWriter.write([t], to: "\(dir)/z.gpkg")
        let s = try Shared.with { try $0.build(path: "\(dir)/z.gpkg", key: "k", nameField: "label") }
        #expect(s.zones.map(\.code) == ["A", "B"])
        let g = Geodesic()
        let wgsBox = { (a: Double, b: Double, c: Double, d: Double) in
            g.area(try! CoordinateTransform(from: .chinaAlbers, to: .wgs84).apply(box(a, b, c, d))) / 1e6
        }
        #expect(abs(s.zones[0].areaKm2 - (wgsBox(102, 29, 104, 31) + wgsBox(104, 29, 106, 31))) < 1)
        #expect(s.zones[0].population! > 10_000_000)  // Chengdu–Chongqing core counties
        #expect(throws: HinterlandError.self) { try Shared.with { try $0.build(path: "\(dir)/z.gpkg", key: "nosuch") } }
    }
}
