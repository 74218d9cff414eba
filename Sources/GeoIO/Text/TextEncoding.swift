import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoCore

/// Text encodings of attribute tables: UTF-8, or GBK/GB18030 (GB18030 is a superset of GBK
/// and GB2312), the encodings Chinese registries and Excel exports use. Detection: text that
/// is valid UTF-8 is UTF-8; otherwise GB18030.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"

    public init(name: String) throws {
        switch name.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "UTF8": self = .utf8
        case "GBK", "GB18030", "GB2312", "CP936": self = .gb18030
        default: throw HinterlandError("encoding \(name)", "unknown (use utf-8, gbk or gb18030)")
        }
    }

    /// UTF-8 if `bytes` are valid UTF-8 (a cut multi-byte sequence at the very end is allowed).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> TextEncoding {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
            if len == 0 { return .gb18030 }
            if i + len > n { return .utf8 }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return .gb18030 }
            i += len
        }
        return .utf8
    }

    /// Decodes bytes in this encoding to a String (invalid bytes become U+FFFD).
    public func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        if self == .utf8 || bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return TextEncoding.iconvDecode(bytes, from: rawValue) ?? String(decoding: bytes, as: UTF8.self)
    }

    static func iconvDecode(_ bytes: UnsafeRawBufferPointer, from enc: String) -> String? {
        let cd = iconv_open("UTF-8", enc)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = [CChar](repeating: 0, count: bytes.count)
        for i in 0..<bytes.count { input[i] = CChar(bitPattern: bytes[i]) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
        var result = ""
        input.withUnsafeMutableBufferPointer { ip in
            output.withUnsafeMutableBufferPointer { op in
                var inPtr: UnsafeMutablePointer<CChar>? = ip.baseAddress
                var inLeft = ip.count
                var outPtr: UnsafeMutablePointer<CChar>? = op.baseAddress
                var outLeft = op.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                        // Skip one undecodable byte, emit a replacement character.
                        inPtr = inPtr.map { $0 + 1 }; inLeft -= 1
                        for b in "\u{FFFD}".utf8 where outLeft > 0 { outPtr!.pointee = CChar(bitPattern: b); outPtr! += 1; outLeft -= 1 }
                    }
                }
                let written = op.count - outLeft
                result = String(decoding: UnsafeRawBufferPointer(start: op.baseAddress, count: written), as: UTF8.self)
            }
        }
        return result
    }
}
