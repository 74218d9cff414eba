extension Geometry {
    /// Even-odd point-in-polygon over all rings of a polygonal geometry (holes and
    /// multipolygon parts fall out of the even-odd rule). A point exactly on an edge counts
    /// as inside when the edge is to its right in the half-open crossing test, so a point on
    /// a border shared by two polygons lands in exactly one of them.
    public func contains(x: Double, y: Double) -> Bool {
        guard kind == .polygon else { return false }
        var inside = false
        for ring in 0..<partCount {
            let r = partRange(ring)
            var j = r.upperBound - 1
            for i in r {
                let yi = ys[i], yj = ys[j]
                if (yi > y) != (yj > y) {
                    let xCross = xs[i] + (y - yi) * (xs[j] - xs[i]) / (yj - yi)
                    if x < xCross { inside.toggle() }
                }
                j = i
            }
        }
        return inside
    }
}
