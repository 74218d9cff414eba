/// A canonical Huffman code as DEFLATE stores it (RFC 1951 §3.2.2): code lengths per symbol,
/// and the codes themselves bit-reversed, ready for the least-significant-bit-first stream.
struct HuffmanCode {
    var lengths: [UInt8]
    var codes: [UInt16]

    /// The code for `frequencies` with no length above `limit`. Every code is complete (its
    /// lengths fill the code space exactly, as zlib's inflate requires): at least two symbols
    /// get a length, unused ones are added with frequency one when fewer are used. When the
    /// optimal code is too deep, frequencies are halved (kept non-zero) until it fits; ties
    /// break by symbol number, so the code is deterministic.
    init(frequencies: [UInt32], limit: Int) {
        var f = frequencies
        var used = f.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        for s in f.indices where used < 2 && f[s] == 0 { f[s] = 1; used += 1 }
        var lengths = HuffmanCode.optimalLengths(f)
        while lengths.max()! > limit {
            for s in f.indices where f[s] > 0 { f[s] = (f[s] + 1) / 2 }
            lengths = HuffmanCode.optimalLengths(f)
        }
        self.init(lengths: lengths.map(UInt8.init))
    }

    /// The canonical codes for given lengths (lengths of zero: unused symbols).
    init(lengths: [UInt8]) {
        self.lengths = lengths
        let maxLength = Int(lengths.max() ?? 0)
        var perLength = [Int](repeating: 0, count: maxLength + 2)
        for l in lengths where l > 0 { perLength[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: maxLength + 2)
        var code = 0
        for l in stride(from: 1, through: maxLength, by: 1) {
            code = (code + perLength[l - 1]) << 1
            next[l] = code
        }
        codes = [UInt16](repeating: 0, count: lengths.count)
        for s in lengths.indices where lengths[s] > 0 {
            let l = Int(lengths[s])
            codes[s] = HuffmanCode.reversed(next[l], bits: l)
            next[l] += 1
        }
    }

    static func reversed(_ code: Int, bits: Int) -> UInt16 {
        var r = 0, c = code
        for _ in 0..<bits { r = (r << 1) | (c & 1); c >>= 1 }
        return UInt16(r)
    }

    /// Depths of an optimal prefix code for the non-zero frequencies (two-queue Huffman over
    /// the symbols sorted by frequency, then symbol); zero for unused symbols.
    static func optimalLengths(_ f: [UInt32]) -> [Int] {
        let leaves = f.indices.filter { f[$0] > 0 }.sorted { (f[$0], $0) < (f[$1], $1) }
        var lengths = [Int](repeating: 0, count: f.count)
        if leaves.count == 1 { lengths[leaves[0]] = 1; return lengths }
        // Nodes 0..<n are leaves in sorted order, n... internal nodes in creation order.
        let n = leaves.count
        var weight = leaves.map { UInt64(f[$0]) }
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        weight.reserveCapacity(2 * n - 1)
        var nextLeaf = 0, nextInner = n
        func takeSmallest() -> Int {
            if nextLeaf < n && (nextInner >= weight.count || weight[nextLeaf] <= weight[nextInner]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInner += 1
            return nextInner - 1
        }
        for _ in 0..<(n - 1) {
            let a = takeSmallest(), b = takeSmallest()
            parent[a] = weight.count
            parent[b] = weight.count
            weight.append(weight[a] + weight[b])
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        for (k, s) in leaves.enumerated() { lengths[s] = depth[k] }
        return lengths
    }
}
