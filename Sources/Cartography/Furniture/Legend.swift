import Foundation
import GeoCore

/// One block of the legend, built from a style layer.
public struct LegendBlock: Sendable {
    public enum Kind: Sendable {
        case classes([(RGBA, String)])
        case swatch(fill: RGBA?, stroke: RGBA?, width: Double, dash: [Double], circle: Bool, label: String)
        case proportional(values: [Double], labels: [String], radii: [Double], fill: RGBA, stroke: RGBA?)
        case ramp([(Double, RGBA)], unit: String)
        /// The hatch marking territories without data.
        case hatched(label: String)
    }
    public var title: String
    public var kind: Kind

    /// Range labels for class breaks: "< 10", "10 – 20", …, "≥ 80" (editable text in SVG).
    static func rangeLabels(_ breaks: [Double], _ values: [Double], format: ValueFormat = .number) -> [String] {
        func fmt(_ v: Double) -> String { format.string(v) }
        guard !breaks.isEmpty else { return [values.isEmpty ? "" : "\(fmt(values.min()!)) – \(fmt(values.max()!))"] }
        var out = ["< \(fmt(breaks[0]))"]
        for k in 1..<breaks.count { out.append("\(fmt(breaks[k - 1])) – \(fmt(breaks[k]))") }
        out.append("≥ \(fmt(breaks.last!))")
        return out
    }

    /// The legend entry a layer asks for in metadata.legend (title, label), derived from its
    /// paint: classes for classified or matched colours, a size legend for proportional
    /// circles, a swatch otherwise.
    /// A legend text in the figure's language (`key_en` for English).
    static func text(_ meta: JSONValue?, _ key: String, _ lang: String) -> String? {
        (lang == "en" ? meta?[key + "_en"]?.string : nil) ?? meta?[key]?.string
    }

    static func texts(_ meta: JSONValue?, _ key: String, _ lang: String) -> [String] {
        ((lang == "en" ? meta?[key + "_en"]?.array : nil) ?? meta?[key]?.array)?.compactMap(\.string) ?? []
    }

    /// "colour|label" lines (how classification hands its classes to the legend) → pairs.
    static func pairs(_ classes: String) -> [(RGBA, String)] {
        classes.split(separator: "\n").compactMap { line -> (RGBA, String)? in
            let parts = line.split(separator: "|", maxSplits: 1)
            return parts.count == 2 ? RGBA(css: String(parts[0])).map { ($0, String(parts[1])) } : nil
        }
    }

    static func from(layer: MapStyle.Layer, painter p: LayerPainter, features: [MapFeature], lang: String = "zh") -> [LegendBlock] {
        guard let metaObject = layer.metadata["legend"]?.object else { return [] }
        let meta = JSONValue.object(metaObject)
        let title = text(meta, "title", lang) ?? ""
        if let pie = layer.metadata["pie"]?.object, let fields = pie["fields"]?.array?.compactMap(\.string) {
            let colors = pie["colors"]?.array?.compactMap { $0.string.flatMap(RGBA.init(css:)) } ?? []
            let labels = texts(layer.metadata["pie"], "labels", lang).isEmpty ? fields : texts(layer.metadata["pie"], "labels", lang)
            return [LegendBlock(title: title, kind: .classes(fields.indices.map { ($0 < colors.count ? colors[$0] : RGBA(0.5, 0.5, 0.5), $0 < labels.count ? labels[$0] : fields[$0]) }))]
        }
        if case .literal(.string(let classes))? = p.compiled["classes"] {
            return [LegendBlock(title: title, kind: .classes(pairs(classes)))]
        }
        if case .literal(.string(let prop))? = p.compiled["proportional"] {
            let parts = prop.split(separator: "|").map(String.init)
            let vmax = Double(parts[1]) ?? 1, rmax = Double(parts[2]) ?? 30
            let nice = niceValues(vmax)
            return [LegendBlock(title: title, kind: .proportional(values: nice, labels: nice.map { ValueFormat.magnitude($0, unit: text(meta, "unit", lang) ?? "", lang: lang) },
                                                                  radii: nice.map { rmax * ($0 / vmax).squareRoot() },
                                                                  fill: p.color("circle-color", [:], default: RGBA(0.2, 0.4, 0.7))!.withAlpha(p.number("circle-opacity", [:], default: 1)),
                                                                  stroke: p.color("circle-stroke-color", [:], default: nil)))]
        }
        let key = layer.type == "fill" ? "fill-color" : layer.type == "line" ? "line-color" : "circle-color"
        if case .match(_, let pairs, _)? = p.compiled[key] {
            let names = texts(meta, "labels", lang)
            return [LegendBlock(title: title, kind: .classes(pairs.enumerated().compactMap { k, pair in
                pair.1.evaluate([:]).color.map { ($0, k < names.count ? names[k] : pair.0.first?.string ?? "") }
            }))]
        }
        let label = text(meta, "label", lang) ?? title
        let props = features.first?.properties ?? [:]
        switch layer.type {
        case "fill":
            return [LegendBlock(title: "", kind: .swatch(fill: p.color("fill-color", props, default: nil)?.withAlpha(p.number("fill-opacity", props, default: 1)),
                                                          stroke: p.color("fill-outline-color", props, default: nil), width: 1, dash: [], circle: false, label: label))]
        case "line":
            let w = p.number("line-width", props, default: 1)
            return [LegendBlock(title: "", kind: .swatch(fill: nil, stroke: p.color("line-color", props, default: .black), width: w, dash: p.dash.map { $0 * w }, circle: false, label: label))]
        case "circle":
            return [LegendBlock(title: "", kind: .swatch(fill: p.color("circle-color", props, default: nil), stroke: p.color("circle-stroke-color", props, default: nil),
                                                          width: p.number("circle-stroke-width", props, default: 0), dash: [], circle: true, label: label))]
        default: return []
        }
    }

    static func niceValues(_ vmax: Double) -> [Double] {
        let p10 = pow(10, log10(vmax).rounded(.down))
        let top = [1.0, 2, 5, 10].map { $0 * p10 }.last { $0 <= vmax } ?? p10
        return [top, top / 4, top / 20].filter { $0 > 0 }
    }
}

extension Furniture {
    /// Stacks the legend blocks in a white box in the frame's lower-left corner, above the scale bar.
    static func legend(_ blocks: [LegendBlock], frame: PageRect, metrics: TextMetrics, title: String?) -> [DrawItem] {
        guard !blocks.isEmpty else { return [] }
        var rows = [(height: Double, width: Double, draw: (PagePoint) -> [DrawItem])]()
        let text = RGBA(0.15, 0.15, 0.15)
        func label(_ s: String, _ p: PagePoint, size: Double = 12, bold: Bool = false) -> DrawItem {
            .text(s, at: p, size: size, color: text, halo: nil, haloWidth: 0, anchor: .start, bold: bold)
        }
        if let title { rows.append((22, metrics.width(title, size: 14, bold: true), { [label(title, PagePoint($0.x, $0.y + 15), size: 14, bold: true)] })) }
        for b in blocks {
            if !b.title.isEmpty { rows.append((20, metrics.width(b.title, size: 13, bold: true), { [label(b.title, PagePoint($0.x, $0.y + 14), size: 13, bold: true)] })) }
            switch b.kind {
            case .classes(let pairs):
                for (c, s) in pairs {
                    rows.append((19, 26 + metrics.width(s, size: 12), { p in
                        [.path(subpaths: [[PagePoint(p.x, p.y + 3), PagePoint(p.x + 20, p.y + 3), PagePoint(p.x + 20, p.y + 16), PagePoint(p.x, p.y + 16)]],
                               closed: true, fill: c, stroke: RGBA(0.5, 0.5, 0.5), width: 0.5, dash: []), label(s, PagePoint(p.x + 26, p.y + 14))]
                    }))
                }
            case .swatch(let fill, let stroke, let width, let dash, let circle, let s):
                rows.append((20, 26 + metrics.width(s, size: 12), { p in
                    let sym: DrawItem = circle
                        ? .circle(center: PagePoint(p.x + 10, p.y + 10), radius: 5, fill: fill, stroke: stroke, width: width)
                        : fill != nil ? .path(subpaths: [[PagePoint(p.x, p.y + 3), PagePoint(p.x + 20, p.y + 3), PagePoint(p.x + 20, p.y + 16), PagePoint(p.x, p.y + 16)]],
                                              closed: true, fill: fill, stroke: stroke, width: 0.8, dash: [])
                        : .path(subpaths: [[PagePoint(p.x, p.y + 10), PagePoint(p.x + 20, p.y + 10)]], closed: false, fill: nil, stroke: stroke, width: width, dash: dash)
                    return [sym, label(s, PagePoint(p.x + 26, p.y + 14))]
                }))
            case .hatched(let s):
                rows.append((20, 26 + metrics.width(s, size: 12), { p in
                    let box = [[PagePoint(p.x, p.y + 3), PagePoint(p.x + 20, p.y + 3), PagePoint(p.x + 20, p.y + 16), PagePoint(p.x, p.y + 16)]]
                    return [.path(subpaths: box, closed: true, fill: .white, stroke: nil, width: 0, dash: []),
                            .hatch(subpaths: box, color: RGBA(0.45, 0.45, 0.45), spacing: 4, width: 0.6),
                            .path(subpaths: box, closed: true, fill: nil, stroke: RGBA(0.5, 0.5, 0.5), width: 0.5, dash: []),
                            label(s, PagePoint(p.x + 26, p.y + 14))]
                }))
            case .proportional(_, let labels, let radii, let fill, let stroke):
                let rmax = radii.first ?? 10
                rows.append((2 * rmax + 8, 2 * rmax + 10 + (labels.map { metrics.width($0, size: 11) }.max() ?? 0), { p in
                    var items = [DrawItem]()
                    let base = p.y + 2 * rmax + 4
                    for (r, s) in zip(radii, labels) {
                        items.append(.circle(center: PagePoint(p.x + rmax, base - r), radius: r, fill: fill.withAlpha(0.35), stroke: stroke ?? fill, width: 0.8))
                        items.append(.path(subpaths: [[PagePoint(p.x + rmax, base - 2 * r), PagePoint(p.x + 2 * rmax + 6, base - 2 * r)]], closed: false, fill: nil, stroke: RGBA(0.4, 0.4, 0.4), width: 0.5, dash: []))
                        items.append(.text(s, at: PagePoint(p.x + 2 * rmax + 8, base - 2 * r + 4), size: 11, color: text, halo: nil, haloWidth: 0, anchor: .start, bold: false))
                    }
                    return items
                }))
            case .ramp(let stops, let unit):
                guard let lo = stops.first, let hi = stops.last else { continue }
                rows.append((40, 180, { p in
                    var items = [DrawItem]()
                    let n = 60
                    for k in 0..<n {
                        let v = lo.0 + (hi.0 - lo.0) * Double(k) / Double(n - 1)
                        var c = hi.1
                        for j in 1..<stops.count where v <= stops[j].0 { c = stops[j - 1].1.mix(stops[j].1, (v - stops[j - 1].0) / (stops[j].0 - stops[j - 1].0)); break }
                        let x = p.x + 160 * Double(k) / Double(n)
                        items.append(.path(subpaths: [[PagePoint(x, p.y + 2), PagePoint(x + 160 / Double(n) + 0.3, p.y + 2), PagePoint(x + 160 / Double(n) + 0.3, p.y + 16), PagePoint(x, p.y + 16)]],
                                           closed: true, fill: c, stroke: nil, width: 0, dash: []))
                    }
                    items.append(label(String(format: "%g", lo.0), PagePoint(p.x, p.y + 32), size: 11))
                    items.append(.text(String(format: "%g %@", hi.0, unit), at: PagePoint(p.x + 160, p.y + 32), size: 11, color: text, halo: nil, haloWidth: 0, anchor: .end, bold: false))
                    return items
                }))
            }
        }
        let pad = 10.0
        let width = (rows.map(\.width).max() ?? 100) + 2 * pad
        let height = rows.reduce(0) { $0 + $1.height } + 2 * pad
        let origin = PagePoint(frame.x + 12, frame.maxY - 56 - height)
        var items: [DrawItem] = [.beginGroup(id: "legend", clip: nil),
                                 .path(subpaths: [[origin, PagePoint(origin.x + width, origin.y), PagePoint(origin.x + width, origin.y + height), PagePoint(origin.x, origin.y + height)]],
                                       closed: true, fill: RGBA(1, 1, 1, 0.88), stroke: RGBA(0.6, 0.6, 0.6), width: 0.6, dash: [])]
        var y = origin.y + pad
        for r in rows { items += r.draw(PagePoint(origin.x + pad, y)); y += r.height }
        items.append(.endGroup)
        return items
    }
}
