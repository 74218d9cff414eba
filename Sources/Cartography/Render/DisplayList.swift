/// What a map is made of, in page pixels (origin top-left, y down), independent of the
/// back end: the SVG writer and the Cairo renderer draw the same list.
public enum DrawItem: Sendable {
    /// Starts a named group (one per style layer or furniture element), optionally clipped.
    case beginGroup(id: String, clip: PageRect?)
    case endGroup
    /// Filled and/or stroked path; subpaths closed when `closed`; even-odd fill.
    case path(subpaths: [[PagePoint]], closed: Bool, fill: RGBA?, stroke: RGBA?, width: Double, dash: [Double])
    case circle(center: PagePoint, radius: Double, fill: RGBA?, stroke: RGBA?, width: Double)
    case text(String, at: PagePoint, size: Double, color: RGBA, halo: RGBA?, haloWidth: Double, anchor: TextAnchor, bold: Bool)
    /// RGBA pixels (premultiplied no; straight alpha), drawn into `rect`.
    case image(pixels: [UInt8], width: Int, height: Int, rect: PageRect)
    /// Diagonal hatching (45°, `spacing` px apart) inside the subpaths (even-odd): the mark for
    /// a territory a figure has no data for.
    case hatch(subpaths: [[PagePoint]], color: RGBA, spacing: Double, width: Double)
}

/// Where the map frame sits in the projected plane: page pixel (x, y) is the plane point
/// (x0 + (x − offsetX) / scale, y1 − (y − offsetY) / scale) in `crsWKT`.
public struct PageGeoreference: Sendable {
    public var x0, y1, scale, offsetX, offsetY: Double
    public var crsWKT: String
    public var projected: Bool
}

public struct PagePoint: Equatable, Sendable {
    public var x, y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

public struct PageRect: Equatable, Sendable {
    public var x, y, width, height: Double
    public init(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { self.x = x; self.y = y; width = w; height = h }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public func intersects(_ o: PageRect) -> Bool { !(o.x >= maxX || o.maxX <= x || o.y >= maxY || o.maxY <= y) }
    public func contains(_ p: PagePoint) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

public enum TextAnchor: String, Sendable { case start, middle, end }

/// A page: its size in pixels and what is drawn on it, in order.
public struct DisplayList: Sendable {
    public var width: Double
    public var height: Double
    public var background: RGBA
    public var items: [DrawItem] = []
    /// The main map frame's georeference (nil when the frame is not a map).
    public var georeference: PageGeoreference?
    /// The main map frame on the page, and the title (for documents that keep them apart).
    public var mapFrame: PageRect?
    public var title: String?
    public init(width: Double, height: Double, background: RGBA) { self.width = width; self.height = height; self.background = background }
}

/// The font every map uses: a CJK font from Debian that covers Latin too.
/// Label text made safe for every output: XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF
/// (an SVG holding them is not well-formed), and Cairo stops drawing altogether at some of
/// them. Line breaks and tabs become spaces, the others U+FFFD.
public enum LabelText {
    public static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isForbidden) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u == "\t" || u == "\n" || u == "\r" { out.append(" ") } else if isForbidden(u) { out.append("\u{FFFD}") } else { out.append(u) }
        }
        return String(out)
    }

    static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0xFFFE || u.value == 0xFFFF
    }
}

public enum MapFont {
    public static let family = "WenQuanYi Micro Hei"
    public static let svgFamily = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
}
