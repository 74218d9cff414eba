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

    static let defaultBlockSize = 8 << 20
    /// No real record is this long; a longer one is binary data or a quote never closed, and
    /// reading on would hold the whole file in memory.
    static let maxRecordBytes = 1 << 20

    /// Reads the file in 8 MB blocks (memory stays bounded whatever the file size); a record
    /// cut by a block end is finished with the next block.
    /// With `chunk`, each block's points are handed over and dropped (the memory of one
    /// block, whatever the file's size): the layer returned then holds no points, only its
    /// account (skipped rows, category names).
    static func read(path: String, options o: PointReadOptions, blockSize: Int = defaultBlockSize,
                     chunk: ((inout PointSet) throws -> Void)? = nil) throws -> PointSet {
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
        // Text never holds NUL bytes (UTF-8, GBK and GB18030 alike): stop at once on binary data.
        if buf.withUnsafeBytes({ memchr($0.baseAddress!, 0, $0.count) }) != nil {
            throw HinterlandError(path, "binary data (NUL bytes), not a delimited text file (UTF-16 text must be converted to UTF-8)")
        }
        var start = 0
        if buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { start = 3 }
        while !eof && !buf[start...].contains(0x0A) {
            if buf.count - start > maxRecordBytes { throw longRecord(path, line: 1) }
            fill()
        }
        if !buf[start...].contains(0x0A) && buf.count - start > maxRecordBytes { throw longRecord(path, line: 1) }
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
        func find(_ name: String?, _ candidates: [String], _ what: String) throws -> Int {
            if let name {
                guard let i = header.firstIndex(of: name) ?? header.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                    throw HinterlandError(path, "no \(what) column '\(name)' (columns: \(header.joined(separator: ", ")))")
                }
                return i
            }
            for c in candidates { if let i = header.firstIndex(where: { $0.lowercased() == c }) { return i } }
            throw HinterlandError(path, "no \(what) column (looked for \(candidates.prefix(5).joined(separator: ", ")); name the column explicitly)")
        }
        let lonI = try find(o.lon, lonNames, "longitude")
        let latI = try find(o.lat, latNames, "latitude")
        let wI = try o.weight.map { try find($0, [], "weight") }
        let cI = try o.category.map { try find($0, [], "category") }
        let needed = max(lonI, latI, wI ?? 0, cI ?? 0)

        let columns = CSVPointColumns(path: path, header: header, encoding: encoding, delimiter: delim, lon: lonI, lat: latI, weight: wI,
                                      category: cI, needed: needed, strict: o.strict,
                                      geographic: o.inputCRS == nil || o.inputCRS == .wgs84)
        var set = PointSet(source: path)
        if wI != nil { set.weights = [] }
        if cI != nil { set.categories = [] }
        var catIndex = [String: Int32]()
        var nextReport = total / 50
        // Room for the whole file at the first block's bytes per line (5 % spare): the arrays
        // are not regrown and copied block after block. Untouched room costs no memory.
        let firstLines = buf.withUnsafeBufferPointer { countNewlines($0.baseAddress! + start, $0.count - start) }
        if firstLines > 0 && chunk == nil {
            let estimate = min(Int(Double(total) / Double(buf.count - start) * Double(firstLines) * 1.05) + 16, 1 << 31)
            set.xs.reserveCapacity(estimate); set.ys.reserveCapacity(estimate)
            set.weights?.reserveCapacity(estimate); set.categories?.reserveCapacity(estimate)
        }
        while true {
            try buf.withUnsafeBufferPointer { p in
                let base = p.baseAddress!, n = p.count
                // Records end at the block's last newline unless the file ends here.
                var cut = n
                if !eof { while cut > start && base[cut - 1] != 0x0A { cut -= 1 } }
                // A block without quotes splits at any newline: its records are parsed in
                // pieces on all cores, then joined in file order (row numbers, the first
                // skipped row and category order as if read in one go). Past `cut` there is at
                // most an unfinished record, which is always read the general way.
                let quoteFree = memchr(base + start, 0x22, cut - start) == nil
                let parallel = cut - start >= 1 << 20 && Parallel.threads > 1 && quoteFree
                let bounds = parallel ? pieceBounds(base, from: start, to: cut, count: 2 * Parallel.threads) : [start, n]
                var perPiece = [Int](repeating: 0, count: bounds.count - 1)
                perPiece.withUnsafeMutableBufferPointer { out in
                    let box = UncheckedSendable(out)
                    Parallel.forEach(bounds.count - 1) { k in box.value[k] = countNewlines(base + bounds[k], bounds[k + 1] - bounds[k]) }
                }
                var lines = [line]
                for k in 0..<(bounds.count - 1) { lines.append(lines[k] + perPiece[k]) }
                // Each piece writes straight into the layer's arrays at its own offset.
                let room = (0..<(bounds.count - 1)).map { lines[$0 + 1] - lines[$0] + 1 }
                let old = set.count, slotCount = room.reduce(0, +)
                // The arrays leave the layer while the pieces write to them (no copy: each
                // has one owner), and come back trimmed to what was read.
                var xs = set.xs, ys = set.ys, ws = set.weights, cs = set.categories
                set.xs = []; set.ys = []; set.weights = nil; set.categories = nil
                xs += repeatElement(0, count: slotCount); ys += repeatElement(0, count: slotCount)
                ws? += repeatElement(0, count: slotCount); cs? += repeatElement(0, count: slotCount)
                var pieces = [CSVPointPiece](), used = 0
                try withSlots(&xs, &ys, &ws, &cs, from: old) { slots in
                    var offsets = [0]
                    for r in room { offsets.append(offsets.last! + r) }
                    if parallel {
                        var out = [CSVPointPiece?](repeating: nil, count: bounds.count - 1)
                        out.withUnsafeMutableBufferPointer { o in
                            let box = UncheckedSendable(o)
                            Parallel.forEach(bounds.count - 1) { k in
                                var piece = CSVPointPiece(line: lines[k])
                                piece.parse(base, from: bounds[k], to: bounds[k + 1], final: true, columns: columns,
                                            into: slots.advanced(by: offsets[k]), quoteFree: true)
                                box.value[k] = piece
                            }
                        }
                        pieces = out.map { $0! }
                        start = cut
                    } else {
                        var piece = CSVPointPiece(line: line)
                        start = piece.parse(base, from: start, to: n, final: eof, columns: columns, into: slots, quoteFree: quoteFree)
                        pieces = [piece]
                    }
                    // Close the gaps between pieces, in order; stop at the first error.
                    for (k, piece) in pieces.enumerated() {
                        let from = slots.advanced(by: offsets[k]), to = slots.advanced(by: used)
                        if used != offsets[k] {
                            to.xs.update(from: from.xs, count: piece.count); to.ys.update(from: from.ys, count: piece.count)
                            if let w = to.weights { w.update(from: from.weights!, count: piece.count) }
                            if let c = to.categories { c.update(from: from.categories!, count: piece.count) }
                        }
                        try piece.merge(into: &set, slots: to, categoryIndex: &catIndex)
                        used += piece.count
                    }
                }
                let unused = slotCount - used
                xs.removeLast(unused); ys.removeLast(unused); ws?.removeLast(unused); cs?.removeLast(unused)
                set.xs = xs; set.ys = ys; set.weights = ws; set.categories = cs
                line = pieces.last!.line
            }
            if let chunk, set.count > 0 {
                try chunk(&set)
                set.xs.removeAll(keepingCapacity: true); set.ys.removeAll(keepingCapacity: true)
                set.weights?.removeAll(keepingCapacity: true); set.categories?.removeAll(keepingCapacity: true)
            }
            if consumed + start >= nextReport, let progress = o.progress { progress(Double(consumed + start) / Double(total)); nextReport = consumed + start + total / 50 }
            if eof && start >= buf.count { break }
            // Keep the unfinished record, read the next block.
            consumed += start
            buf.removeFirst(start)
            start = 0
            if buf.count > maxRecordBytes { throw longRecord(path, line: line) }
            let before = buf.count
            fill()
            if eof && buf.count == before && before == 0 { break }
        }
        return set
    }

    static func longRecord(_ path: String, line: Int) -> HinterlandError {
        HinterlandError("\(path) line \(line)", "record longer than \(maxRecordBytes >> 20) MB (binary data, or a quote never closed?)")
    }

    /// The arrays from index `from` on, as slots for the parsers.
    static func withSlots(_ xs: inout [Double], _ ys: inout [Double], _ ws: inout [Double]?, _ cs: inout [Int32]?, from: Int,
                          _ body: (CSVPointSlots) throws -> Void) throws {
        try xs.withUnsafeMutableBufferPointer { x in
            try ys.withUnsafeMutableBufferPointer { y in
                try withOptionalPointer(&ws) { w in
                    try withOptionalPointer(&cs) { c in
                        try body(CSVPointSlots(xs: x.baseAddress! + from, ys: y.baseAddress! + from, weights: w.map { $0 + from },
                                               categories: c.map { $0 + from }))
                    }
                }
            }
        }
    }

    private static func withOptionalPointer<T>(_ a: inout [T]?, _ body: (UnsafeMutablePointer<T>?) throws -> Void) throws {
        if a == nil { try body(nil); return }
        try a!.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
    }

    /// Offsets cutting [from, to) into about `count` runs of whole lines (each run but the
    /// last ends just after a newline).
    static func pieceBounds(_ p: UnsafePointer<UInt8>, from: Int, to: Int, count: Int) -> [Int] {
        var bounds = [from]
        for k in 1..<count {
            var b = max(from + (to - from) * k / count, bounds.last!)
            while b < to && p[b - 1] != 0x0A { b += 1 }
            if b > bounds.last! && b < to { bounds.append(b) }
        }
        bounds.append(to)
        return bounds
    }

    /// Newlines in n bytes, eight at a time: a byte of x = word ^ 0x0A… is zero exactly
    /// where a newline is, and ~(((x & 0x7F…) + 0x7F…) | x | 0x7F…) sets the top bit of
    /// just those bytes (no carries between bytes).
    static func countNewlines(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let raw = UnsafeRawPointer(p), nl: UInt64 = 0x0A0A_0A0A_0A0A_0A0A, low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var total = 0, i = 0
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ nl
            total += (~(((x & low) &+ low) | x | low)).nonzeroBitCount
            i += 8
        }
        while i < n { if p[i] == 0x0A { total += 1 }; i += 1 }
        return total
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
