import Foundation
import GeoCore

/// Evaluates a style layer's paint and layout properties for one feature.
struct LayerPainter {
    let layer: MapStyle.Layer
    let file: String
    /// Expressions compiled from the style (and from classification).
    var compiled: [String: StyleExpression] = [:]

    init(layer: MapStyle.Layer, file: String) throws {
        self.layer = layer; self.file = file
        for (k, v) in layer.paint where k != "line-dasharray" { compiled[k] = try StyleExpression.parse(v, at: "\(layer.id).paint.\(k)", file: file) }
        for (k, v) in layer.layout where !["text-font", "text-variable-anchor", "text-offset", "visibility"].contains(k) {
            if v.array != nil || k == "text-size" || k == "symbol-sort-key" {
                compiled[k] = try StyleExpression.parse(v, at: "\(layer.id).layout.\(k)", file: file)
            }
        }
    }

    func value(_ key: String, _ props: [String: StyleValue]) -> StyleValue? { compiled[key]?.evaluate(props) }

    func color(_ key: String, _ props: [String: StyleValue], default d: RGBA?) -> RGBA? {
        guard let v = value(key, props) else { return d }
        if v == .null { return nil }
        return v.color ?? d
    }

    func number(_ key: String, _ props: [String: StyleValue], default d: Double) -> Double {
        value(key, props)?.number ?? d
    }

    var dash: [Double] { layer.paint["line-dasharray"]?.array?.compactMap(\.number) ?? [] }

    /// The label text: an expression, or a string with {field} tokens.
    func text(_ props: [String: StyleValue]) -> String? {
        guard let f = layer.layout["text-field"] else { return nil }
        if f.array != nil { return compiled["text-field"]?.evaluate(props).string.flatMap { $0.isEmpty ? nil : $0 } }
        guard var s = f.string else { return nil }
        while let open = s.firstIndex(of: "{"), let close = s[open...].firstIndex(of: "}") {
            let key = String(s[s.index(after: open)..<close])
            s.replaceSubrange(open...close, with: props[key]?.string ?? "")
        }
        return s.isEmpty ? nil : s
    }
}
