/// The friction of a grid's cells read from a raster held whole (nearest raster cell to each
/// cell centre): a coarser friction raster costs nothing per grid cell (China at 250 m is
/// 4.3·10^8 cells over a 10 km raster of 2.8·10^5).
public struct FrictionLookup: Sendable {
    /// The raster's cells (nodata as NaN).
    let values: [Float]
    /// Per grid row, the offset of its raster row (-1: off the raster); per grid column, its
    /// raster column (-1: off the raster).
    let rowBase: [Int], column: [Int]

    public init(values: [Float], rasterWidth: Int, rowOfRow: [Int], columnOfColumn: [Int]) {
        self.values = values
        rowBase = rowOfRow.map { $0 >= 0 ? $0 * rasterWidth : -1 }
        column = columnOfColumn
    }

    /// The friction of grid cell (row r, column c); NaN off the raster.
    @inline(__always) public func at(_ r: Int, _ c: Int) -> Float {
        let b = rowBase[r], k = column[c]
        return b >= 0 && k >= 0 ? values[b + k] : .nan
    }

    /// The least and greatest passable friction over the grid's cells (+∞ and 0 when none):
    /// the raster cells some grid cell reads are those of its used rows and columns.
    public var range: (lowest: Float, highest: Float) {
        let rows = Set(rowBase.filter { $0 >= 0 }), cols = Set(column.filter { $0 >= 0 })
        var lo = Float.infinity, hi: Float = 0
        for b in rows { for k in cols {
            let v = values[b + k]
            if CostDistance.passable(v) { lo = min(lo, v); hi = max(hi, v) }
        } }
        return (lo, hi)
    }
}
