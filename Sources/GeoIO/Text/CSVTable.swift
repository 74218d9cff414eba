import Foundation
import GeoCore

/// A small RFC 4180 CSV table: a header row and string cells, for the reference tables.
/// Quoted fields may hold commas, quotes ("") and newlines; a UTF-8 BOM is ignored.
public struct CSVTable: Sendable {
    public let path: String
    public let header: [String]
    public let rows: [[String]]

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HinterlandError(path, "no such file or not readable")
        }
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

    static func parse(_ text: String) -> [[String]] {
        var records = [[String]](), row = [String](), field = ""
        var inQuotes = false, fieldStarted = false
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if text.unicodeScalars.first == "\u{FEFF}" { _ = it.next() }
        func endField() { row.append(field); field = ""; fieldStarted = false }
        func endRow() { endField(); if !(row.count == 1 && row[0].isEmpty) { records.append(row) }; row = [] }
        while let c = pending ?? it.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where !fieldStarted && field.isEmpty: inQuotes = true; fieldStarted = true
            case ",": endField()
            case "\r": break
            case "\n": endRow()
            default: field.unicodeScalars.append(c); fieldStarted = true
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return records
    }
}
