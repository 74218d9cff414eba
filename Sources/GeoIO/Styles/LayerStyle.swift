import Foundation

/// How a vector layer is drawn, in the terms GIS style formats share (QGIS QML, OGC SLD):
/// one symbol for every feature, one per category of a field, or one per class of a number.
/// The tool's GeoPackages carry it in their `layer_styles` table; `QMLWriter` and
/// `SLDWriter` turn it into text.
public struct LayerStyle: Sendable, Equatable {
    public enum Geometry: String, Sendable { case polygon, line, point }

    /// An sRGB colour with opacity.
    public struct Color: Sendable, Equatable {
        public var red, green, blue: UInt8
        public var opacity: Double
        public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8, opacity: Double = 1) {
            self.red = red; self.green = green; self.blue = blue; self.opacity = opacity
        }
        /// "#rrggbb".
        public init?(hex: String) {
            let h = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
            guard h.count == 6, let v = UInt32(h, radix: 16) else { return nil }
            self.init(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
        }
        public var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }
    }

    /// What one feature looks like. Widths and sizes are in CSS pixels at 96 dpi, as in the
    /// map styles (a circle's `size` is its radius).
    public struct Symbol: Sendable, Equatable {
        public var fill: Color?
        public var stroke: Color?
        public var strokeWidth: Double
        public var dash: [Double]
        public var size: Double
        public init(fill: Color? = nil, stroke: Color? = nil, strokeWidth: Double = 1, dash: [Double] = [], size: Double = 3) {
            self.fill = fill; self.stroke = stroke; self.strokeWidth = strokeWidth; self.dash = dash; self.size = size
        }
    }

    /// One value of a field and its symbol.
    public struct Category: Sendable, Equatable {
        public var value: String
        public var label: String
        public var symbol: Symbol
        public init(value: String, label: String, symbol: Symbol) { self.value = value; self.label = label; self.symbol = symbol }
    }

    /// One class of a number: lower ≤ value < upper (the first class takes everything below
    /// its upper bound, the last everything from its lower bound), as a style's `step` does.
    public struct Range: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var label: String
        public var symbol: Symbol
        public init(lower: Double, upper: Double, label: String, symbol: Symbol) {
            self.lower = lower; self.upper = upper; self.label = label; self.symbol = symbol
        }
    }

    public enum Renderer: Sendable, Equatable {
        case single(Symbol)
        case categorized(field: String, categories: [Category], other: Symbol?)
        case graduated(field: String, ranges: [Range])
    }

    /// The style's name (a style layer id, or the table's name).
    public var name: String
    public var geometry: Geometry
    public var renderer: Renderer
    /// A field to label features with, if any.
    public var labelField: String?
    /// One line saying what the style shows.
    public var title: String

    public init(name: String, geometry: Geometry, renderer: Renderer, labelField: String? = nil, title: String = "") {
        self.name = name; self.geometry = geometry; self.renderer = renderer; self.labelField = labelField; self.title = title
    }

    /// Millimetres for CSS pixels at 96 dpi (QGIS and SLD readers think in mm and px).
    static func millimetres(_ px: Double) -> Double { px * 25.4 / 96 }
}

/// XML text escaping for attribute values and element content.
enum XML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            default:
                if ch.value < 0x20 && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A number as short as it is exact ("12", "0.5", "1e-07").
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
