/// A raster in memory: size, geotransform, CRS and a Float32 buffer (row-major, north-up).
///
/// The geotransform follows GDAL: x = gt[0] + col·gt[1] + row·gt[2],
/// y = gt[3] + col·gt[4] + row·gt[5]; north-up grids have gt[2] = gt[4] = 0 and gt[5] < 0.
public struct Grid: Sendable {
    public var width: Int
    public var height: Int
    public var geoTransform: [Double]
    public var crs: CRS
    public var values: [Float]
    public var nodata: Float?

    /// `fill: nil` makes a template without values (the caller assigns them): no pass over
    /// 10^8 bytes that are replaced anyway.
    public init(width: Int, height: Int, geoTransform: [Double], crs: CRS, fill: Float? = 0, nodata: Float? = nil) {
        self.width = width; self.height = height
        self.geoTransform = geoTransform; self.crs = crs
        self.values = fill.map { [Float](repeating: $0, count: width * height) } ?? []
        self.nodata = nodata
    }

    /// A north-up grid with square cells of `cell` units covering `box`, snapped outward to
    /// multiples of the cell size (so grids of the same cell size align).
    public init(covering box: BoundingBox, cell: Double, crs: CRS, fill: Float? = 0, nodata: Float? = nil) {
        let x0 = (box.minX / cell).rounded(.down) * cell, x1 = (box.maxX / cell).rounded(.up) * cell
        let y0 = (box.minY / cell).rounded(.down) * cell, y1 = (box.maxY / cell).rounded(.up) * cell
        self.init(width: max(Int(((x1 - x0) / cell).rounded()), 1), height: max(Int(((y1 - y0) / cell).rounded()), 1),
                  geoTransform: [x0, cell, 0, y1, 0, -cell], crs: crs, fill: fill, nodata: nodata)
    }

    public var cellWidth: Double { geoTransform[1] }
    public var cellHeight: Double { -geoTransform[5] }
    public var originX: Double { geoTransform[0] }
    public var originY: Double { geoTransform[3] }
    public var bounds: BoundingBox {
        BoundingBox(minX: originX, minY: originY - Double(height) * cellHeight,
                    maxX: originX + Double(width) * cellWidth, maxY: originY)
    }

    public subscript(col: Int, row: Int) -> Float {
        get { values[row * width + col] }
        set { values[row * width + col] = newValue }
    }

    /// Cell-centre coordinates.
    public func centre(col: Int, row: Int) -> (x: Double, y: Double) {
        (originX + (Double(col) + 0.5) * cellWidth, originY - (Double(row) + 0.5) * cellHeight)
    }
}
