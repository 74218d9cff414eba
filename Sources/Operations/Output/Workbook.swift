import Foundation
import GeoCore
import GeoIO

/// An Excel workbook of result tables, written by GDAL's XLSX driver (GDAL is linked already,
/// the driver writes Integer64 and Real fields as numeric cells, and no other library has to
/// be installed). One sheet per table block, plus a README sheet of sources and methods.
public enum Workbook {
    public struct Sheet {
        public var name: String
        public var csv: String
        public init(name: String, csv: String) { self.name = name; self.csv = csv }
    }

    public static func write(_ sheets: [Sheet], readme: [(String, String)], to path: String) throws {
        var tables = [FeatureTable]()
        var used = Set<String>()
        func unique(_ base: String) -> String {
            // Excel: at most 31 characters, none of []:*?/\ .
            var clean = String(base.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            var k = 2
            while used.contains(clean.lowercased()) { let tail = "_\(k)"; clean = String(clean.prefix(31 - tail.count)) + tail; k += 1 }
            used.insert(clean.lowercased())
            return clean
        }
        var info = FeatureTable(name: unique("README"), crs: .wgs84, geometryKind: nil, fields: [Field("item", .string), Field("text", .string)])
        info.features = readme.map { Feature(geometry: nil, values: [.string($0.0), .string($0.1)]) }
        tables.append(info)
        for s in sheets {
            let blocks = try blocksOf(s.csv, name: s.name)
            for (k, b) in blocks.enumerated() {
                tables.append(typed(b, name: unique(blocks.count > 1 ? "\(s.name)_\(k + 1)" : s.name)))
            }
        }
        try VectorWriter.write(tables, to: path)
    }

    /// CSV text split at blank lines into tables (header + rows).
    static func blocksOf(_ csv: String, name: String) throws -> [CSVTable] {
        var blocks = [String](), current = ""
        for line in csv.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { if !current.isEmpty { blocks.append(current); current = "" } } else { current += line + "\n" }
        }
        if !current.isEmpty { blocks.append(current) }
        return try blocks.map { try CSVTable(text: $0, path: name) }
    }

    /// A column is numeric when every non-empty cell is a finite number and it is no code
    /// (codes such as adcodes stay text, as they are names).
    static func typed(_ t: CSVTable, name: String) -> FeatureTable {
        let codeColumns: Set<String> = ["zone", "code", "adcode", "unit", "province_adcode", "members", "period"]
        let types: [FieldType] = t.header.indices.map { c in
            if codeColumns.contains(t.header[c]) { return .string }
            let cells = t.rows.map { c < $0.count ? $0[c] : "" }.filter { !$0.isEmpty }
            guard !cells.isEmpty, cells.allSatisfy({ Double($0).map(\.isFinite) ?? false }) else { return .string }
            return cells.allSatisfy { Int64($0) != nil } ? .integer : .real
        }
        var out = FeatureTable(name: name, crs: .wgs84, geometryKind: nil, fields: zip(t.header, types).map { Field($0, $1) })
        out.features = t.rows.map { row in
            Feature(geometry: nil, values: types.indices.map { c in
                let v = c < row.count ? row[c] : ""
                if v.isEmpty { return .null }
                switch types[c] {
                case .integer: return .integer(Int64(v)!)
                case .real: return .real(Double(v)!)
                case .string: return .string(v)
                }
            })
        }
        return out
    }
}
