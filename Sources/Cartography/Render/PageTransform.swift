import Foundation
import GeoCore

/// Longitude/latitude → map projection (PROJ) → page pixels, fitted so that a lon/lat
/// extent fills a frame on the page (aspect kept, centred). Vertices closer than 0.4
/// pixel to the last kept one are dropped: invisible detail, smaller files.
public final class PageTransform {
    public let frame: PageRect
    public let crs: CRS
    let forward: CoordinateTransform
    let inverse: CoordinateTransform
    let x0, y1, scale: Double
    let offsetX, offsetY: Double

    public init(extent: BoundingBox, crs: CRS, frame: PageRect) throws {
        self.frame = frame
        self.crs = crs
        forward = try CoordinateTransform(from: .wgs84, to: crs)
        inverse = try CoordinateTransform(from: crs, to: .wgs84)
        // The projected bounds of the densified extent outline.
        var xs = [Double](), ys = [Double]()
        for i in 0...100 {
            let t = Double(i) / 100
            xs += [extent.minX + t * extent.width, extent.maxX, extent.minX + t * extent.width, extent.minX]
            ys += [extent.minY, extent.minY + t * extent.height, extent.maxY, extent.minY + t * extent.height]
        }
        forward.apply(xs: &xs, ys: &ys)
        let bx0 = xs.min()!, bx1 = xs.max()!, by0 = ys.min()!, by1 = ys.max()!
        let s = min(frame.width / (bx1 - bx0), frame.height / (by1 - by0))
        scale = s; x0 = bx0; y1 = by1
        offsetX = frame.x + (frame.width - (bx1 - bx0) * s) / 2
        offsetY = frame.y + (frame.height - (by1 - by0) * s) / 2
    }

    static func densified(_ g: Geometry, step: Double) -> Geometry {
        var needs = false
        for i in 1..<max(g.xs.count, 1) where abs(g.xs[i] - g.xs[i - 1]) > step || abs(g.ys[i] - g.ys[i - 1]) > step { needs = true; break }
        guard needs else { return g }
        var out = Geometry(kind: g.kind, xs: [], ys: [], partOffsets: [0], polygonOffsets: g.polygonOffsets)
        for part in 0..<g.partCount {
            let r = g.partRange(part)
            for i in r {
                if i > r.lowerBound {
                    let (x0, y0, x1, y1) = (g.xs[i - 1], g.ys[i - 1], g.xs[i], g.ys[i])
                    let n = Int((max(abs(x1 - x0), abs(y1 - y0)) / step).rounded(.up))
                    if n > 1 { for k in 1..<n { let t = Double(k) / Double(n); out.xs.append(x0 + (x1 - x0) * t); out.ys.append(y0 + (y1 - y0) * t) } }
                }
                out.xs.append(g.xs[i]); out.ys.append(g.ys[i])
            }
            out.partOffsets.append(out.xs.count)
        }
        return out
    }

    /// Page pixels per metre of the projection's plane.
    public var pixelsPerMetre: Double { scale }

    public func page(x: Double, y: Double) -> PagePoint {
        PagePoint(offsetX + (x - x0) * scale, offsetY + (y1 - y) * scale)
    }

    public func point(lon: Double, lat: Double) -> PagePoint {
        let p = forward.apply(x: lon, y: lat)
        return page(x: p.x, y: p.y)
    }

    public func lonLat(_ p: PagePoint) -> (lon: Double, lat: Double) {
        let x = (p.x - offsetX) / scale + x0, y = y1 - (p.y - offsetY) / scale
        let r = inverse.apply(x: x, y: y)
        return (r.x, r.y)
    }

    /// Each part (ring or line) of a WGS84 geometry in page pixels. Edges longer than half a
    /// degree are densified in longitude/latitude first, so they curve as the projection bends them.
    public func parts(_ g: Geometry) -> [[PagePoint]] {
        let g = g.kind == .point ? g : PageTransform.densified(g, step: 0.5)
        var xs = g.xs, ys = g.ys
        forward.apply(xs: &xs, ys: &ys)
        let ranges: [Range<Int>] = g.kind == .point ? (0..<xs.count).map { $0..<($0 + 1) } : (0..<g.partCount).map(g.partRange)
        return ranges.map { r in
            var out = [PagePoint]()
            out.reserveCapacity(r.count)
            for i in r {
                guard xs[i].isFinite, ys[i].isFinite else { continue }
                let p = page(x: xs[i], y: ys[i])
                if let last = out.last, i != r.upperBound - 1, abs(p.x - last.x) < 0.4 && abs(p.y - last.y) < 0.4 { continue }
                out.append(p)
            }
            return out
        }
    }
}
