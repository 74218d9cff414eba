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

/// Loading full-resolution zone files: the index against brute force, the remembered
/// validity verdicts and areas, and the WGS84 shortcut.
struct PolygonFileLoadingTests {
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func countiesAndPointsGoWhereBruteForcePutsThem() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let builder = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root))
        builder.validityCache = ValidityCache(directory: dir + "/cache")
        try VectorWriter.write([try builder.data.layer("prefectures")], to: "\(dir)/pref.gpkg")
        let s = try builder.build(path: "\(dir)/pref.gpkg", key: "adcode", geometry: true)
        #expect(s.zones.count == 370)
        // Census counties: the first zone whose polygon contains the county's point.
        let pop = try builder.countyPopulation()
        var sums = [Double](repeating: 0, count: s.zones.count)
        for c in try builder.countyPoints() {
            guard let p = pop[c.code], let pt = c.point else { continue }
            if let j = s.zones.indices.first(where: { s.zones[$0].geometry!.boundingBox.contains(x: pt.x, y: pt.y) && s.zones[$0].geometry!.contains(x: pt.x, y: pt.y) }) {
                sums[j] += p
            }
        }
        #expect(s.zones.map(\.population) == sums.map { Int64($0.rounded()) })
        // Points: the index against the same brute force.
        var pts = PointSet(source: "random")
        var state: UInt64 = 21
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        for _ in 0..<3000 { pts.xs.append(73 + 62 * next()); pts.ys.append(18 + 36 * next()) }
        let (set, zoneOfPoint) = try builder.assign(pts, toZonesOf: "\(dir)/pref.gpkg", key: "adcode")
        #expect(set.zones.allSatisfy { $0.geometry == nil } && set.zones.map(\.code) == s.zones.map(\.code))
        let brute = pts.xs.indices.map { i in
            Int32(s.zones.indices.first(where: { s.zones[$0].geometry!.contains(x: pts.xs[i], y: pts.ys[i]) }) ?? -1)
        }
        #expect(zoneOfPoint == brute)
        #expect(zoneOfPoint.filter { $0 >= 0 }.count > 1000)
    }

    @Test func validityAndAreasAreRememberedPerFileVersion() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A bow-tie (self-intersecting) and a plain square.
        let bow = Geometry.polygon(ring: [110, 111, 110, 111], [30, 31, 31, 30])
        let square = Geometry.polygon(ring: [112, 113, 113, 112], [30, 30, 31, 31])
        func write(_ extra: Int) throws {
            let t = FeatureTable(name: "z", crs: .wgs84, geometryKind: .polygon, fields: [Field("k", .string)],
                                 features: [Feature(geometry: bow, values: [.string("bow")]), Feature(geometry: square, values: [.string("sq")])]
                                     + (0..<extra).map { _ in Feature(geometry: square, values: [.string("sq")]) })
            try? FileManager.default.removeItem(atPath: "\(dir)/z.gpkg")
            try VectorWriter.write([t], to: "\(dir)/z.gpkg")
        }
        try write(0)
        let cache = ValidityCache(directory: dir + "/cache")
        @Sendable func load(_ c: ValidityCache) throws -> ZoneSet {
            let b = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root))
            b.validityCache = c
            return try b.build(path: "\(dir)/z.gpkg", key: "k")
        }
        let first = try load(cache)
        #expect(first.repairs.count == 1 && first.repairs[0].contains("feature 1 (k bow)"))
        let key = try #require(ValidityCache.key(path: "\(dir)/z.gpkg", layer: nil))
        let facts = try #require(cache.facts(key: key))
        #expect(facts.invalid == [0] && facts.areas.count == 2)
        #expect(abs(facts.areas[1] / 1e6 - first.zones[1].areaKm2) < 1e-9)
        let again = try load(cache)
        #expect(again.repairs == first.repairs && again.zones.map(\.areaKm2) == first.zones.map(\.areaKm2))
        // What is remembered is what is used (here a doctored entry) …
        cache.record(key: key, .init(invalid: [], areas: [1e6, 2e6]))
        let doctored = try load(cache)
        #expect(doctored.repairs.isEmpty && doctored.zones[1].areaKm2 == 2)
        // … until the file changes.
        try write(1)
        let changed = try load(cache)
        #expect(changed.repairs.count == 1 && abs(changed.zones[1].areaKm2 - first.zones[1].areaKm2) < 1e-6)
        // A cache that cannot be written (its folder would be inside a file): loading still works.
        FileManager.default.createFile(atPath: "\(dir)/plainfile", contents: Data())
        let unwritable = ValidityCache(directory: "\(dir)/plainfile/cache")
        #expect(try load(unwritable).zones.map(\.areaKm2) == changed.zones.map(\.areaKm2))
        #expect(unwritable.facts(key: ValidityCache.key(path: "\(dir)/z.gpkg", layer: nil)!) == nil)
        // Concurrent runs on one fresh cache: every one gets the same zones, the entry stays whole.
        let shared = ValidityCache(directory: dir + "/shared")
        let results = UncheckedBox([[Double]](repeating: [], count: 6))
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            let z = try! load(shared)
            results.lock.lock(); results.value[i] = z.zones.map(\.areaKm2); results.lock.unlock()
        }
        #expect(Set(results.value).count == 1 && results.value[0] == changed.zones.map(\.areaKm2))
        #expect(shared.facts(key: ValidityCache.key(path: "\(dir)/z.gpkg", layer: nil)!)?.invalid == [0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/shared").allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func lonLatWGS84IsRecognisedWhateverItsName() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = FeatureTable(name: "z", crs: .wgs84, geometryKind: .polygon, fields: [Field("k", .string)],
                             features: [Feature(geometry: .polygon(ring: [112, 113, 113, 112], [30, 30, 31, 31]), values: [.string("a")])])
        try VectorWriter.write([t], to: "\(dir)/z.shp")
        #expect(CRSIdentity.isLonLatWGS84(try VectorReader.read(path: "\(dir)/z.shp").crs))
        #expect(CRSIdentity.isLonLatWGS84(CRS(#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#)))
        for other in [CRS.chinaAlbers, .gcj02, CRS("EPSG:4490"), CRS("EPSG:3857")] { #expect(!CRSIdentity.isLonLatWGS84(other), "\(other)") }
    }
}

final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    let lock = NSLock()
    init(_ v: T) { value = v }
}
