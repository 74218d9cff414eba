import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// The byte-level GeoJSON reader against its oracle, OGR's GeoJSON driver: the same table
/// (fields, types, values, geometry bit for bit, layer name, CRS) or a fall-back to OGR.
struct GeoJSONReaderTests {
    /// Holes, a MultiPolygon, 3D positions, numbers strtod must round (17 digits, exponents,
    /// negative zero), escapes and CJK, integers beyond Int32, nulls, a property missing in
    /// some features, booleans, bbox and foreign members, integer ids, and a string that
    /// looks like a feature boundary ("}, {") to mislead the parallel split.
    static let mixed = #"""
    {"type": "FeatureCollection", "name": "zones", "bbox": [100, 20, 113, 32], "generator": {"by": ["x", {"y": 1}]},
    "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
    "features": [
    {"type": "Feature", "id": 7, "properties": {"code": "510000", "name": "\u56db\u5ddd\u7701 \"Sichuan\"\n\ud83d\ude00", "pop": 3000000000, "share": 1.5e-7, "flag": true, "z": -0.0},
     "geometry": {"type": "Polygon", "bbox": [100, 30, 102, 32], "coordinates": [[[100, 30, 5], [102.00000000000001, 30], [102, 32.123456789012345678], [100, 32], [100, 30, 1e2]],
       [[100.5, 30.5], [101, 30.5], [101, 31], [1.005e2, 31], [100.5, 30.5]]]}, "foreign": [{"a": "}, {"}]},
    {"type": "Feature", "properties": {"code": "460000", "name": "海南省", "pop": 10081232, "share": null, "flag": false, "z": -0},
     "geometry": {"coordinates": [[[[110, 20], [111, 20], [111, 21], [110, 21], [110, 20]]], [[[112, 20], [113.0e0, 20], [113, 21], [112, 21], [112, 20]]]], "type": "MultiPolygon"}},
    {"properties": {"code": "x}, {\"type\": \"Feature\"", "pop": -12, "share": 2E+3, "z": 0.1}, "type": "Feature",
     "geometry": {"type": "Polygon", "coordinates": [[[-0, -0.0], [1, 0], [1, 1], [-0, -0.0]]]}},
    {"type": "Feature", "properties": {"code": "none", "name": "\/\\\b\f\r\t tab", "pop": null, "share": 7, "flag": null, "z": 123456789012345.6789},
     "geometry": null},
    {"type": "Feature", "properties": null, "geometry": {"type": "Polygon", "coordinates": [[[0.1, 0.2], [0.30000000000000004, 0.2], [0.3, 0.4], [0.1, 0.2]]]}}
    ]}
    """#

    static func write(_ text: String, _ name: String, in dir: String) -> String {
        let path = "\(dir)/\(name)"
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The fast reader's table, failing the test when it left the file to OGR.
    static func fast(_ path: String, pieces: Int? = nil) -> FeatureTable? {
        switch GeoJSONReader.read(path: path, pieces: pieces) {
        case .table(let t): return t
        case .unsupported(let why): Issue.record("left to OGR: \(why)"); return nil
        case .malformed(let e): Issue.record("\(e)"); return nil
        }
    }

    static func expectSame(_ a: FeatureTable, _ b: FeatureTable, _ label: String = "") {
        #expect(a.name == b.name, "\(label) name")
        #expect(a.crs == b.crs, "\(label) crs \(a.crs) \(b.crs)")
        #expect(a.geometryKind == b.geometryKind, "\(label) kind")
        #expect(a.fields == b.fields, "\(label) fields \(a.fields) vs \(b.fields)")
        #expect(a.features.count == b.features.count, "\(label) count")
        for (i, (fa, fb)) in zip(a.features, b.features).enumerated() {
            #expect(fa.values == fb.values, "\(label) feature \(i + 1) values \(fa.values) vs \(fb.values)")
            for (va, vb) in zip(fa.values, fb.values) {
                if case .real(let x) = va, case .real(let y) = vb { #expect(x.bitPattern == y.bitPattern, "\(label) feature \(i + 1) \(x) \(y)") }
            }
            #expect(fa.geometry?.partOffsets == fb.geometry?.partOffsets && fa.geometry?.polygonOffsets == fb.geometry?.polygonOffsets, "\(label) feature \(i + 1) offsets")
            #expect(fa.geometry?.xs.map(\.bitPattern) == fb.geometry?.xs.map(\.bitPattern), "\(label) feature \(i + 1) xs")
            #expect(fa.geometry?.ys.map(\.bitPattern) == fb.geometry?.ys.map(\.bitPattern), "\(label) feature \(i + 1) ys")
        }
    }

    @Test(arguments: [1, 3, 40])
    func mixedFileReadsAsOGRReadsIt(pieces: Int) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = Self.write(Self.mixed, "mixed.geojson", in: dir)
        let ogr = try VectorReader.readOGR(path: path)
        #expect(ogr.fields.map(\.name) == ["code", "name", "pop", "share", "flag", "z"])
        guard let fast = Self.fast(path, pieces: pieces) else { return }
        Self.expectSame(fast, ogr, "pieces \(pieces)")
        #expect(fast.features[0].values[1] == .string("四川省 \"Sichuan\"\n😀"))
        // The dispatch takes the same path.
        Self.expectSame(try VectorReader.read(path: path), ogr)
        Self.expectSame(try VectorReader.read(path: path, fields: ["pop", "code"]), try VectorReader.readOGR(path: path, fields: ["pop", "code"]))
    }

    @Test func singleFeatureAndCRSNames() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let single = Self.write(#"{"type": "Feature", "properties": {"a": 1.25, "b": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}"#, "one.json", in: dir)
        if let t = Self.fast(single) { Self.expectSame(t, try VectorReader.readOGR(path: single), "single") }
        for (i, name) in ["EPSG:4326", "urn:ogc:def:crs:EPSG::4326"].enumerated() {
            let p = Self.write(#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "\#(name)"}}, "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}"#, "crs\(i).geojson", in: dir)
            if let t = Self.fast(p) { Self.expectSame(t, try VectorReader.readOGR(path: p), name) }
        }
    }

    /// A later feature naming every property fixes OGR's field order for the earlier ones.
    @Test func laterFeatureFixesTheFieldOrder() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let square = #"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"#
        let p = Self.write(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1, "c": "x"}, "geometry": \#(square)}, {"type": "Feature", "properties": {"a": 2, "b": 0.5, "c": "y"}, "geometry": \#(square)}]}"#, "later.geojson", in: dir)
        guard let t = Self.fast(p) else { return }
        #expect(t.fields.map(\.name) == ["a", "b", "c"])
        Self.expectSame(t, try VectorReader.readOGR(path: p))
    }

    /// Provinces written by OGR's own GeoJSON writer, read back in 1 and in many pieces.
    @Test func provincesFromTheGeoPackage() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gpkg = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GeoData/china.gpkg").path
        let provinces = try VectorReader.read(path: gpkg, layer: "provinces")
        let path = "\(dir)/provinces.geojson"
        try VectorWriter.write([provinces], to: path)
        let ogr = try VectorReader.readOGR(path: path)
        for pieces in [1, 2, 16] {
            if let t = Self.fast(path, pieces: pieces) { Self.expectSame(t, ogr, "pieces \(pieces)") }
        }
    }

    /// Files OGR reads differently from the fast path are left to OGR and read as before.
    @Test func unsupportedContentFallsBackToOGR() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let square = #"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}"#
        let cases = [
            "collection": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": {"type": "GeometryCollection", "geometries": [\#(square)]}}]}"#,
            "nested": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": {"a": [1]}}, "geometry": \#(square)}]}"#,
            "mixedtypes": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": \#(square)}, {"type": "Feature", "properties": {"k": "a"}, "geometry": \#(square)}]}"#,
            "stringid": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "a", "properties": {"k": 1}, "geometry": \#(square)}]}"#,
            "date": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": "2020-01-02"}, "geometry": \#(square)}]}"#,
            "order": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1, "b": 2}, "geometry": \#(square)}, {"type": "Feature", "properties": {"c": 1, "b": 2}, "geometry": \#(square)}]}"#,
            "crs84": #"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC::CRS84"}}, "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": \#(square)}]}"#,
            "mercator": #"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}, "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": \#(square)}]}"#,
            "unclosed": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}}]}"#,
            "repeated": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": 1}, "properties": {"k": 2}, "geometry": \#(square)}]}"#,
            "points": #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"k": 1}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}"#,
        ]
        for (name, text) in cases.sorted(by: { $0.key < $1.key }) {
            let path = Self.write(text, "\(name).geojson", in: dir)
            guard case .unsupported = GeoJSONReader.read(path: path) else { Issue.record("\(name): not left to OGR"); continue }
            Self.expectSame(try VectorReader.read(path: path), try VectorReader.readOGR(path: path), name)
        }
        let collection = try VectorReader.read(path: "\(dir)/collection.geojson")
        #expect(collection.features.first?.geometry?.kind == .polygon)
    }

    /// A cut file: one message naming the feature and the byte, whatever the pieces.
    @Test(arguments: [1, 8])
    func truncatedFileNamesFeatureAndByte(pieces: Int) throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = Self.mixed
        let cut = Array(text.utf8.prefix(text.utf8.count * 2 / 3))
        let path = "\(dir)/cut.geojson"
        try Data(cut).write(to: URL(fileURLWithPath: path))
        guard case .malformed(let e) = GeoJSONReader.read(path: path, pieces: pieces) else { Issue.record("not malformed"); return }
        #expect(e.description == "\(path): feature 3: file ends inside the JSON text (byte \(cut.count))", "\(e)")
        #expect(throws: HinterlandError.self) { try VectorReader.read(path: path) }
        let bad = Self.write(text.replacingOccurrences(of: "[101, 31]", with: "[101 31]"), "bad.geojson", in: dir)
        guard case .malformed(let e2) = GeoJSONReader.read(path: bad, pieces: pieces) else { Issue.record("not malformed"); return }
        #expect(e2.message.hasPrefix("feature 1: expected ',' between coordinates (byte "), "\(e2)")
    }

    /// Mutated copies of the mixed file (bytes changed, dropped, cut): never a crash, and
    /// whenever the fast reader gives a table, OGR gives the same one.
    @Test func mutatedFilesReadAsOGRReadsThemOrFallBack() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = Array(Self.mixed.utf8)
        let alphabet = Array("{}[],:\"\\ 0123456789.-eE+tfnul\u{00}a".utf8)
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
        var tables = 0
        for i in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            let path = "\(dir)/m\(i).geojson"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            guard case .table(let t) = GeoJSONReader.read(path: path, pieces: 1 + next(6)) else { continue }
            tables += 1
            guard let ogr = try? VectorReader.readOGR(path: path) else { Issue.record("m\(i): OGR cannot read what the fast reader read"); continue }
            Self.expectSame(t, ogr, "m\(i)")
        }
        #expect(tables > 20)
    }

    /// The number scanner against strtod on random tokens (decimals of 1–20 digits,
    /// exponents, signs), bit for bit.
    @Test func numbersRoundAsStrtod() throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        for _ in 0..<200_000 {
            var t = next() % 2 == 0 ? "-" : ""
            let intDigits = Int(next() % 4)
            t += intDigits == 0 ? "0" : String(1 + next() % 9) + (0..<(intDigits - 1)).map { _ in String(next() % 10) }.joined()
            let frac = Int(next() % 19) + 1
            t += "." + (0..<frac).map { _ in String(next() % 10) }.joined()
            if next() % 4 == 0 { t += "e" + (next() % 2 == 0 ? "-" : "+") + String(next() % 40) }
            let bytes = Array(t.utf8)
            let got = bytes.withUnsafeBufferPointer { b -> Double? in
                var s = JSONScanner(base: b.baseAddress!, count: b.count)
                return try? s.number().value
            }
            let want = strtod(t, nil)
            #expect(got?.bitPattern == want.bitPattern, "\(t): \(String(describing: got)) vs \(want)")
            if got?.bitPattern != want.bitPattern { break }
        }
    }
}
