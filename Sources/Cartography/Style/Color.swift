import Foundation

/// An sRGB colour with alpha, components 0–1.
public struct RGBA: Equatable, Hashable, Sendable {
    public var r, g, b, a: Double

    public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) { self.r = r; self.g = g; self.b = b; self.a = a }

    public static let black = RGBA(0, 0, 0), white = RGBA(1, 1, 1), clear = RGBA(0, 0, 0, 0)

    /// CSS colours as the style spec writes them: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(),
    /// and a few names.
    public init?(css: String) {
        let s = css.trimmingCharacters(in: .whitespaces).lowercased()
        let names: [String: RGBA] = ["black": .black, "white": .white, "transparent": .clear, "none": .clear,
                                     "red": RGBA(1, 0, 0), "green": RGBA(0, 0.5, 0), "blue": RGBA(0, 0, 1), "grey": RGBA(0.5, 0.5, 0.5),
                                     "gray": RGBA(0.5, 0.5, 0.5), "orange": RGBA(1, 0.647, 0), "yellow": RGBA(1, 1, 0),
                                     "cyan": RGBA(0, 1, 1), "lime": RGBA(0, 1, 0), "royalblue": RGBA(0.255, 0.412, 0.882),
                                     "magenta": RGBA(1, 0, 1), "purple": RGBA(0.5, 0, 0.5), "navy": RGBA(0, 0, 0.5), "brown": RGBA(0.647, 0.165, 0.165)]
        if let n = names[s] { self = n; return }
        if s.hasPrefix("#") {
            let hex = Array(s.dropFirst())
            func v(_ i: Int, _ n: Int) -> Double? { UInt8(String(hex[i..<(i + n)]), radix: 16).map { Double($0) / 255 } }
            switch hex.count {
            case 3:
                guard let r = UInt8(String(hex[0]), radix: 16), let g = UInt8(String(hex[1]), radix: 16), let b = UInt8(String(hex[2]), radix: 16) else { return nil }
                self.init(Double(r * 17) / 255, Double(g * 17) / 255, Double(b * 17) / 255)
            case 6, 8:
                guard let r = v(0, 2), let g = v(2, 2), let b = v(4, 2) else { return nil }
                self.init(r, g, b, hex.count == 8 ? (v(6, 2) ?? 1) : 1)
            default: return nil
            }
            return
        }
        if s.hasPrefix("rgb"), let open = s.firstIndex(of: "("), let close = s.lastIndex(of: ")") {
            let parts = s[s.index(after: open)..<close].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count >= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
            self.init(parts[0]! / 255, parts[1]! / 255, parts[2]! / 255, parts.count > 3 ? parts[3]! : 1)
            return
        }
        return nil
    }

    /// "#rrggbb" (alpha goes to a separate opacity attribute in SVG).
    public var hex: String {
        func c(_ v: Double) -> String { String(format: "%02x", Int((min(max(v, 0), 1) * 255).rounded())) }
        return "#" + c(r) + c(g) + c(b)
    }

    public func mix(_ o: RGBA, _ t: Double) -> RGBA {
        RGBA(r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t, a + (o.a - a) * t)
    }

    public func withAlpha(_ x: Double) -> RGBA { RGBA(r, g, b, a * x) }
}
