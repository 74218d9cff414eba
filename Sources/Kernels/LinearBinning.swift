/// Linear binning: each point's weight is shared among the four cell centres around it in
/// proportion to the bilinear weights (Wand 1994), which keeps the first moment of the data
/// and makes binned kernel sums accurate to O(cell²). Mass is conserved exactly: points are
/// clamped into the grid's centre lattice, so nothing leaks (the caller pads the grid).
///
/// Coordinates are in grid units: column = (x − originX)/cell − 0.5, row = (originY − y)/cell − 0.5.
public enum LinearBinning {
    /// Bins into a Double accumulator (width × height, row-major). Serial: binning is
    /// memory-bound, and a fixed order keeps sums bit-identical run to run.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func bin<T: BinaryFloatingPoint>(cols: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?,
                           width: Int, height: Int, into grid: UnsafeMutableBufferPointer<T>) {
        let maxC = Double(width - 1), maxR = Double(height - 1)
        for i in 0..<cols.count {
            let w = weights?[i] ?? 1
            let c = min(max(cols[i], 0), maxC), r = min(max(rows[i], 0), maxR)
            // Truncation of a value known to be in [0, width): the unchecked conversion is safe.
            let c0 = Int(truncatingIfNeeded: Int64(c)), r0 = Int(truncatingIfNeeded: Int64(r))
            let fc = c - Double(c0), fr = r - Double(r0)
            let c1 = min(c0 + 1, width - 1), r1 = min(r0 + 1, height - 1)
            grid[r0 * width + c0] += T(w * (1 - fc) * (1 - fr))
            grid[r0 * width + c1] += T(w * fc * (1 - fr))
            grid[r1 * width + c0] += T(w * (1 - fc) * fr)
            grid[r1 * width + c1] += T(w * fc * fr)
        }
    }
}
