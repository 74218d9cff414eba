import CZlib
import Foundation
import Testing
@testable import Kernels

/// The tile encoder against zlib's own inflate (the reference decoder) and checksum.
struct DeflateTests {
    /// Inflates with zlib; nil if zlib rejects the stream (bad code, bad checksum, …).
    func inflate(_ stream: [UInt8], size: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var n = uLongf(out.count)
        let rc = uncompress(&out, &n, stream, uLong(stream.count))
        return rc == Z_OK && Int(n) == size ? Array(out[0..<size]) : nil
    }

    func compress(_ bytes: [UInt8], unit: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: RunLengthDeflate.capacity(for: bytes.count))
        let n = bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { RunLengthDeflate.compress(src.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: bytes.count,
                                                                   unit: unit, into: $0.baseAddress!) }
        }
        return Array(out[0..<n])
    }

    /// Random inputs of every kind a tile holds: noise, runs of one sample (nodata, zeros)
    /// of every length around the 3- and 258-byte limits, constant tiles, odd lengths.
    @Test func roundTripsThroughZlibForEverySampleWidth() {
        var rng = SplitMix(seed: 21)
        for unit in [1, 2, 4, 8] {
            for trial in 0..<60 {
                let count = trial == 0 ? 0 : trial == 1 ? 1 : Int.random(in: 1...70_000, using: &rng)
                var bytes = [UInt8](repeating: 0, count: count)
                var i = 0
                let palette = (0..<4).map { _ in (0..<unit).map { _ in UInt8.random(in: 0...255, using: &rng) } }
                while i < count {
                    let kind = Int.random(in: 0..<4, using: &rng)
                    let len = [Int.random(in: 1...8, using: &rng), Int.random(in: 60...70, using: &rng),
                               Int.random(in: 1...400, using: &rng), trial % 7 == 0 ? count : 3][kind]
                    let sample = palette[Int.random(in: 0..<(kind == 0 ? 4 : 2), using: &rng)]
                    for _ in 0..<len where i < count {
                        for b in 0..<unit where i < count {
                            bytes[i] = kind == 2 ? UInt8.random(in: 0...255, using: &rng) : sample[b]
                            i += 1
                        }
                    }
                }
                let stream = compress(bytes, unit: unit)
                #expect(inflate(stream, size: count) == bytes, "unit \(unit), trial \(trial), \(count) bytes")
            }
        }
    }

    /// A smooth float surface with a nodata border, like a density tile: as small as zlib's
    /// fastest level makes it (within 5 %), and exact.
    @Test func floatTileIsAsSmallAsZlibLevelOne() {
        var rng = SplitMix(seed: 3)
        var tile = [Float](repeating: -9999, count: 256 * 256)
        for r in 0..<256 { for c in 0..<256 where c + r > 120 {
            let x = Double(c - 128) / 40, y = Double(r - 128) / 40
            tile[r * 256 + c] = r > 200 && c > 200 ? 0 : Float(exp(-x * x - y * y) * Double.random(in: 0.9...1.1, using: &rng))
        } }
        let bytes = tile.withUnsafeBytes { Array($0) }
        let ours = compress(bytes, unit: 4)
        #expect(inflate(ours, size: bytes.count) == bytes)
        var bound = compressBound(uLong(bytes.count))
        var z = [UInt8](repeating: 0, count: Int(bound))
        _ = compress2(&z, &bound, bytes, uLong(bytes.count), 1)
        #expect(Double(ours.count) < Double(bound) * 1.05, "ours \(ours.count) bytes, zlib level 1 \(bound)")
    }

    @Test func adler32MatchesZlib() {
        var rng = SplitMix(seed: 8)
        for count in [0, 1, 31, 32, 33, 5535, 5536, 5537, 100_000, 262_144] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let ours = bytes.withUnsafeBytes { Adler32.checksum($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: count) }
            let theirs = bytes.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt(count))) }
            #expect(ours == theirs, "\(count) bytes")
        }
        let ff = [UInt8](repeating: 255, count: 300_000)   // the largest sums
        #expect(ff.withUnsafeBytes { Adler32.checksum($0.baseAddress!, count: ff.count) } == UInt32(adler32(1, ff, uInt(ff.count))))
    }

    /// Skewed frequencies that an unlimited Huffman code would make 20+ bits deep.
    @Test func huffmanLengthsStayWithinTheLimitAndComplete() {
        var f = [UInt32](repeating: 0, count: 286)
        var a: UInt32 = 1, b: UInt32 = 1
        for s in 0..<30 { f[s] = a; (a, b) = (b, a &+ b) }
        let code = HuffmanCode(frequencies: f, limit: 15)
        #expect(code.lengths.max()! <= 15)
        let kraft = code.lengths.reduce(0.0) { $0 + ($1 > 0 ? pow(2.0, -Double($1)) : 0) }
        #expect(kraft == 1)
    }
}
