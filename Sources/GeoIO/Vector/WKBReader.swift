import GeoCore

/// Well-known binary (OGC SFA §8.2, ISO and extended Z/M type codes) and GeoPackage geometry
/// blobs (GeoPackage 1.3 §2.1.3) into flat `Geometry` values, with the same rules as
/// `OGRGeometryBridge`: Z and M dropped, rings of fewer than 4 points skipped, empty parts
/// left out, multi-geometries and collections keeping the first family found. Curves are not
/// read here (nil: the caller asks OGR, which linearises them).
enum WKBReader {
    /// The geometry of a GeoPackage blob; `.some(nil)` for an empty one, nil if it cannot be
    /// read here.
    static func geometry(gpkg blob: UnsafeRawBufferPointer) -> Geometry?? {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else { return nil }   // "GP"
        let flags = blob[3]
        guard flags & 0x20 == 0 else { return nil }                                    // extended type
        if flags & 0x10 != 0 { return .some(nil) }                                      // empty
        let envelope = [0, 32, 48, 48, 64][min(Int((flags >> 1) & 7), 4)]
        guard (flags >> 1) & 7 <= 4 else { return nil }
        return geometry(wkb: UnsafeRawBufferPointer(rebasing: blob[(8 + envelope)...]))
    }

    /// The geometry of a WKB buffer; `.some(nil)` when it is empty, nil if it cannot be read.
    static func geometry(wkb: UnsafeRawBufferPointer) -> Geometry?? {
        var cursor = Cursor(bytes: wkb)
        var out: Geometry?
        guard collect(&cursor, into: &out) else { return nil }
        return .some(out)
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        var little = true

        mutating func u32() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)
            at += 4
            return little ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
        }

        /// `n` points of `dims` doubles each, x and y kept.
        mutating func points(_ n: Int, dims: Int) -> (xs: [Double], ys: [Double])? {
            guard n >= 0, at + n * dims * 8 <= bytes.count else { return nil }
            var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var x = bytes.loadUnaligned(fromByteOffset: at + i * dims * 8, as: UInt64.self)
                var y = bytes.loadUnaligned(fromByteOffset: at + i * dims * 8 + 8, as: UInt64.self)
                if !little { x = x.byteSwapped; y = y.byteSwapped }
                xs[i] = Double(bitPattern: UInt64(littleEndian: x))
                ys[i] = Double(bitPattern: UInt64(littleEndian: y))
            }
            at += n * dims * 8
            return (xs, ys)
        }
    }

    /// Reads one geometry (and its parts) at the cursor into `out`; false if it cannot.
    private static func collect(_ c: inout Cursor, into out: inout Geometry?) -> Bool {
        guard c.at < c.bytes.count else { return false }
        c.little = c.bytes[c.at] == 1
        c.at += 1
        guard let code = c.u32() else { return false }
        // ISO: 1000s add Z, 2000s M, 3000s ZM; extended: high bits 0x80000000 Z, 0x40000000 M.
        var type = Int(code & 0x0fff_ffff), dims = 2
        if code & 0x8000_0000 != 0 { dims += 1 }
        if code & 0x4000_0000 != 0 { dims += 1 }
        if code & 0x2000_0000 != 0 { return false }          // an EWKB SRID: not GeoPackage's WKB
        switch type / 1000 { case 1, 2: dims += 1; case 3: dims += 2; default: break }
        type %= 1000
        switch type {
        case 1:
            guard let p = c.points(1, dims: dims) else { return false }
            if !p.xs[0].isNaN && !p.ys[0].isNaN { OGRGeometryBridge.merge(.point(p.xs[0], p.ys[0]), into: &out) }
        case 2:
            guard let n = c.u32(), let p = c.points(Int(n), dims: dims) else { return false }
            if n > 0 { OGRGeometryBridge.merge(.lineString(xs: p.xs, ys: p.ys), into: &out) }
        case 3:
            guard let count = c.u32() else { return false }
            var rings: [(xs: [Double], ys: [Double])] = []
            for _ in 0..<count {
                guard let n = c.u32(), let p = c.points(Int(n), dims: dims) else { return false }
                rings.append(p)
            }
            OGRGeometryBridge.mergePolygon(rings: rings, into: &out)
        case 4, 5, 6, 7:
            guard let n = c.u32() else { return false }
            for _ in 0..<n { guard collect(&c, into: &out) else { return false } }
        default:
            return false    // curves, surfaces, TINs: OGR linearises them
        }
        return true
    }
}
