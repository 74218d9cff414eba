extension Geometry {
    /// The signed shoelace area of part `i` in the geometry's own units (positive when
    /// counter-clockwise). Used for projected (equal-area) coordinates.
    public func planarRingArea(_ i: Int) -> Double {
        let r = partRange(i)
        guard r.count >= 3 else { return 0 }
        var s = 0.0
        let x0 = xs[r.lowerBound], y0 = ys[r.lowerBound]
        for k in r.lowerBound..<(r.upperBound - 1) {
            // Relative to the first vertex: keeps precision for large projected coordinates.
            s += (xs[k] - x0) * (ys[k + 1] - y0) - (xs[k + 1] - x0) * (ys[k] - y0)
        }
        return s / 2
    }

    /// Planar area of a polygonal geometry: exteriors minus holes, whatever their winding.
    public var planarArea: Double {
        guard kind == .polygon else { return 0 }
        var total = 0.0
        for p in 0..<polygonCount {
            for (j, ring) in ringRange(p).enumerated() {
                let a = abs(planarRingArea(ring))
                total += j == 0 ? a : -a
            }
        }
        return total
    }
}
