import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoCore

/// Streams points out of a delimited text file (CSV, TSV, semicolon) without building rows:
/// the file is memory-mapped and scanned byte by byte; only the coordinate, weight and
/// category fields are looked at. Quoted fields (with delimiters, quotes, newlines), a UTF-8
/// BOM, CRLF line ends, UTF-8 and GBK/GB18030 text are handled.
enum CSVPointReader {
    static let lonNames = ["lon", "lng", "long", "longitude", "x", "经度", "wgs84_lon", "lon_wgs84", "point_x"]
    static let latNames = ["lat", "latitude", "y", "纬度", "wgs84_lat", "lat_wgs84", "point_y"]

    static let blockSize = 8 << 20

    /// Reads the file in 8 MB blocks (memory stays bounded whatever the file size); a record
    /// cut by a block end is finished with the next block.
    static func read(path: String, options o: PointReadOptions) throws -> PointSet {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HinterlandError(path, "cannot open for reading (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let total = max((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 1, 1)
        var consumed = 0
        var buf = [UInt8]()
        buf.reserveCapacity(2 * blockSize)
        var eof = false
        func fill() {
            guard !eof else { return }
            let old = buf.count
            buf.append(contentsOf: repeatElement(0, count: blockSize))
            let got = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old, blockSize) }
            buf.removeLast(blockSize - max(got, 0))
            if got <= 0 { eof = true }
        }
        fill()
        guard !buf.isEmpty else { throw HinterlandError(path, "empty file (no header, no rows)") }
        var start = 0
        if buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { start = 3 }
        while !eof && !buf[start...].contains(0x0A) { fill() }
        let encoding = o.encoding ?? buf.withUnsafeBytes { TextEncoding.detect(UnsafeRawBufferPointer(rebasing: $0[start..<min(buf.count, start + (1 << 20))])) }
        // Header line and delimiter.
        let headerEnd = buf[start...].firstIndex(of: 0x0A) ?? buf.count
        let counts = [UInt8(0x2C), 0x09, 0x3B].map { d in (d, buf[start..<headerEnd].filter { $0 == d }.count) }
        let best = counts.max { $0.1 < $1.1 }!
        let delim: UInt8 = path.lowercased().hasSuffix(".tsv") ? 0x09 : best.1 > 0 ? best.0 : 0x2C
        var fields = [Range<Int>]()
        var line = 1
        let header: [String] = buf.withUnsafeBufferPointer { p in
            start = splitLine(p.baseAddress!, p.count, from: start, delim: delim, into: &fields, line: &line)
            return fields.map { unquote(encoding.decode(UnsafeRawBufferPointer(start: p.baseAddress! + $0.lowerBound, count: $0.count))) }
        }
        func find(_ name: String?, _ candidates: [String], _ what: String, _ option: String) throws -> Int {
            if let name {
                guard let i = header.firstIndex(of: name) ?? header.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                    throw HinterlandError(path, "no column '\(name)' for \(option) (columns: \(header.joined(separator: ", ")))")
                }
                return i
            }
            for c in candidates { if let i = header.firstIndex(where: { $0.lowercased() == c }) { return i } }
            throw HinterlandError(path, "no \(what) column (looked for \(candidates.prefix(5).joined(separator: ", ")); give \(option) COLUMN)")
        }
        let lonI = try find(o.lon, lonNames, "longitude", "--lon")
        let latI = try find(o.lat, latNames, "latitude", "--lat")
        let wI = try o.weight.map { try find($0, [], "weight", "--weight") }
        let cI = try o.category.map { try find($0, [], "category", "--category") }
        let needed = max(lonI, latI, wI ?? 0, cI ?? 0)

        var set = PointSet(source: path)
        if wI != nil { set.weights = [] }
        if cI != nil { set.categories = [] }
        var catIndex = [String: Int32]()
        var nextReport = total / 50
        while true {
            try buf.withUnsafeBufferPointer { p in
                let base = p.baseAddress!, n = p.count
                func text(_ r: Range<Int>) -> String {
                    unquote(encoding.decode(UnsafeRawBufferPointer(start: base + r.lowerBound, count: r.count)))
                }
                func number(_ r: Range<Int>) -> Double? {
                    var s = r.lowerBound, e = r.upperBound
                    if e - s >= 2 && base[s] == 0x22 && base[e - 1] == 0x22 { s += 1; e -= 1 }
                    return FastNumber.parse(base + s, e - s)
                }
                var pos = start
                while pos < n {
                    let row = line, recordStart = pos
                    let next = splitLine(base, n, from: pos, delim: delim, into: &fields, line: &line)
                    // A record running into the block's end is finished with the next block.
                    if next == n && !eof && base[n - 1] != 0x0A { line = row; pos = recordStart; break }
                    pos = next
                    if fields.count == 1 && fields[0].isEmpty { continue }   // blank line
                    if fields.count <= needed {
                        if o.strict { throw HinterlandError("\(path) row \(row)", "has \(fields.count) fields, \(needed + 1) needed") }
                        set.skip("row \(row), only \(fields.count) field\(fields.count == 1 ? "" : "s")"); continue
                    }
                    guard let x = number(fields[lonI]), x.isFinite else {
                        if o.strict { throw HinterlandError("\(path) row \(row)", "longitude '\(text(fields[lonI]))' is not a number") }
                        set.skip("row \(row), longitude '\(text(fields[lonI]))'"); continue
                    }
                    guard let y = number(fields[latI]), y.isFinite else {
                        if o.strict { throw HinterlandError("\(path) row \(row)", "latitude '\(text(fields[latI]))' is not a number") }
                        set.skip("row \(row), latitude '\(text(fields[latI]))'"); continue
                    }
                    var w = 1.0
                    if let wI {
                        let t = fields[wI]
                        if t.isEmpty {
                            if o.strict { throw HinterlandError("\(path) row \(row)", "empty weight") }
                            set.skip("row \(row), empty weight"); continue
                        }
                        guard let v = number(t), v.isFinite else {
                            throw HinterlandError("\(path) row \(row)", "weight column '\(header[wI])' has text '\(text(t))'; weights must be numbers")
                        }
                        guard v >= 0 else {
                            throw HinterlandError("\(path) row \(row)", "weight column '\(header[wI])' has a negative value \(v)")
                        }
                        w = v
                    }
                    set.xs.append(x); set.ys.append(y)
                    if wI != nil { set.weights!.append(w) }
                    if let cI {
                        let name = text(fields[cI])
                        let idx: Int32
                        if let k = catIndex[name] { idx = k } else {
                            idx = Int32(set.categoryNames.count); catIndex[name] = idx; set.categoryNames.append(name)
                        }
                        set.categories!.append(idx)
                    }
                }
                start = pos
            }
            if consumed + start >= nextReport, let progress = o.progress { progress(Double(consumed + start) / Double(total)); nextReport = consumed + start + total / 50 }
            if eof && start >= buf.count { break }
            // Keep the unfinished record, read the next block.
            consumed += start
            buf.removeFirst(start)
            start = 0
            let before = buf.count
            fill()
            if eof && buf.count == before && before == 0 { break }
        }
        return set
    }

    /// Splits one record starting at `from` into field byte ranges (quotes kept), returning
    /// the start of the next record. Newlines inside quotes belong to the field.
    @inline(__always)
    static func splitLine(_ p: UnsafePointer<UInt8>, _ n: Int, from: Int, delim: UInt8, into fields: inout [Range<Int>], line: inout Int) -> Int {
        fields.removeAll(keepingCapacity: true)
        var i = from, start = from, inQuotes = false
        while i < n {
            let c = p[i]
            if c == 0x22 { inQuotes.toggle() }
            else if !inQuotes {
                if c == delim { fields.append(start..<i); start = i + 1 }
                else if c == 0x0A {
                    let end = i > start && p[i - 1] == 0x0D ? i - 1 : i
                    fields.append(start..<end)
                    line += 1
                    return i + 1
                }
            } else if c == 0x0A { line += 1 }
            i += 1
        }
        let end = i > start && p[i - 1] == 0x0D ? i - 1 : i
        fields.append(start..<end)
        line += 1
        return n
    }

    static func unquote(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2 && t.hasPrefix("\"") && t.hasSuffix("\"") {
            t = String(t.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return t
    }
}
