/// The Adler-32 checksum that ends a zlib stream (RFC 1950 §9). Blocks of 32 bytes are summed
/// in SIMD lanes: over a block, s2 grows by 32·s1 plus each byte weighted by its distance from
/// the block's end, and s1 by the bytes' sum. The lanes' 32-bit sums are folded (in 64 bits)
/// and reduced every 5,536 bytes, long before they could overflow.
public enum Adler32 {
    public static func checksum(_ p: UnsafeRawPointer, count: Int, initial: UInt32 = 1) -> UInt32 {
        let mod: UInt32 = 65521
        var s1 = initial & 0xffff, s2 = initial >> 16
        var i = 0
        let weights = SIMD32<UInt16>((0..<32).map { UInt16(32 - $0) })
        while count - i >= 32 {
            let blocks = min((count - i) / 32, 173)   // 173·32 = 5,536 bytes between reductions
            var sumLanes = SIMD32<UInt32>(repeating: 0)       // Σ bytes so far, per lane
            var prefixLanes = SIMD32<UInt32>(repeating: 0)    // Σ over blocks of sumLanes at their start
            var weightedLanes = SIMD32<UInt32>(repeating: 0)  // Σ weight·byte, per lane
            for _ in 0..<blocks {
                let wide = SIMD32<UInt16>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self))
                prefixLanes &+= sumLanes
                sumLanes &+= SIMD32<UInt32>(truncatingIfNeeded: wide)
                weightedLanes &+= SIMD32<UInt32>(truncatingIfNeeded: wide &* weights)
                i += 32
            }
            // Each block adds 32·(s1 at its start) + its weighted bytes to s2.
            let s1Starts = UInt64(blocks) * UInt64(s1) + UInt64(prefixLanes.wrappedSum())
            s2 = UInt32((UInt64(s2) + 32 * s1Starts + UInt64(weightedLanes.wrappedSum())) % UInt64(mod))
            s1 = (s1 + sumLanes.wrappedSum()) % mod
        }
        while i < count {
            s1 = (s1 + UInt32(p.load(fromByteOffset: i, as: UInt8.self))) % mod
            s2 = (s2 + s1) % mod
            i += 1
        }
        return s2 << 16 | s1
    }
}
