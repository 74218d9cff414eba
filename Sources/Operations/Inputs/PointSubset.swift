import GeoIO

extension PointSet {
    /// The points at `indices`, with their weights and categories.
    func subset(_ indices: [Int]) -> PointSet {
        var p = PointSet(source: source)
        p.xs = indices.map { xs[$0] }; p.ys = indices.map { ys[$0] }
        p.weights = weights.map { w in indices.map { w[$0] } }
        p.categories = categories.map { c in indices.map { c[$0] } }
        p.categoryNames = categoryNames
        return p
    }
}
