import GeoCore

/// Linear binning: each point's weight is shared among the four cell centres around it in
/// proportion to the bilinear weights (Wand 1994), which keeps the first moment of the data
/// and makes binned kernel sums accurate to O(cell²). Mass is conserved exactly: points are
/// clamped into the grid's centre lattice, so nothing leaks (the caller pads the grid).
///
/// Coordinates are in grid units: column = (x − originX)/cell − 0.5, row = (originY − y)/cell − 0.5.
public enum LinearBinning {
    /// Bins into a width × height accumulator (row-major). Rows are cut into one band per
    /// core; each core reads every point and adds only to its own rows, so every cell gets
    /// its contributions in point order and the sums are bit-identical for any core count.
    /// (The adds land all over the grid: they wait on memory, and two cores wait in parallel.)
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func bin<T: BinaryFloatingPoint>(cols: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?,
                           width: Int, height: Int, into grid: UnsafeMutableBufferPointer<T>) {
        let bands = cols.count < 4096 ? 1 : min(Parallel.threads, height)
        let out = UncheckedSendable(grid)
        Parallel.forEach(bands) { k in
            bin(cols: cols, rows: rows, weights: weights, width: width, height: height,
                band: (k * height / bands)..<((k + 1) * height / bands), into: out.value)
        }
    }

    /// Bins into rows `band` of a width × height grid, of which `grid` holds only those rows
    /// (row `band.lowerBound` first): points binned into a band of a grid too large to hold.
    /// Each cell gets the same sum, bit for bit, as in the whole grid given the same points
    /// in the same order.
    public static func bin(cols: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?,
                           width: Int, height: Int, rowsOf band: Range<Int>, into grid: UnsafeMutableBufferPointer<Float>) {
        precondition(grid.count >= band.count * width)
        let parts = cols.count < 4096 ? 1 : min(Parallel.threads, band.count)
        let out = UncheckedSendable(grid)
        Parallel.forEach(parts) { k in
            let lo = band.lowerBound + k * band.count / parts, hi = band.lowerBound + (k + 1) * band.count / parts
            bin(cols: cols, rows: rows, weights: weights, width: width, height: height, band: lo..<hi, firstRow: band.lowerBound, into: out.value)
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func bin<T: BinaryFloatingPoint>(cols: UnsafeBufferPointer<Double>, rows: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?,
                                            width: Int, height: Int, band: Range<Int>, firstRow: Int = 0, into grid: UnsafeMutableBufferPointer<T>) {
        let maxC = Double(width - 1), maxR = Double(height - 1)
        for i in 0..<cols.count {
            let r = min(max(rows[i], 0), maxR)
            // Truncation of a value known to be in [0, width): the unchecked conversion is safe.
            let r0 = Int(truncatingIfNeeded: Int64(r)), r1 = min(r0 + 1, height - 1)
            let in0 = band.contains(r0), in1 = band.contains(r1)
            guard in0 || in1 else { continue }
            let w = weights?[i] ?? 1
            let c = min(max(cols[i], 0), maxC)
            let c0 = Int(truncatingIfNeeded: Int64(c))
            let fc = c - Double(c0), fr = r - Double(r0)
            let c1 = min(c0 + 1, width - 1)
            if in0 {
                grid[(r0 - firstRow) * width + c0] += T(w * (1 - fc) * (1 - fr))
                grid[(r0 - firstRow) * width + c1] += T(w * fc * (1 - fr))
            }
            if in1 {
                grid[(r1 - firstRow) * width + c0] += T(w * (1 - fc) * fr)
                grid[(r1 - firstRow) * width + c1] += T(w * fc * fr)
            }
        }
    }

    /// Grid coordinates of projected points, in place: column = (x − originX)/cell − 0.5,
    /// row = (originY − y)/cell − 0.5. Points off the lattice of cell centres are dropped,
    /// the rest kept in order with their weights (1 without `weights`) in `kept`. Returns how
    /// many were kept.
    public static func gridCoordinates(xs: UnsafeMutableBufferPointer<Double>, ys: UnsafeMutableBufferPointer<Double>, weights: UnsafePointer<Double>?,
                                       originX: Double, originY: Double, cell: Double, width: Int, height: Int,
                                       kept: UnsafeMutablePointer<Double>) -> Int {
        let maxC = Double(width - 1), maxR = Double(height - 1)
        var n = 0
        for i in 0..<xs.count {
            let c = (xs[i] - originX) / cell - 0.5, r = (originY - ys[i]) / cell - 0.5
            guard c >= 0, r >= 0, c <= maxC, r <= maxR else { continue }
            xs[n] = c; ys[n] = r; kept[n] = weights?[i] ?? 1
            n += 1
        }
        return n
    }
}
