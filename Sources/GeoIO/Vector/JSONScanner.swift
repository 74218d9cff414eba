import Foundation

/// Why the byte-level GeoJSON reader stopped: the file holds something it leaves to OGR, or
/// the text is not JSON (with the byte offset where that shows).
enum JSONScanStop: Error {
    case unsupported(String)
    case malformed(String, offset: Int)
}

/// A JSON scalar as a property value, before the column types are known.
enum JSONScalar {
    case null
    case bool(Bool)
    case integer(Int64)
    case real(Double)
    case string(String)
}

/// A cursor over the bytes of a JSON text: whitespace, strings, numbers, and skipping whole
/// values. Works on raw pointers (the file is memory-mapped), never copies the text.
struct JSONScanner {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int

    init(base: UnsafePointer<UInt8>, count: Int, pos: Int = 0) {
        self.base = base; self.end = count; self.pos = pos
    }

    @inline(__always) var atEnd: Bool { pos >= end }
    @inline(__always) func byte(_ i: Int) -> UInt8 { base[i] }

    func malformed(_ what: String, at p: Int? = nil) -> JSONScanStop {
        .malformed(what, offset: p ?? pos)
    }

    /// Where the text ends inside a value, the file was cut short.
    func truncatedOr(_ what: String) -> JSONScanStop {
        atEnd ? .malformed("file ends inside the JSON text", offset: end) : malformed(what)
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < end {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    /// The next non-blank byte (not consumed), or nil at the end.
    @inline(__always) mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < end ? base[pos] : nil
    }

    @inline(__always) mutating func expect(_ c: UInt8, _ what: @autoclosure () -> String) throws(JSONScanStop) {
        skipWhitespace()
        guard pos < end, base[pos] == c else { throw truncatedOr("expected \(what())") }
        pos += 1
    }

    /// After a member or element: true when another follows (a comma), false at `close`.
    @inline(__always) mutating func next(close: UInt8) throws(JSONScanStop) -> Bool {
        skipWhitespace()
        guard pos < end else { throw truncatedOr("") }
        let b = base[pos]
        pos += 1
        if b == 0x2C { return true }
        if b == close { return false }
        pos -= 1
        throw malformed(close == 0x7D ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
    }

    /// A string's raw bytes between the quotes when it has no escapes (the common case).
    /// Returns nil (and leaves `pos` at the opening quote) when it has escapes.
    @inline(__always) mutating func rawString() throws(JSONScanStop) -> Range<Int>? {
        skipWhitespace()
        guard pos < end, base[pos] == 0x22 else { throw truncatedOr("expected a string") }
        var p = pos + 1
        while p < end {
            let b = base[p]
            if b == 0x22 { let r = (pos + 1)..<p; pos = p + 1; return r }
            if b == 0x5C { return nil }
            if b < 0x20 { throw malformed("control character inside a string", at: p) }
            p += 1
        }
        pos = end
        throw truncatedOr("")
    }

    /// Whether `r` holds exactly the ASCII text `s`.
    @inline(__always) func bytes(_ r: Range<Int>, equal s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<r.count where base[r.lowerBound + i] != p[i] { return false }
        return true
    }

    /// A whole string, escapes decoded; nil is never returned for valid text.
    mutating func string() throws(JSONScanStop) -> String {
        if let r = try rawString() {
            guard let s = String(validating: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), as: UTF8.self) else {
                throw .unsupported("a string that is not UTF-8")
            }
            return s
        }
        var out = [UInt8]()
        pos += 1
        while true {
            guard pos < end else { throw truncatedOr("") }
            let b = base[pos]
            pos += 1
            if b == 0x22 { break }
            if b < 0x20 { throw malformed("control character inside a string", at: pos - 1) }
            if b != 0x5C { out.append(b); continue }
            guard pos < end else { throw truncatedOr("") }
            let e = base[pos]
            pos += 1
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var u = try hex4()
                if u >= 0xD800 && u < 0xDC00 {
                    // A high surrogate must be followed by an escaped low one.
                    guard pos + 1 < end, base[pos] == 0x5C, base[pos + 1] == 0x75 else { throw .unsupported("an unpaired surrogate escape") }
                    pos += 2
                    let lo = try hex4()
                    guard lo >= 0xDC00 && lo < 0xE000 else { throw .unsupported("an unpaired surrogate escape") }
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                } else if u >= 0xDC00 && u < 0xE000 {
                    throw .unsupported("an unpaired surrogate escape")
                }
                // NUL would end the C string OGR hands back.
                if u == 0 { throw .unsupported("a \\u0000 escape") }
                out.append(contentsOf: String(Character(Unicode.Scalar(u)!)).utf8)
            default:
                throw malformed("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: pos - 2)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw .unsupported("a string that is not UTF-8") }
        return s
    }

    private mutating func hex4() throws(JSONScanStop) -> UInt32 {
        guard pos + 4 <= end else { pos = end; throw truncatedOr("") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw malformed("bad \\u escape in a string")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    // MARK: numbers

    private static let powersOfTen: [Double] = (0...22).map { Double("1e\($0)")! }

    /// A JSON number: its value as strtod gives it (correctly rounded), and for a token
    /// without fraction or exponent its integer value. Integers of more than 18 digits are
    /// left to OGR (json-c would clamp them).
    @inline(__always) mutating func number() throws(JSONScanStop) -> (value: Double, integer: Int64?) {
        skipWhitespace()
        let start = pos
        var p = pos
        var negative = false
        if p < end && base[p] == 0x2D { negative = true; p += 1 }
        guard p < end else { pos = end; throw truncatedOr("") }
        var mantissa: UInt64 = 0    // at most 19 digits: below 2^64, so no overflow checks
        var digits = 0          // significant digits in `mantissa` (leading zeros not counted)
        var exponent = 0        // decimal exponent to apply to `mantissa`
        var first = base[p]
        guard first >= 0x30 && first <= 0x39 else { throw malformed("expected a number", at: start) }
        if first == 0x30 {
            p += 1
            if p < end, base[p] >= 0x30 && base[p] <= 0x39 { throw malformed("number with a leading zero", at: start) }
        } else {
            while p < end {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); digits &+= 1 } else { exponent &+= 1; digits &+= 1 }
                p &+= 1
            }
        }
        var isInteger = true
        if p < end && base[p] == 0x2E {
            isInteger = false
            p += 1
            first = p < end ? base[p] : 0
            guard first >= 0x30 && first <= 0x39 else {
                if p >= end { pos = end; throw truncatedOr("") }
                throw malformed("expected digits after the decimal point", at: p)
            }
            while p < end {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if mantissa == 0 && d == 0 { exponent &-= 1 }   // leading zeros of a fraction
                else if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); digits &+= 1; exponent &-= 1 }
                else { digits &+= 1 }
                p += 1
            }
        }
        if p < end && (base[p] == 0x65 || base[p] == 0x45) {
            isInteger = false
            p += 1
            var eneg = false
            if p < end && (base[p] == 0x2B || base[p] == 0x2D) { eneg = base[p] == 0x2D; p += 1 }
            guard p < end, base[p] >= 0x30 && base[p] <= 0x39 else {
                if p >= end { pos = end; throw truncatedOr("") }
                throw malformed("expected digits in an exponent", at: p)
            }
            var e = 0
            while p < end {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                p += 1
            }
            exponent += eneg ? -e : e
        }
        pos = p
        if isInteger {
            // json-c reads integer tokens as 64-bit integers ("-0" is 0).
            guard digits <= 18 && exponent == 0 else { throw .unsupported("an integer of more than 18 digits") }
            let v = negative ? -Int64(mantissa) : Int64(mantissa)
            return (Double(v), v)
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, nil) }
        // Up to 15 digits and 10^|e| ≤ 10^22 are both exact doubles: one correctly rounded
        // division or product gives what strtod gives.
        if digits <= 15 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / Self.powersOfTen[-exponent] : v * Self.powersOfTen[exponent]
            return (negative ? -v : v, nil)
        }
        let v = strtodToken(start..<p)
        guard v.isFinite else { throw .unsupported("a number out of the double range") }
        return (v, nil)
    }

    private func strtodToken(_ r: Range<Int>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: r.count + 1) { buf in
            for i in 0..<r.count { buf[i] = CChar(bitPattern: base[r.lowerBound + i]) }
            buf[r.count] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    // MARK: whole values

    /// A property value: null, true, false, a number or a string (arrays and objects are
    /// left to OGR, which writes them as JSON text).
    mutating func scalar() throws(JSONScanStop) -> JSONScalar {
        guard let b = peek() else { throw truncatedOr("") }
        switch b {
        case 0x22: return .string(try string())
        case 0x6E: try literal("null"); return .null
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x7B, 0x5B: throw .unsupported("an object or array as a property value")
        default:
            let n = try number()
            if let i = n.integer { return .integer(i) }
            return .real(n.value)
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONScanStop) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { pos = end; throw truncatedOr("") }
        for i in 0..<n where base[pos + i] != word.utf8Start[i] { throw malformed("unexpected character") }
        pos += n
    }

    /// Skips any value, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws(JSONScanStop) {
        guard depth < 512 else { throw .unsupported("JSON nested more than 512 deep") }
        guard let b = peek() else { throw truncatedOr("") }
        switch b {
        case 0x7B:
            pos += 1
            if peek() == 0x7D { pos += 1; return }
            repeat {
                _ = try string()
                try expect(0x3A, "':' after a member name")
                try skipValue(depth: depth + 1)
            } while try next(close: 0x7D)
        case 0x5B:
            pos += 1
            if peek() == 0x5D { pos += 1; return }
            repeat { try skipValue(depth: depth + 1) } while try next(close: 0x5D)
        default:
            _ = try scalarSkippingNumbers()
        }
    }

    private mutating func scalarSkippingNumbers() throws(JSONScanStop) -> Bool {
        guard let b = peek() else { throw truncatedOr("") }
        switch b {
        case 0x22: if try rawString() == nil { _ = try string() }
        case 0x6E: try literal("null")
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        default:
            do { _ = try number() } catch .unsupported { }   // a long integer in a skipped member is fine
        }
        return true
    }
}
