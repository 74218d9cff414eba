/// Packs DEFLATE's bit stream (least significant bit first) into a caller's buffer, 64 bits
/// at a time: `put` adds up to 56 bits after a `flush`, which stores eight bytes unaligned and
/// keeps the 0–7 bits that do not fill a byte. The buffer needs 8 bytes of slack past the end.
struct DeflateBitWriter {
    let base: UnsafeMutableRawPointer
    var position = 0          // bytes complete
    var bits: UInt64 = 0      // pending bits, lowest first
    var count = 0             // how many are pending

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    @inline(__always) mutating func put(_ value: UInt64, _ width: Int) {
        bits |= value &<< UInt64(count)
        count &+= width
    }

    @inline(__always) mutating func flush() {
        base.storeBytes(of: bits.littleEndian, toByteOffset: position, as: UInt64.self)
        let bytes = count &>> 3
        position &+= bytes
        bits = bytes == 8 ? 0 : bits &>> UInt64(bytes &* 8)
        count &= 7
    }

    /// Flushes and pads the last byte with zero bits; returns the byte count written.
    mutating func finish() -> Int {
        flush()
        if count > 0 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: bits), toByteOffset: position, as: UInt8.self)
            position += 1
            bits = 0
            count = 0
        }
        return position
    }
}
