/// The shape family of a geometry. Every geometry is stored as its multi form:
/// a single polygon is a multipolygon with one part.
public enum GeometryKind: String, Sendable {
    case point = "Point"
    case lineString = "LineString"
    case polygon = "Polygon"
}

/// A geometry as flat coordinate arrays with offsets, the layout kernels and PROJ want.
///
/// - `xs`, `ys`: all vertices, structure-of-arrays (x = longitude or easting).
/// - `partOffsets`: for lines and polygons, where each line or ring starts in `xs`/`ys`;
///   `partOffsets.count == parts + 1` and the last entry is `xs.count`. Empty for points.
/// - `polygonOffsets`: for polygons, where each polygon starts in `partOffsets` (its first
///   ring is the exterior, the rest are holes); `count == polygons + 1`. Empty otherwise.
/// Rings are stored closed (first vertex repeated at the end), as OGC and GDAL store them.
public struct Geometry: Equatable, Sendable {
    public var kind: GeometryKind
    public var xs: [Double]
    public var ys: [Double]
    public var partOffsets: [Int]
    public var polygonOffsets: [Int]

    public init(kind: GeometryKind, xs: [Double], ys: [Double], partOffsets: [Int] = [], polygonOffsets: [Int] = []) {
        precondition(xs.count == ys.count, "xs and ys differ in length")
        self.kind = kind
        self.xs = xs
        self.ys = ys
        self.partOffsets = partOffsets
        self.polygonOffsets = polygonOffsets
    }

    public static func point(_ x: Double, _ y: Double) -> Geometry {
        Geometry(kind: .point, xs: [x], ys: [y])
    }

    /// A line string (one part) from parallel coordinate arrays.
    public static func lineString(xs: [Double], ys: [Double]) -> Geometry {
        Geometry(kind: .lineString, xs: xs, ys: ys, partOffsets: [0, xs.count])
    }

    /// A polygon with one exterior ring (closed here if it is not already).
    public static func polygon(ring xs: [Double], _ ys: [Double]) -> Geometry {
        var xs = xs, ys = ys
        if let fx = xs.first, let fy = ys.first, fx != xs.last! || fy != ys.last! {
            xs.append(fx); ys.append(fy)
        }
        return Geometry(kind: .polygon, xs: xs, ys: ys, partOffsets: [0, xs.count], polygonOffsets: [0, 1])
    }

    public var vertexCount: Int { xs.count }
    public var isEmpty: Bool { xs.isEmpty }
    public var partCount: Int { max(partOffsets.count - 1, 0) }
    public var polygonCount: Int { max(polygonOffsets.count - 1, 0) }

    /// The vertex index range of part (line or ring) `i`.
    public func partRange(_ i: Int) -> Range<Int> { partOffsets[i]..<partOffsets[i + 1] }

    /// The ring index range of polygon `p`.
    public func ringRange(_ p: Int) -> Range<Int> { polygonOffsets[p]..<polygonOffsets[p + 1] }

    public var boundingBox: BoundingBox {
        var b = BoundingBox.empty
        for i in 0..<xs.count { b.extend(x: xs[i], y: ys[i]) }
        return b
    }

    /// Appends all parts of `other` (same kind) to this geometry, making a multi-geometry.
    public mutating func append(_ other: Geometry) {
        precondition(other.kind == kind, "cannot merge \(other.kind) into \(kind)")
        let base = xs.count
        xs += other.xs
        ys += other.ys
        guard kind != .point else { return }
        if partOffsets.isEmpty { partOffsets = [0] }
        let ringBase = partOffsets.count - 1
        partOffsets += other.partOffsets.dropFirst().map { $0 + base }
        if kind == .polygon {
            if polygonOffsets.isEmpty { polygonOffsets = [0] }
            polygonOffsets += other.polygonOffsets.dropFirst().map { $0 + ringBase }
        }
    }
}
