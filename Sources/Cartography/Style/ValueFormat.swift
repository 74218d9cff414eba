import Foundation

/// How legend numbers are written, so a legend reads like the labels on the map: plain
/// numbers, or percentages for shares (0.0797 → "8.0%").
public enum ValueFormat: Sendable {
    case number, percent

    public init(_ name: String) { self = name == "percent" ? .percent : .number }

    public func string(_ v: Double) -> String {
        switch self {
        case .percent:
            let p = v * 100
            return abs(p) >= 10 || p == p.rounded() ? String(format: "%.0f%%", p) : String(format: "%.1f%%", p)
        case .number:
            // Three significant digits, no trailing zeros ("70.1", "3.5", "0.0797"), whole above 100.
            if abs(v) >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
            return String(format: "%.3g", v)
        }
    }

    /// A count in the units Chinese statistics use — 万 (10⁴) and 亿 (10⁸) — with the
    /// quantity's unit after them ("2500 万人", "1 亿人"); in English "25 million".
    public static func magnitude(_ v: Double, unit: String, lang: String) -> String {
        if lang == "en" {
            let s = v >= 1e9 ? String(format: "%g billion", v / 1e9) : v >= 1e6 ? String(format: "%g million", v / 1e6)
                : v >= 1e3 ? String(format: "%g thousand", v / 1e3) : String(format: "%g", v)
            return unit.isEmpty ? s : "\(s) \(unit)"
        }
        let s = v >= 1e8 ? String(format: "%g 亿", v / 1e8) : v >= 1e4 ? String(format: "%g 万", v / 1e4) : String(format: "%g ", v)
        return (s + unit).trimmingCharacters(in: .whitespaces)
    }
}
