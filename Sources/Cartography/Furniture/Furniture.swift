import Foundation
import GeoCore

/// Map furniture drawn on top of the map frame.
enum Furniture {
    static let ink = RGBA(0.15, 0.15, 0.15)

    /// A north arrow in the frame's top-right corner, turned to true north at its own position
    /// (on a conic map north is not straight up away from the central meridian).
    static func northArrow(transform t: PageTransform, frame: PageRect) -> [DrawItem] {
        let c = PagePoint(frame.maxX - 40, frame.y + 50)
        let ll = t.lonLat(c)
        let n = t.point(lon: ll.lon, lat: min(ll.lat + 0.5, 89.9))
        let angle = atan2(n.x - c.x, c.y - n.y)   // radians clockwise from page-up
        func rot(_ dx: Double, _ dy: Double) -> PagePoint {
            PagePoint(c.x + dx * cos(angle) - dy * sin(angle), c.y + dx * sin(angle) + dy * cos(angle))
        }
        let tip = rot(0, -22), left = rot(-8, 10), right = rot(8, 10), notch = rot(0, 4)
        return [.beginGroup(id: "north-arrow", clip: nil),
                .path(subpaths: [[tip, left, notch]], closed: true, fill: ink, stroke: ink, width: 0.8, dash: []),
                .path(subpaths: [[tip, right, notch]], closed: true, fill: .white, stroke: ink, width: 0.8, dash: []),
                .text("N", at: rot(0, -27), size: 14, color: ink, halo: .white, haloWidth: 1.5, anchor: .middle, bold: true),
                .endGroup]
    }

    /// A scale bar true at the map centre: the page length of a geodesic of the bar's
    /// length running east from the centre, rounded to 1, 2 or 5 × 10^k km.
    static func scaleBar(transform t: PageTransform, frame: PageRect, metrics: TextMetrics, fraction: Double = 0.18,
                         origin: PagePoint? = nil, id: String = "scale-bar", fontSize: Double = 11) -> [DrawItem] {
        let centre = t.lonLat(PagePoint(frame.x + frame.width / 2, frame.y + frame.height / 2))
        let g = Geodesic()
        let probe = 100_000.0
        let east = g.direct(lon: centre.lon, lat: centre.lat, azimuth: 90, distance: probe)
        let a = t.point(lon: centre.lon, lat: centre.lat), b = t.point(lon: east.lon, lat: east.lat)
        let pxPerKm = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() / (probe / 1000)
        let target = frame.width * fraction / pxPerKm
        let p10 = pow(10, (log10(target)).rounded(.down))
        let km = [1.0, 2, 5, 10].map { $0 * p10 }.last { $0 <= target } ?? p10
        let len = km * pxPerKm
        let x0 = origin?.x ?? frame.x + 24, y0 = origin?.y ?? frame.maxY - 26
        var items: [DrawItem] = [.beginGroup(id: id, clip: nil)]
        for k in 0..<4 {
            let seg = len / 4
            items.append(.path(subpaths: [[PagePoint(x0 + Double(k) * seg, y0), PagePoint(x0 + Double(k + 1) * seg, y0), PagePoint(x0 + Double(k + 1) * seg, y0 + 6), PagePoint(x0 + Double(k) * seg, y0 + 6)]],
                               closed: true, fill: k % 2 == 0 ? ink : .white, stroke: ink, width: 0.8, dash: []))
        }
        items.append(.text("0", at: PagePoint(x0, y0 - 5), size: fontSize, color: ink, halo: .white, haloWidth: 1.5, anchor: .middle, bold: false))
        items.append(.text(String(format: "%g km", km), at: PagePoint(x0 + len, y0 - 5), size: fontSize, color: ink, halo: .white, haloWidth: 1.5, anchor: .middle, bold: false))
        items.append(.endGroup)
        return items
    }

    /// Arrowheads along a line every ~250 px, pointing along its direction.
    static func arrows(along parts: [[PagePoint]], color: RGBA, width: Double) -> [DrawItem] {
        var out = [DrawItem]()
        for part in parts where part.count > 1 {
            var run = 0.0
            for i in 1..<part.count {
                let a = part[i - 1], b = part[i]
                let d = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                run += d
                if run > 250 || i == part.count - 1, d > 0 {
                    run = 0
                    let ux = (b.x - a.x) / d, uy = (b.y - a.y) / d, s = 5 + width * 2
                    out.append(.path(subpaths: [[PagePoint(b.x, b.y), PagePoint(b.x - ux * s * 2 - uy * s, b.y - uy * s * 2 + ux * s),
                                                 PagePoint(b.x - ux * s * 2 + uy * s, b.y - uy * s * 2 - ux * s)]],
                                     closed: true, fill: color, stroke: nil, width: 0, dash: []))
                }
            }
        }
        return out
    }
}
