import Foundation
import GeoCore
import GeoIO

/// One MapLibre-style layer (fill, line or circle) turned into a `LayerStyle`.
///
/// The colour property decides the renderer: a classification or a `step` on a field gives
/// classes, a `match` on a field categories, an `interpolate` on a field classes between its
/// stops; a constant one symbol. Widths, radii and opacities that depend on the data are
/// taken at the first feature (a warning says so).
struct StyleLayerConversion {
    private(set) var style: LayerStyle
    private(set) var warnings: [String] = []

    init(layer: MapStyle.Layer, painter: inout LayerPainter, features: [MapFeature], palettes: Palettes, file: String) throws {
        let geometry: LayerStyle.Geometry = layer.type == "fill" ? .polygon : layer.type == "line" ? .line : .point
        let colorKey = ["fill": "fill-color", "line": "line-color", "circle": "circle-color"][layer.type]!
        let sample = features.first?.properties ?? [:]
        var classesTitle: String?
        if let c = layer.metadata["classify"]?.object {
            let (key, expr) = try Self.classify(c, layer: layer, features: features, palettes: palettes, file: file)
            painter.compiled[key] = expr
            classesTitle = c["field"]?.string
        }
        for (k, e) in painter.compiled where k != colorKey && !k.hasPrefix("text") && !k.hasPrefix("symbol") && k != "classes" {
            if Self.field(of: e) != nil || Self.dependsOnData(e) {
                warnings.append("\(file): layer \(layer.id): \(k) depends on the data; exported at its value for the first feature")
            }
        }
        func symbol(_ props: [String: StyleValue], color: RGBA?) -> LayerStyle.Symbol {
            func c(_ x: RGBA?, _ opacity: Double) -> LayerStyle.Color? {
                guard let x, x.a > 0 else { return nil }
                return LayerStyle.Color(UInt8((x.r * 255).rounded()), UInt8((x.g * 255).rounded()), UInt8((x.b * 255).rounded()), opacity: min(1, x.a * opacity))
            }
            switch layer.type {
            case "fill":
                let opacity = painter.number("fill-opacity", props, default: 1)
                return LayerStyle.Symbol(fill: c(color, opacity), stroke: c(painter.color("fill-outline-color", props, default: nil), opacity), strokeWidth: 1)
            case "line":
                return LayerStyle.Symbol(stroke: c(color, painter.number("line-opacity", props, default: 1)),
                                         strokeWidth: painter.number("line-width", props, default: 1), dash: painter.dash)
            default:
                let opacity = painter.number("circle-opacity", props, default: 1)
                return LayerStyle.Symbol(fill: c(color, opacity),
                                         stroke: c(painter.color("circle-stroke-color", props, default: nil), painter.number("circle-stroke-opacity", props, default: 1)),
                                         strokeWidth: painter.number("circle-stroke-width", props, default: 0), size: painter.number("circle-radius", props, default: 5))
            }
        }
        let defaultColor: RGBA = .black
        let title = layer.metadata["legend"]?["title"]?.string ?? layer.metadata["legend"]?["label"]?.string ?? layer.id
        let colorExpr = painter.compiled[colorKey]
        var approximated: String?
        func dataRenderer() -> LayerStyle.Renderer? {
            switch colorExpr {
            case .match(let input, let cases, let fallback)?:
                guard let field = Self.field(of: input) else { return nil }
                var cats = [LayerStyle.Category]()
                for (values, out) in cases {
                    for v in values {
                        var props = sample
                        props[field] = v
                        let label = v.string ?? ""
                        cats.append(LayerStyle.Category(value: label, label: label, symbol: symbol(props, color: out.evaluate(props).color)))
                    }
                }
                return .categorized(field: field, categories: cats, other: symbol(sample, color: fallback.evaluate(sample).color))
            case .step(let input, let base, let stops)?:
                guard let field = Self.field(of: input) else { return nil }
                let labels = Self.classLabels(stops.map(\.0))
                var ranges = [LayerStyle.Range(lower: -.infinity, upper: stops.first?.0 ?? .infinity, label: labels[0],
                                               symbol: symbol(sample, color: base.evaluate(sample).color))]
                for (i, s) in stops.enumerated() {
                    ranges.append(LayerStyle.Range(lower: s.0, upper: i + 1 < stops.count ? stops[i + 1].0 : .infinity, label: labels[i + 1],
                                                   symbol: symbol(sample, color: s.1.evaluate(sample).color)))
                }
                return .graduated(field: field, ranges: ranges)
            case .interpolate(_, let input, let stops)? where stops.count >= 2:
                guard let field = Self.field(of: input), let e = colorExpr else { return nil }
                var ranges = [LayerStyle.Range]()
                for i in 0..<(stops.count - 1) {
                    let lo = stops[i].0, hi = stops[i + 1].0
                    var props = sample
                    props[field] = .number((lo + hi) / 2)
                    ranges.append(LayerStyle.Range(lower: i == 0 ? -.infinity : lo, upper: i + 2 == stops.count ? .infinity : hi,
                                                   label: "\(Self.format(lo)) – \(Self.format(hi))", symbol: symbol(props, color: e.evaluate(props).color)))
                }
                approximated = "\(colorKey) interpolates; exported as \(ranges.count) classes between its stops"
                return .graduated(field: field, ranges: ranges)
            default:
                return nil
            }
        }
        let renderer: LayerStyle.Renderer
        if let r = dataRenderer() {
            renderer = r
        } else {
            if let e = colorExpr, Self.dependsOnData(e) {
                approximated = "\(colorKey) is an expression GIS styles cannot hold; exported at its value for the first feature"
            }
            renderer = .single(symbol(sample, color: colorExpr.map { $0.evaluate(sample).color } ?? defaultColor))
        }
        if let approximated { warnings.append("\(file): layer \(layer.id): \(approximated)") }
        style = LayerStyle(name: layer.id, geometry: geometry, renderer: renderer, labelField: nil,
                           title: classesTitle.map { "\(title) (\($0))" } ?? title)
    }

    /// metadata.classify compiled as the renderer does: breaks of the same method on the same
    /// features (less the excluded zones), colours of the same palette.
    static func classify(_ c: [String: JSONValue], layer: MapStyle.Layer, features: [MapFeature], palettes: Palettes, file: String) throws -> (String, StyleExpression) {
        let at = "\(layer.id).metadata.classify"
        guard let field = c["field"]?.string else { throw HinterlandError(file, "\(at).field: missing") }
        guard let method = Classification(rawValue: c["method"]?.string ?? "quantile") else {
            throw HinterlandError(file, "\(at).method: use quantile, equal, jenks or manual")
        }
        let exclude = Set(c["exclude"]?.array?.compactMap(\.string) ?? [])
        let values = features.filter { f in !exclude.contains(f.properties["zone"]?.string ?? f.properties["adcode"]?.string ?? "") }
            .compactMap { $0.properties[field]?.number }
        let breaks = method.breaks(values, classes: Int(c["classes"]?.number ?? 5), manual: c["breaks"]?.array?.compactMap(\.number) ?? [])
        let paletteName = c["palette"]?.string ?? "YlOrRd"
        guard let colors = c["colors"]?.array?.compactMap({ $0.string.flatMap(RGBA.init(css:)) }) ?? palettes.colors(paletteName, breaks.count + 1) else {
            throw HinterlandError(file, "\(at).palette: unknown palette '\(paletteName)'")
        }
        let key = layer.type == "circle" ? "circle-color" : "fill-color"
        return (key, .step(.get(field), .literal(.color(colors[0])),
                           breaks.enumerated().map { ($0.element, .literal(.color(colors[min($0.offset + 1, colors.count - 1)]))) }))
    }

    /// The field an expression reads directly (["get", f], or ["to-number", ["get", f]]).
    static func field(of e: StyleExpression) -> String? {
        switch e {
        case .get(let f): return f
        case .call(let op, let args) where ["to-number", "to-string", "number", "string"].contains(op) && args.count == 1: return field(of: args[0])
        default: return nil
        }
    }

    static func dependsOnData(_ e: StyleExpression) -> Bool {
        switch e {
        case .literal: return false
        case .get: return true
        case .call(let op, let args): return op == "has" || args.contains(where: dependsOnData)
        case .match(let i, let c, let d): return dependsOnData(i) || c.contains { dependsOnData($0.1) } || dependsOnData(d)
        case .step(let i, let b, let s): return dependsOnData(i) || dependsOnData(b) || s.contains { dependsOnData($0.1) }
        case .interpolate(_, let i, let s): return dependsOnData(i) || s.contains { dependsOnData($0.1) }
        case .cases(let c, let d): return c.contains { dependsOnData($0.0) || dependsOnData($0.1) } || dependsOnData(d)
        }
    }

    /// Legend-style labels for the classes a step's stops make ("< a", "a – b", "≥ z").
    static func classLabels(_ stops: [Double]) -> [String] {
        guard !stops.isEmpty else { return ["all"] }
        var out = ["< \(format(stops[0]))"]
        for k in stops.indices.dropFirst() { out.append("\(format(stops[k - 1])) – \(format(stops[k]))") }
        out.append("≥ \(format(stops.last!))")
        return out
    }

    static func format(_ v: Double) -> String { DefaultLayerStyle.format(v) }
}
