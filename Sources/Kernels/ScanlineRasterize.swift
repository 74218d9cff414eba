/// Scanline rasterisation: which cell centres lie inside a polygon (even-odd rule), one
/// sorted crossing list per row. Used for clip masks, where a cell belongs to the polygon
/// holding its centre (GDAL's default rasterisation rule).
public enum ScanlineRasterize {
    /// A width × height mask (1 inside) for a polygon in pixel coordinates (x = column,
    /// y = row, downward); the centre of cell (c, r) is (c + 0.5, r + 0.5).
    public static func centres(xs: [Double], ys: [Double], partOffsets: [Int], width: Int, height: Int,
                               into mask: inout [UInt8]) {
        precondition(mask.count == width * height)
        for (r, list) in spans(xs: xs, ys: ys, partOffsets: partOffsets, width: width, height: height).enumerated() {
            for c in list { for k in c { mask[r * width + k] = 1 } }
        }
    }

    /// Per row, the column ranges whose centres lie inside, left to right (disjoint): the
    /// mask as intervals, a few bytes a row instead of a byte a cell.
    public static func spans(xs: [Double], ys: [Double], partOffsets: [Int], width: Int, height: Int) -> [[Range<Int>]] {
        var out = [[Range<Int>]](repeating: [], count: height)
        // Bucket edges by the first row whose centre they reach, for an active-edge sweep.
        var starts = [[Int]](repeating: [], count: height)
        for ring in 0..<(partOffsets.count - 1) {
            for i in partOffsets[ring]..<(partOffsets[ring + 1] - 1) where ys[i] != ys[i + 1] {
                let lo = min(ys[i], ys[i + 1])
                let first = Int(max((lo - 0.5).rounded(.up), 0))
                if first < height { starts[first].append(i) }
            }
        }
        var active = [Int]()
        var xs_ = [Double]()
        for r in 0..<height {
            let cy = Double(r) + 0.5
            active.append(contentsOf: starts[r])
            active.removeAll { max(ys[$0], ys[$0 + 1]) <= cy }
            xs_.removeAll(keepingCapacity: true)
            for i in active {
                let (y0, y1) = (ys[i], ys[i + 1])
                if (y0 <= cy) != (y1 <= cy) {
                    xs_.append(xs[i] + (cy - y0) * (xs[i + 1] - xs[i]) / (y1 - y0))
                }
            }
            xs_.sort()
            var k = 0
            while k + 1 < xs_.count {
                // Centres c + 0.5 in [x_k, x_{k+1}).
                let c0 = max(Int((xs_[k] - 0.5).rounded(.up)), 0), c1 = min(Int((xs_[k + 1] - 0.5).rounded(.up)), width)
                if c0 < c1 { out[r].append(c0..<c1) }
                k += 2
            }
        }
        return out
    }

    /// Row spans of several polygons merged into one sorted, disjoint list per row (their union).
    public static func union(_ layers: [[[Range<Int>]]], height: Int) -> [[Range<Int>]] {
        guard layers.count > 1 else { return layers.first ?? [[Range<Int>]](repeating: [], count: height) }
        return (0..<height).map { r in
            let all = layers.flatMap { $0[r] }.sorted { $0.lowerBound < $1.lowerBound }
            var merged = [Range<Int>]()
            for s in all {
                if let last = merged.last, s.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, s.upperBound)
                } else { merged.append(s) }
            }
            return merged
        }
    }
}
