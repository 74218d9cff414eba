import GeoCore

/// Where a delimited file's point fields are, and how strictly they are read.
struct CSVPointColumns: Sendable {
    let path: String
    let header: [String]
    let encoding: TextEncoding
    let delimiter: UInt8
    let lon: Int, lat: Int, weight: Int?, category: Int?
    /// The highest column index read: a record needs more fields than this.
    let needed: Int
    let strict: Bool
    /// Coordinates are longitude and latitude: out of range is a bad row, reported by line.
    var geographic = false
}

/// Where a run of records puts its points: room for as many as the run has lines (plus one
/// for a last line without a newline), a record never being shorter than a line.
struct CSVPointSlots: @unchecked Sendable {
    var xs, ys: UnsafeMutablePointer<Double>
    var weights: UnsafeMutablePointer<Double>?
    var categories: UnsafeMutablePointer<Int32>?

    func advanced(by k: Int) -> CSVPointSlots {
        CSVPointSlots(xs: xs + k, ys: ys + k, weights: weights.map { $0 + k }, categories: categories.map { $0 + k })
    }
}

/// A run of records (a block, or one piece of a block read in parallel): how many points it
/// wrote to its slots, its skipped rows, first error and categories; `merge` makes it part
/// of the layer as if the records had been read one after another.
struct CSVPointPiece {
    var count = 0
    var categoryNames = [String]()
    var skipped = 0, firstSkip: String?
    /// Rows out of range that would be in range with longitude and latitude swapped.
    var swappedLooking = 0
    var error: Error?
    /// The file line number of the next record (the number every message gives).
    var line: Int

    init(line: Int) { self.line = line }

    /// Parses records from `from` up to `to`, stopping at the first error. Unless `final`,
    /// a record running into `to` without its newline is left for the next block: the
    /// offset returned is where parsing stopped.
    /// `quoteFree` says the bytes hold no quote character: then a record is one line, and
    /// ordinary records take a single pass that reads only the columns it needs.
    @discardableResult
    mutating func parse(_ base: UnsafePointer<UInt8>, from: Int, to n: Int, final: Bool, columns c: CSVPointColumns,
                        into out: CSVPointSlots, quoteFree: Bool = false) -> Int {
        var fields = [Range<Int>]()
        var categoryIndex = [String: Int32]()
        // Field text for messages, cut short: a message stays one readable line.
        func text(_ r: Range<Int>) -> String {
            let t = CSVPointReader.unquote(c.encoding.decode(UnsafeRawBufferPointer(start: base + r.lowerBound, count: min(r.count, 400))))
            return t.count > 60 || r.count > 400 ? t.prefix(60) + "…" : t
        }
        func number(_ r: Range<Int>) -> Double? {
            var s = r.lowerBound, e = r.upperBound
            if e - s >= 2 && base[s] == 0x22 && base[e - 1] == 0x22 { s += 1; e -= 1 }
            return FastNumber.parse(base + s, e - s)
        }
        func skip(_ reason: @autoclosure () -> String) {
            if skipped == 0 { firstSkip = reason() }
            skipped += 1
        }
        var pos = from
        do {
            let fast = quoteFree && c.category == nil
            while pos < n {
                if fast, let r = Self.plainRecord(base, from: pos, to: n, columns: c) {
                    out.xs[count] = r.x; out.ys[count] = r.y
                    if c.weight != nil { out.weights![count] = r.weight }
                    count += 1; line += 1; pos = r.next
                    continue
                }
                let row = line, recordStart = pos
                let next = CSVPointReader.splitLine(base, n, from: pos, delim: c.delimiter, into: &fields, line: &line)
                // A record running into the block's end is finished with the next block.
                if next == n && !final && base[n - 1] != 0x0A { line = row; pos = recordStart; break }
                pos = next
                if fields.count == 1 && fields[0].isEmpty { continue }   // blank line
                if fields.count <= c.needed {
                    if c.strict { throw HinterlandError("\(c.path) line \(row)", "has \(fields.count) fields, \(c.needed + 1) needed") }
                    skip("line \(row), only \(fields.count) field\(fields.count == 1 ? "" : "s")"); continue
                }
                guard let x = number(fields[c.lon]), x.isFinite else {
                    if c.strict { throw HinterlandError("\(c.path) line \(row)", "longitude '\(text(fields[c.lon]))' is not a number") }
                    skip("line \(row), longitude '\(text(fields[c.lon]))'"); continue
                }
                guard let y = number(fields[c.lat]), y.isFinite else {
                    if c.strict { throw HinterlandError("\(c.path) line \(row)", "latitude '\(text(fields[c.lat]))' is not a number") }
                    skip("line \(row), latitude '\(text(fields[c.lat]))'"); continue
                }
                if c.geographic && !(abs(x) <= 180 && abs(y) <= 90) {
                    if c.strict { throw HinterlandError("\(c.path) line \(row)", "coordinates out of range (\(x), \(y))") }
                    if abs(y) > 90 && abs(x) <= 90 && abs(y) <= 180 { swappedLooking += 1 }
                    skip("line \(row), coordinates out of range (\(x), \(y))"); continue
                }
                if let wI = c.weight {
                    let t = fields[wI]
                    if t.isEmpty {
                        if c.strict { throw HinterlandError("\(c.path) line \(row)", "empty weight") }
                        skip("line \(row), empty weight"); continue
                    }
                    guard let v = number(t), v.isFinite else {
                        throw HinterlandError("\(c.path) line \(row)", "weight column '\(c.header[wI])' has text '\(text(t))'; weights must be numbers")
                    }
                    guard v >= 0 else {
                        throw HinterlandError("\(c.path) line \(row)", "weight column '\(c.header[wI])' has a negative value \(v)")
                    }
                    out.weights![count] = v
                }
                out.xs[count] = x; out.ys[count] = y
                if let cI = c.category {
                    let name = text(fields[cI])
                    if let k = categoryIndex[name] { out.categories![count] = k } else {
                        let k = Int32(categoryNames.count)
                        categoryIndex[name] = k; categoryNames.append(name); out.categories![count] = k
                    }
                }
                count += 1
            }
        } catch {
            self.error = error
        }
        return pos
    }

    /// An ordinary record of a quote-free run in one pass: enough fields, finite coordinates,
    /// and a finite weight ≥ 0 if one is read. Anything else (a blank or short line, a bad
    /// value, the run's unfinished last line) is nil, and `parse` reads the record the general
    /// way, so skips, errors and row numbers are the same either way.
    @inline(__always)
    static func plainRecord(_ p: UnsafePointer<UInt8>, from: Int, to n: Int, columns c: CSVPointColumns)
        -> (next: Int, x: Double, y: Double, weight: Double)? {
        var i = from, field = 0, fieldStart = from
        var lon = (0, 0), lat = (0, 0), w = (0, 0)
        let delim = c.delimiter, wI = c.weight ?? -1
        // Eight bytes at a time: the top bit of each byte that is the delimiter or a newline
        // (a byte of x ^ pattern is zero there; see `countNewlines`), then those bytes in order.
        let raw = UnsafeRawPointer(p), low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let dRep = UInt64(delim) &* 0x0101_0101_0101_0101, nlRep: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        var found = false
        words: while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let x = word ^ dRep, y = word ^ nlRep
            var m = ~(((x & low) &+ low) | x | low) | ~(((y & low) &+ low) | y | low)
            while m != 0 {
                let j = i + m.trailingZeroBitCount >> 3
                if field == c.lon { lon = (fieldStart, j) } else if field == c.lat { lat = (fieldStart, j) } else if field == wI { w = (fieldStart, j) }
                field += 1
                if p[j] == 0x0A { i = j; found = true; break words }
                fieldStart = j + 1
                m &= m &- 1
            }
            i += 8
        }
        while !found && i < n {
            let b = p[i]
            if b == delim || b == 0x0A {
                if field == c.lon { lon = (fieldStart, i) } else if field == c.lat { lat = (fieldStart, i) } else if field == wI { w = (fieldStart, i) }
                field += 1
                if b == 0x0A { break }
                fieldStart = i + 1
            }
            i += 1
        }
        guard i < n, field > c.needed,
              let x = FastNumber.parse(p + lon.0, lon.1 - lon.0), x.isFinite,
              let y = FastNumber.parse(p + lat.0, lat.1 - lat.0), y.isFinite,
              !c.geographic || (abs(x) <= 180 && abs(y) <= 90) else { return nil }
        var weight = 0.0
        if wI >= 0 {
            guard let v = FastNumber.parse(p + w.0, w.1 - w.0), v.isFinite, v >= 0 else { return nil }
            weight = v
        }
        return (i + 1, x, y, weight)
    }

    /// Renumbers the run's categories to the layer's first-seen order, adds its skipped rows
    /// to the layer's, then throws the run's error if it had one.
    func merge(into set: inout PointSet, slots: CSVPointSlots, categoryIndex: inout [String: Int32]) throws {
        if !categoryNames.isEmpty, let cats = slots.categories {
            let global = categoryNames.map { name -> Int32 in
                if let k = categoryIndex[name] { return k }
                let k = Int32(set.categoryNames.count)
                categoryIndex[name] = k; set.categoryNames.append(name)
                return k
            }
            for i in 0..<count { cats[i] = global[Int(cats[i])] }
        }
        if skipped > 0 {
            if set.skipped == 0 { set.firstSkip = firstSkip }
            set.skipped += skipped
        }
        set.swappedLooking += swappedLooking
        if let error { throw error }
    }
}
