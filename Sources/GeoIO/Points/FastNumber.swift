import Foundation

/// Parses decimal numbers from bytes without allocating. Plain decimals with up to 15
/// significant digits take Clinger's fast path (an exact integer divided or multiplied by an
/// exact power of ten is correctly rounded); anything else (exponents, inf, nan, long
/// mantissas) goes through strtod, so results always equal strtod's.
enum FastNumber {
    static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if let v = plain(p, n) { return v }
        return general(p, n)
    }

    /// The common case in one tight loop: an optional minus, at most 15 digits and a dot
    /// (a CR left by a CRLF line end is ignored). Anything else is nil, for `general`; where
    /// both apply they compute the same value.
    @inline(__always)
    static func plain(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var e = n
        if e > 0 && p[e - 1] == 0x0D { e -= 1 }
        guard e > 0 && e <= 17 else { return nil }
        var i = 0, neg = false
        if p[0] == 0x2D { neg = true; i = 1 }
        let first = i
        var mant: Int64 = 0, dot = -1
        while i < e {
            let d = p[i] &- 0x30
            if d < 10 { mant = mant &* 10 &+ Int64(d) } else if p[i] == 0x2E && dot < 0 { dot = i } else { return nil }
            i += 1
        }
        let digits = e - first - (dot >= 0 ? 1 : 0)
        guard digits > 0 && digits <= 15 else { return nil }
        let frac = dot >= 0 ? e - dot - 1 : 0
        let v = frac == 0 ? Double(mant) : Double(mant) / powers[frac]
        return neg ? -v : v
    }

    static func general(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var s = 0, e = n
        while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
        while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D) { e -= 1 }
        if s == e { return nil }
        var i = s, neg = false
        if p[i] == 0x2D { neg = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        var mant: Int64 = 0, digits = 0, frac = 0, sawDot = false, any = false
        while i < e {
            let c = p[i]
            if c >= 0x30 && c <= 0x39 {
                any = true
                if digits < 18 { mant = mant * 10 + Int64(c - 0x30); if mant > 0 { digits += 1 }; if sawDot { frac += 1 } }
                else { return slow(p + s, e - s) }
            } else if c == 0x2E && !sawDot { sawDot = true } else { return slow(p + s, e - s) }
            i += 1
        }
        guard any else { return nil }
        if digits > 15 { return slow(p + s, e - s) }
        let v = frac == 0 ? Double(mant) : Double(mant) / powers[frac]
        return neg ? -v : v
    }

    static func slow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var buf = [CChar](repeating: 0, count: n + 1)
        for i in 0..<n { buf[i] = CChar(bitPattern: p[i]) }
        return buf.withUnsafeBufferPointer { b -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(b.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: b.baseAddress!) == n else { return nil }
            return v
        }
    }
}
