import CZlib
import Foundation

/// A small PNG encoder for rendered maps: 8-bit RGBA, the "Up" filter (flat colour areas and
/// horizontal borders compress well with it) and zlib level 1. Several times faster than the
/// adaptive filtering of a general-purpose encoder, at a similar size for maps.
enum PNGEncoder {
    static func encode(rgba: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> Data? {
        let rowBytes = width * 4
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        raw.withUnsafeMutableBufferPointer { out in
            let src = rgba.baseAddress!
            for y in 0..<height {
                let o = out.baseAddress! + y * (rowBytes + 1)
                o[0] = 2   // Up
                let cur = src + y * rowBytes
                if y == 0 { (o + 1).update(from: cur, count: rowBytes); continue }
                let prev = cur - rowBytes
                for x in 0..<rowBytes { o[1 + x] = cur[x] &- prev[x] }
            }
        }
        var bound = compressBound(uLong(raw.count))
        var z = [UInt8](repeating: 0, count: Int(bound))
        guard compress2(&z, &bound, raw, uLong(raw.count), 1) == Z_OK else { return nil }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func chunk(_ type: String, _ body: [UInt8]) {
            var len = UInt32(body.count).bigEndian
            png.append(Data(bytes: &len, count: 4))
            let t = Array(type.utf8)
            png.append(contentsOf: t)
            png.append(contentsOf: body)
            var c = crc32(0, t, 4)
            c = body.withUnsafeBufferPointer { crc32(c, $0.baseAddress, uInt($0.count)) }
            var crc = UInt32(c).bigEndian
            png.append(Data(bytes: &crc, count: 4))
        }
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        chunk("IHDR", be(UInt32(width)) + be(UInt32(height)) + [8, 6, 0, 0, 0])
        chunk("IDAT", Array(z[0..<Int(bound)]))
        chunk("IEND", [])
        return png
    }
}
