import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// Points that fall in no zone.
enum SwapHint {
    /// Why no point fell in a zone: the likely cause, for the error message.
    static func text(_ points: PointSet, builder: ZoneSetBuilder) throws -> String {
        var swapped = PointSet(source: points.source)
        swapped.xs = points.ys; swapped.ys = points.xs
        let inside = try builder.assignment(.province).units(of: swapped).filter { $0 >= 0 }.count
        return inside > points.count / 2 ? "with longitude and latitude swapped \(inside) of them fall in China: check the coordinate columns"
                                         : "check the points' CRS and coordinate columns"
    }
}
