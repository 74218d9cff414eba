import Foundation
import GeoCore

/// Points of an ESRI Shapefile read straight from its `.shp` and `.dbf` (ESRI Shapefile
/// Technical Description, 1998; dBASE III table): a point record is 28 bytes at a known
/// offset and a numeric field fixed-width text, so a million points take a few tens of
/// milliseconds, where OGR builds a feature per record to fill its Arrow stream.
///
/// The same points, weights, skips and errors as OGR's reading of the file (the tests compare
/// both): deleted table records are left out, as OGR leaves them out; a null shape is a
/// feature without geometry; a numeric field that is blank or starts with `*` (dBASE's
/// overflow) is empty. Anything else — multipoints, a category, a text weight field, a table
/// whose record count differs from the shapes' — returns nil, and OGR reads the file.
enum ShapefilePointReader {
    static func read(path: String, options o: PointReadOptions) throws -> PointSet? {
        guard o.category == nil, o.layer == nil, path.lowercased().hasSuffix(".shp"),
              let shp = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped), shp.count >= 100 else { return nil }
        let base = String(path.dropLast(4))
        // No table: no weights and no deleted records; a table that cannot be read: OGR's case.
        var dbf = Data()
        if let dbfPath = [base + ".dbf", base + ".DBF"].first(where: { FileManager.default.fileExists(atPath: $0) }) {
            guard let d = try? Data(contentsOf: URL(fileURLWithPath: dbfPath), options: .alwaysMapped) else { return nil }
            dbf = d
        } else if o.weight != nil {
            return nil
        }
        return try shp.withUnsafeBytes { s in try dbf.withUnsafeBytes { d in try read(shp: s, dbf: d, path: path, options: o) } }
    }

    private static func read(shp s: UnsafeRawBufferPointer, dbf d: UnsafeRawBufferPointer, path: String, options o: PointReadOptions) throws -> PointSet? {
        func be32(_ at: Int) -> Int { Int(UInt32(bigEndian: s.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        func le32(_ at: Int) -> Int { Int(Int32(littleEndian: s.loadUnaligned(fromByteOffset: at, as: Int32.self))) }
        guard be32(0) == 9994, [1, 11, 21].contains(le32(32)) else { return nil }   // Point, PointZ, PointM
        var records = [Int]()
        var at = 100
        while at + 8 <= s.count {
            let length = be32(at + 4) * 2
            guard length >= 4, at + 8 + length <= s.count else { return nil }
            records.append(at + 8)
            at += 8 + length
        }
        // The table: its records and the weight field's place in a record.
        var table: (count: Int, header: Int, record: Int)?
        var weight: (offset: Int, width: Int, integer: Bool)?
        if d.count >= 32 {
            let count = Int(d.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
            let header = Int(d.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian)
            let record = Int(d.loadUnaligned(fromByteOffset: 10, as: UInt16.self).littleEndian)
            guard record > 0, header + count * record <= d.count else { return nil }
            table = (count, header, record)
            var f = 32, offset = 1
            while f + 32 <= header && d[f] != 0x0D {
                let nameBytes = (0..<11).map { d[f + $0] }.prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                let type = d[f + 11], width = Int(d[f + 16]), decimals = Int(d[f + 17])
                // OGR finds a field by name whatever its case: the first such field.
                if let w = o.weight, weight == nil, name.caseInsensitiveCompare(w) == .orderedSame {
                    guard type == UInt8(ascii: "N") || type == UInt8(ascii: "F") else { return nil }
                    // OGR's field type: Integer or Integer64 for N without decimals below 19 digits.
                    weight = (offset, width, type == UInt8(ascii: "N") && decimals == 0 && width < 19)
                }
                offset += width; f += 32
            }
            guard offset <= record else { return nil }
        }
        if o.weight != nil && weight == nil { return nil }
        if let table, table.count != records.count { return nil }

        var set = PointSet(source: path)
        if o.weight != nil { set.weights = [] }
        set.xs.reserveCapacity(records.count); set.ys.reserveCapacity(records.count)
        var n = 0
        for (i, r) in records.enumerated() {
            let row = table.map { $0.header + i * $0.record }
            if let row, d[row] == UInt8(ascii: "*") { continue }   // deleted
            n += 1
            guard le32(r) != 0, r + 20 <= s.count else { set.skip("feature \(n), no geometry"); continue }
            let x = s.loadUnaligned(fromByteOffset: r + 4, as: Double.self), y = s.loadUnaligned(fromByteOffset: r + 12, as: Double.self)
            if x.isNaN && y.isNaN { set.skip("feature \(n), no geometry"); continue }   // OGR's empty point
            var w = 1.0
            if let weight, let row {
                var a = row + weight.offset, b = a + weight.width
                while a < b && d[a] == 0x20 { a += 1 }
                while b > a && (d[b - 1] == 0x20 || d[b - 1] == 0) { b -= 1 }
                guard a < b, d[a] != UInt8(ascii: "*") else {
                    if o.strict { throw HinterlandError("\(path) feature \(n)", "empty weight") }
                    set.skip("feature \(n), empty weight"); continue
                }
                let v = number(d.baseAddress!.assumingMemoryBound(to: UInt8.self) + a, b - a, integer: weight.integer)
                guard v >= 0 else { throw HinterlandError("\(path) feature \(n)", "weight field '\(o.weight!)' has a negative value \(v)") }
                w = v
            }
            guard x.isFinite, y.isFinite else { set.skip("feature \(n), coordinate \(x), \(y)"); continue }
            set.xs.append(x); set.ys.append(y)
            if o.weight != nil { set.weights!.append(w) }
        }
        return set
    }

    /// A numeric field's value as OGR reads it: the longest number the text starts with
    /// (0 if none), as an integer for an integer field.
    static func number(_ p: UnsafePointer<UInt8>, _ n: Int, integer: Bool) -> Double {
        if let v = FastNumber.parse(p, n), !integer || (v == v.rounded(.towardZero) && abs(v) < 9e15) { return v }
        var text = [CChar](repeating: 0, count: n + 1)
        for i in 0..<n { text[i] = CChar(bitPattern: p[i]) }
        return integer ? Double(strtoll(text, nil, 10)) : strtod(text, nil)
    }
}
