import Foundation
import GeoCore

/// A small RFC 4180 CSV table: a header row and string cells, for the reference tables.
/// Quoted fields may hold commas, quotes ("") and newlines; a UTF-8 BOM is ignored.
public struct CSVTable: Sendable {
    public let path: String
    public let header: [String]
    public let rows: [[String]]

    static let maxBytes = 256 << 20

    public init(path: String) throws {
        // Tables are read whole: refuse what cannot be one (a disk image named .csv).
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > CSVTable.maxBytes {
            throw HinterlandError(path, "\(size >> 20) MB is too large for a table (at most \(CSVTable.maxBytes >> 20) MB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HinterlandError(path, "no such file or not readable")
        }
        if data.prefix(1 << 16).contains(0) { throw HinterlandError(path, "binary data (NUL bytes), not a CSV text file") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HinterlandError(path, "not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    public init(text: String, path: String = "<csv>") throws {
        self.path = path
        var records = CSVTable.parse(text)
        guard !records.isEmpty else { throw HinterlandError(path, "empty file, no header row") }
        header = records.removeFirst()
        for (i, r) in records.enumerated() where r.count != header.count {
            throw HinterlandError("\(path) row \(i + 2)", "has \(r.count) fields, the header has \(header.count)")
        }
        rows = records
    }

    public func columnIndex(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw HinterlandError(path, "no column '\(name)'")
        }
        return i
    }

    /// Rows as dictionaries keyed by column name.
    public var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Over UTF-8 bytes (the delimiters are ASCII, so multi-byte characters pass through
    /// whole); a field becomes a String once, when it ends.
    static func parse(_ text: String) -> [[String]] {
        var records = [[String]](), row = [String](), field = [UInt8]()
        field.reserveCapacity(64)
        var inQuotes = false, fieldStarted = false
        let b = Array(text.utf8), n = b.count
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var i = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0   // BOM
        func endField() { row.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); fieldStarted = false }
        func endRow() { endField(); if !(row.count == 1 && row[0].isEmpty) { records.append(row) }; row = [] }
        while i < n {
            let c = b[i]
            i += 1
            if inQuotes {
                if c == quote {
                    // "" is a quote; any other quote closes the field (what follows is read as usual).
                    if i < n && b[i] == quote { field.append(quote); i += 1 } else { inQuotes = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case quote where !fieldStarted && field.isEmpty: inQuotes = true; fieldStarted = true
            case comma: endField()
            case cr: break
            case lf: endRow()
            default: field.append(c); fieldStarted = true
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return records
    }
}
