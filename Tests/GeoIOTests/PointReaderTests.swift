import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

struct PointReaderTests {
    func write(_ text: String, _ name: String, encoding: String.Encoding = .utf8) throws -> (String, String) {
        let dir = Fixtures.tempDir()
        let path = "\(dir)/\(name)"
        try text.data(using: encoding)!.write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test func autodetectsColumnsAndSkipsBadRowsWithAReport() throws {
        let (dir, path) = try write("name,Longitude,Latitude,w\na,116.4,39.9,2\nb,121.5,abc,1\n\"c, quoted\",113.3,23.1,3\nd,,30\ne,200,30,1\n", "p.csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try PointReader.read(path: path, options: PointReadOptions(weight: "w"))
        #expect(s.count == 2)
        #expect(s.xs == [116.4, 113.3] && s.ys == [39.9, 23.1])
        #expect(s.weights == [2, 3])
        #expect(s.skipped == 3)
        #expect(s.skipReport == "3 rows skipped (first: line 3, latitude 'abc')")
        #expect(throws: HinterlandError.self) { try PointReader.read(path: path, options: PointReadOptions(weight: "w", strict: true)) }
    }

    /// A file of several blocks (1.1 MB here, 8 MB in use), parsed in pieces on all cores: points, weights,
    /// categories (first seen in later blocks too), row numbers of skipped rows and of the
    /// strict-mode error are those of a plain line-by-line reading.
    @Test func largeFilesReadInParallelPiecesAsIfLineByLine() throws {
        var text = "id,lon,lat,w,sector\n"
        var xs = [Double](), ys = [Double](), ws = [Double](), cats = [String]()
        var row = 1, skipped = 0, firstSkip: Int?
        for i in 0..<200_000 {
            if i % 5003 == 17 { text += "\n"; row += 1 }
            row += 1
            let x = 100 + Double(i % 1000) * 0.01, y = 30 + Double(i % 777) * 0.01, w = Double(i % 13)
            let cat = i % 7 == 3 ? "late\(i / 50_000)" : "s\(i % 5)"
            if i % 10_007 == 5 {
                text += "\(i),\(x),x,\(w),\(cat)\n"; skipped += 1; firstSkip = firstSkip ?? row
                continue
            }
            text += "\(i),\(x),\(y),\(w),\(cat)\n"
            xs.append(x); ys.append(y); ws.append(w); cats.append(cat)
        }
        let (dir, path) = try write(text, "big.csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let block = 1_100_000
        #expect(text.utf8.count > 4 * block)
        let s = try CSVPointReader.read(path: path, options: PointReadOptions(weight: "w", category: "sector"), blockSize: block)
        #expect(s.xs == xs && s.ys == ys && s.weights == ws)
        var seen = [String]()
        for c in cats where !seen.contains(c) { seen.append(c) }
        #expect(s.categoryNames == seen)
        #expect(s.categories!.map { s.categoryNames[Int($0)] } == cats)
        #expect(s.skipped == skipped && s.firstSkip == "line \(firstSkip!), latitude 'x'")
        do {
            _ = try CSVPointReader.read(path: path, options: PointReadOptions(weight: "w", strict: true), blockSize: block)
            Issue.record("read")
        } catch let e as HinterlandError {
            #expect(e.description == "\(path) line \(firstSkip!): latitude 'x' is not a number")
        }
    }

    /// Quote-free runs take a one-pass path for ordinary records; every awkward record (blank,
    /// short, bad or empty values, CRLF, spaces, exponents, a last line without newline) must
    /// come out as the general path reads it. The reference is the same rows with every 50th
    /// id quoted, so that no run is quote-free.
    @Test func quoteFreeRecordsReadAsTheGeneralPathReadsThem() throws {
        func rows(quoting: Bool) -> String {
            var body = "id,lon,lat,w\n"
            for i in 0..<60_000 {
                let id = quoting && i % 50 == 0 ? "\"\(i)\"" : "\(i)"
                switch i % 997 {
                case 1: body += "\n"                                    // blank line
                case 2: body += "\(id),101.5\n"                        // short
                case 3: body += "\(id),abc,30.1,2\n"                   // bad longitude
                case 4: body += "\(id),101.5,30.1,\n"                  // empty weight
                case 5: body += "\(id), 102.25 ,\t31.5,3\r\n"         // spaces, tab, CRLF
                case 6: body += "\(id),103.5,32.5,4,extra,fields\n"    // more fields than needed
                case 7: body += "\(id),1e2,3.25E1,5\n"                 // exponents (strtod)
                default: body += "\(id),\(100 + Double(i % 1000) * 0.001),\(30 + Double(i % 701) * 0.01),\(i % 9)\n"
                }
            }
            return body + "60000,104.5,33.5,6"                         // no final newline
        }
        let (dir, plain) = try write(rows(quoting: false), "plain.csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let quoted = "\(dir)/quoted.csv"
        try rows(quoting: true).write(toFile: quoted, atomically: true, encoding: .utf8)
        for block in [1 << 20, 40_000] {
            let a = try CSVPointReader.read(path: plain, options: PointReadOptions(weight: "w"), blockSize: block)
            let b = try CSVPointReader.read(path: quoted, options: PointReadOptions(weight: "w"), blockSize: block)
            #expect(a.count > 59_000)
            #expect(a.xs == b.xs && a.ys == b.ys && a.weights == b.weights)
            #expect(a.skipped == b.skipped && a.firstSkip == b.firstSkip && a.skipped > 0)
            #expect(a.xs.last == 104.5 && a.weights!.last == 6)
        }
        // A negative weight is an error naming its row, as on the general path.
        try rows(quoting: false).replacingOccurrences(of: "\n5000,", with: "\n5000,105,30,-1\nx,").write(toFile: plain, atomically: true, encoding: .utf8)
        do {
            _ = try CSVPointReader.read(path: plain, options: PointReadOptions(weight: "w"))
            Issue.record("read")
        } catch let e as HinterlandError {
            #expect(e.description.contains("line 5"), "\(e.description)")
            #expect(e.description.contains("negative value -1"), "\(e.description)")
        }
    }

    @Test func readsGBKTextWithChineseHeadersAndCategories() throws {
        let text = "名称\t经度\t纬度\t行业\n成都\t104.07\t30.67\t制造业\n重庆\t106.55\t29.56\t能源\n"
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The GBK bytes come from the system's iconv, not from the code under test.
        try text.write(toFile: "\(dir)/utf8.tsv", atomically: true, encoding: .utf8)
        let r = Fixtures.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030", "-o", "\(dir)/p.tsv", "\(dir)/utf8.tsv"])
        #expect(r.status == 0, "\(r.err)")
        let path = "\(dir)/p.tsv"
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != text.data(using: .utf8))
        let s = try PointReader.read(path: path, options: PointReadOptions(category: "行业"))
        #expect(s.count == 2)
        #expect(s.categoryNames == ["制造业", "能源"])
    }

    @Test func textInTheWeightColumnIsAnErrorNamingTheRow() throws {
        let (dir, path) = try write("lon,lat,staff\n116.4,39.9,10\n121.5,31.2,many\n", "p.csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            _ = try PointReader.read(path: path, options: PointReadOptions(weight: "staff"))
            Issue.record("read")
        } catch let e as HinterlandError {
            #expect(e.description == "\(path) line 3: weight column 'staff' has text 'many'; weights must be numbers")
        }
    }

    @Test func gcj02InputIsConvertedToWGS84() throws {
        let g = ChineseOffsets.wgs84ToGCJ02(lon: 116.39, lat: 39.91)
        let (dir, path) = try write("lng,lat\n\(g.lon),\(g.lat)\n", "p.csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try PointReader.read(path: path, options: PointReadOptions(inputCRS: .gcj02))
        #expect(abs(s.xs[0] - 116.39) < 1e-7 && abs(s.ys[0] - 39.91) < 1e-7)
    }

    @Test func ogrPointLayersAreRead() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = FeatureTable(name: "pts", crs: CRS("EPSG:3857"), geometryKind: .point, fields: [Field("kind", .string), Field("w", .real)],
                             features: [Feature(geometry: .point(12_957_000, 4_852_000), values: [.string("a"), .real(1.5)]),
                                        Feature(geometry: .point(13_524_000, 3_662_000), values: [.string("b"), .real(2.5)])])
        try VectorWriter.write([t], to: "\(dir)/p.gpkg")
        let s = try PointReader.read(path: "\(dir)/p.gpkg", options: PointReadOptions(weight: "w", category: "kind"))
        #expect(s.count == 2 && s.weights == [1.5, 2.5] && s.categoryNames == ["a", "b"])
        #expect(abs(s.xs[0] - 116.394) < 0.01 && abs(s.ys[0] - 39.91) < 0.01)
    }
}

/// Point layers read in columns (OGR's Arrow stream) against the same layers read feature by
/// feature through OGR's C API, the reader they replace, in three formats.
struct BulkPointReaderTests {
    @Test func arrowColumnsReadAsFeatureByFeature() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var state: UInt64 = 7
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var features = [Feature]()
        for i in 0..<70_000 {   // more than one Arrow batch
            let g: Geometry? = i == 5 ? nil : .point(73 + 62 * next(), 18 + 35 * next())
            let w: FieldValue = i == 9 ? .null : i % 3 == 0 ? .string(String(format: "%.3f", 100 * next())) : .string(String(Int(1000 * next())))
            features.append(Feature(geometry: g, values: [w, .real((next() * 1e4).rounded() / 100), .string(["铁路", "港口", "机场"][i % 3]), .integer(Int64(i % 7))]))
        }
        let t = FeatureTable(name: "pts", crs: .wgs84, geometryKind: .point,
                             fields: [Field("wtext", .string), Field("wreal", .real), Field("kind", .string), Field("code", .integer)], features: features)
        for ext in ["gpkg", "fgb", "shp"] {
            let path = "\(dir)/p.\(ext)"
            try VectorWriter.write([t], to: path)
            for (w, c) in [("wtext", "kind"), ("wreal", "code"), (nil, nil)] as [(String?, String?)] {
                let o = PointReadOptions(weight: w, category: c)
                let (bulk, _) = try OGRPointReader.read(path: path, options: o, bulk: true)
                let (one, _) = try OGRPointReader.read(path: path, options: o, bulk: false)
                #expect(bulk.count > 69_000, "\(ext)")
                #expect(bulk.xs == one.xs && bulk.ys == one.ys, "\(ext) \(w ?? "-")")
                #expect(bulk.weights == one.weights && bulk.categories == one.categories && bulk.categoryNames == one.categoryNames, "\(ext) \(w ?? "-")")
                #expect(bulk.skipped == one.skipped && bulk.firstSkip == one.firstSkip, "\(ext) \(bulk.firstSkip ?? "") vs \(one.firstSkip ?? "")")
            }
        }
        // A text weight that is not a number: the same one-line error, naming the feature.
        let bad = FeatureTable(name: "pts", crs: .wgs84, geometryKind: .point, fields: [Field("w", .string)],
                               features: [Feature(geometry: .point(116, 40), values: [.string("2")]), Feature(geometry: .point(117, 40), values: [.string("lots")])])
        try VectorWriter.write([bad], to: "\(dir)/bad.gpkg")
        for bulk in [true, false] {
            #expect { _ = try OGRPointReader.read(path: "\(dir)/bad.gpkg", options: PointReadOptions(weight: "w"), bulk: bulk) } throws: { e in
                "\(e)".contains("feature 2") && "\(e)".contains("'lots'")
            }
        }
    }
}

/// Shapefile points read from the .shp and .dbf bytes against OGR's feature-by-feature
/// reading of the same files: null shapes, deleted records, blank and overflowed numbers,
/// text in a numeric field, integer and real weights, and PointZ.
struct ShapefilePointReaderTests {
    @Test func readsAsOGRReadsFeatureByFeature() throws {
        let dir = Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var state: UInt64 = 11
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        var features = [Feature]()
        for i in 0..<5_000 {
            let g: Geometry? = i == 5 ? nil : .point(73 + 62 * next(), 18 + 35 * next())
            features.append(Feature(geometry: g, values: [i == 9 ? .null : .real((next() * 1e6).rounded() / 1000), .integer(Int64(i % 97))]))
        }
        let t = FeatureTable(name: "pts", crs: .wgs84, geometryKind: .point, fields: [Field("wreal", .real), Field("wint", .integer)], features: features)
        let path = "\(dir)/p.shp"
        try VectorWriter.write([t], to: path)
        // Doctor the table: a deleted record, an overflowed number, text in a numeric field.
        var dbf = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/p.dbf"))
        let header = Int(dbf[8]) | Int(dbf[9]) << 8, record = Int(dbf[10]) | Int(dbf[11]) << 8
        let width = Int(dbf[32 + 16])
        dbf[header + 20 * record] = UInt8(ascii: "*")
        for (row, text) in [(30, "*"), (31, "1x5"), (32, "abc"), (33, "-0")] {
            let at = header + row * record + 1
            for k in 0..<width { dbf[at + k] = k < text.utf8.count ? Array(text.utf8)[k] : 0x20 }
        }
        try dbf.write(to: URL(fileURLWithPath: "\(dir)/p.dbf"))
        for w in ["wreal", "WINT", nil] as [String?] {
            let o = PointReadOptions(weight: w)
            let fast = try #require(try ShapefilePointReader.read(path: path, options: o))
            let (one, _) = try OGRPointReader.read(path: path, options: o, bulk: false)
            #expect(fast.count == (w == "wreal" ? 4_996 : 4_998), "\(w ?? "-")")
            #expect(fast.xs == one.xs && fast.ys == one.ys && fast.weights == one.weights, "\(w ?? "-")")
            #expect(fast.skipped == one.skipped && fast.firstSkip == one.firstSkip, "\(w ?? "-"): \(fast.firstSkip ?? "") vs \(one.firstSkip ?? "")")
        }
        // A category, or a field that is not numeric: left to OGR.
        #expect(try ShapefilePointReader.read(path: path, options: PointReadOptions(category: "wint")) == nil)
    }
}

/// The number parser against strtod, the reference, on random decimals of every shape the
/// fast paths and the general one meet.
struct FastNumberTests {
    @Test func parsesAsStrtodDoes() {
        var state: UInt64 = 99
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        for _ in 0..<20_000 {
            var s = ["", "-", "+", " "][next(4)]
            let intDigits = next(12), fracDigits = next(14)
            for _ in 0..<intDigits { s += String(next(10)) }
            if next(4) > 0 { s += "." }
            for _ in 0..<fracDigits { s += String(next(10)) }
            s += ["", "", "\r", " ", "e3", "x"][next(6)]
            let bytes = Array(s.utf8)
            let ours = bytes.withUnsafeBufferPointer { FastNumber.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            var end: UnsafeMutablePointer<CChar>?
            let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
            let ref = trimmed.withCString { p -> Double? in
                let v = strtod(p, &end)
                return end! - UnsafeMutablePointer(mutating: p) == trimmed.utf8.count && !trimmed.isEmpty ? v : nil
            }
            #expect(ours?.bitPattern == ref?.bitPattern, "'\(s)'")
        }
    }
}
