import Foundation
import GeoCore

/// Turns a style into a display list: the map frame with every layer in order, the South
/// China Sea inset, and the furniture (title, legend, scale bar, north arrow, source note).
public final class MapRenderer {
    public let style: MapStyle
    let loader: MapSources
    let palettes: Palettes
    let metrics = TextMetrics()
    public var lang = "zh"
    /// A user's base map (any GDAL vector) drawn instead of the embedded boundary lines.
    public var basemap: String?
    /// The map's approval number (审图号), printed under the map.
    public var approval: String?
    public private(set) var legend: [LegendBlock] = []
    /// HK, MO and TW where the figure's thematic layers have no data (adcodes), found while drawing.
    var missing: [String] = []
    var missingChecked = false
    var territories: [(code: String, geometry: Geometry, point: (Double, Double))] = []
    var basemapFeatures: [MapFeature]?
    var collisions = CollisionIndex()
    public private(set) var warnings: [String] = []

    public init(style: MapStyle, loader: MapSources, palettes: Palettes) {
        self.style = style; self.loader = loader; self.palettes = palettes
    }

    func setting(_ key: String) -> JSONValue? { style.settings[key] }

    /// A text setting in the figure's language: `key_en` for English (falling back to `key`),
    /// `key` for Chinese.
    func localized(_ object: JSONValue?, _ key: String) -> String? {
        (lang == "en" ? object?[key + "_en"]?.string : nil) ?? object?[key]?.string
    }

    public func render() throws -> DisplayList {
        let page = setting("page")
        let width = page?["width"]?.number ?? 1600, height = page?["height"]?.number ?? 1200
        let margin = page?["margin"]?.array?.compactMap(\.number) ?? [20, 20, 40, 20]
        let background = RGBA(css: page?["background"]?.string ?? "#ffffff") ?? .white
        var list = DisplayList(width: width, height: height, background: background)
        let en = lang == "en"
        let settings = JSONValue.object(style.settings)
        let title = localized(settings, "title")
        let subtitle = localized(settings, "subtitle")
        if basemap == nil, let b = page?["basemap"]?.string { basemap = try style.resolve(b, at: "metadata.hinterland.page.basemap") }
        if approval == nil { approval = page?["approval"]?.string }
        let provinces = try loader.data.layer("provinces")
        territories = zip(provinces.strings("adcode") ?? [], provinces.features).compactMap { code, f in
            guard let pt = MapRenderer.sampleLonLat[code], let g = f.geometry, g.contains(x: pt.0, y: pt.1) else { return nil }
            return (code, g, pt)
        }.sorted { $0.code < $1.code }
        let top = margin[0] + (title != nil ? 44 : 0) + (subtitle != nil ? 26 : 0)
        let frame = PageRect(margin[3], top, width - margin[1] - margin[3], height - top - margin[2])
        let crs = CRS(page?["projection"]?.string ?? CRS.chinaAlbers.definition)
        let e = page?["extent"]?.array?.compactMap(\.number) ?? [73.0, 17.6, 135.5, 53.8]
        guard e.count == 4, e[0] < e[2], e[1] < e[3] else { throw HinterlandError(style.path, "metadata.hinterland.page.extent: expected [west, south, east, north]") }
        let transform = try PageTransform(extent: BoundingBox(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3]), crs: crs, frame: frame)
        list.georeference = PageGeoreference(x0: transform.x0, y1: transform.y1, scale: transform.scale, offsetX: transform.offsetX,
                                             offsetY: transform.offsetY, crsWKT: crs.definition, projected: !crs.isGeographic)
        list.mapFrame = frame
        list.title = title

        try drawLayers(into: &list, transform: transform, frame: frame, groupPrefix: "", labels: true)
        list.items.append(.path(subpaths: [[PagePoint(frame.x, frame.y), PagePoint(frame.maxX, frame.y), PagePoint(frame.maxX, frame.maxY), PagePoint(frame.x, frame.maxY)]],
                                closed: true, fill: nil, stroke: RGBA(0.35, 0.35, 0.35), width: 0.8, dash: []))
        if setting("inset")?.bool ?? true { try drawInset(into: &list, frame: frame, crs: crs) }
        if let title { list.items += [.beginGroup(id: "title", clip: nil), .text(title, at: PagePoint(margin[3], margin[0] + 30), size: 26, color: RGBA(0.1, 0.1, 0.1), halo: nil, haloWidth: 0, anchor: .start, bold: true)] + (subtitle.map { [.text($0, at: PagePoint(margin[3], margin[0] + 58), size: 16, color: RGBA(0.3, 0.3, 0.3), halo: nil, haloWidth: 0, anchor: .start, bold: false)] } ?? []) + [.endGroup] }
        if setting("north_arrow")?.bool ?? true { list.items += Furniture.northArrow(transform: transform, frame: frame) }
        if setting("scalebar")?.bool ?? true { list.items += Furniture.scaleBar(transform: transform, frame: frame, metrics: metrics) }
        if !missing.isEmpty { legend.append(LegendBlock(title: "", kind: .hatched(label: MapRenderer.missingNote(missing, lang: lang)))) }
        list.items += Furniture.legend(legend, frame: frame, metrics: metrics, title: localized(setting("legend"), "title"))
        let note = ([localized(settings, "source")].compactMap { $0 } + loader.captions.map { MapRenderer.caption($0, lang: lang) }).joined(separator: "  ·  ")
        let grey = RGBA(0.35, 0.35, 0.35)
        let approvalLine = approval.flatMap { $0.isEmpty ? nil : MapRenderer.approvalText($0, lang: lang) }
        let room = frame.width - (approvalLine.map { metrics.width($0, size: 12) + 24 } ?? 0)
        // A note wider than the frame wraps at its clauses (two lines fit the bottom margin).
        let lines = MapRenderer.wrap(note, width: room, size: 12, metrics: metrics)
        let size = lines.count > 2 ? 10.0 : 12.0
        let firstY = frame.maxY + (lines.count > 1 ? 17 : 24)
        if !note.isEmpty {
            list.items.append(.beginGroup(id: "source-note", clip: nil))
            for (k, line) in lines.enumerated() {
                list.items.append(.text(line, at: PagePoint(frame.x, firstY + Double(k) * (size + 3)), size: size, color: grey, halo: nil, haloWidth: 0, anchor: .start, bold: false))
            }
            list.items.append(.endGroup)
        }
        if let approvalLine {
            list.items += [.beginGroup(id: "approval", clip: nil), .text(approvalLine, at: PagePoint(frame.maxX, frame.maxY + 24), size: 12, color: grey,
                                                                         halo: nil, haloWidth: 0, anchor: .end, bold: false), .endGroup]
        }
        return list
    }

    /// Splits a note into lines no wider than `width`, breaking after "；", ";" or "·" clauses.
    static func wrap(_ text: String, width: Double, size: Double, metrics: TextMetrics) -> [String] {
        guard metrics.width(text, size: size) > width else { return [text] }
        var pieces = [String](), current = ""
        for ch in text {
            current.append(ch)
            if ch == "；" || ch == ";" || ch == "·" { pieces.append(current); current = "" }
        }
        if !current.isEmpty { pieces.append(current) }
        var lines = [String]()
        for p in pieces {
            if let last = lines.last, metrics.width(last + p, size: size) <= width { lines[lines.count - 1] = last + p } else { lines.append(p) }
        }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Every visible layer in order, each in its own group clipped to `frame`.
    func drawLayers(into list: inout DisplayList, transform: PageTransform, frame: PageRect, groupPrefix: String, labels: Bool) throws {
        var clock = Stopwatch("map \(groupPrefix)")
        var hatched = false, basemapDrawn = false
        for layer in style.layers where layer.visible {
            defer { clock.lap(layer.id) }
            if !labels && ["symbol", "circle"].contains(layer.type) { continue }
            // Territories without data are hatched above the thematic layers, under the lines.
            if !hatched, ["line", "symbol", "circle"].contains(layer.type) {
                hatched = true
                missingChecked = true
                list.items += hatch(transform: transform, frame: frame, groupPrefix: groupPrefix)
            }
            if basemap != nil, isEmbeddedBoundary(layer) {
                if !basemapDrawn, layer.type == "line" {
                    basemapDrawn = true
                    list.items += try drawBasemap(transform: transform, frame: frame, groupPrefix: groupPrefix)
                }
                continue
            }
            var painter = try LayerPainter(layer: layer, file: style.path)
            list.items.append(.beginGroup(id: groupPrefix + layer.id, clip: frame))
            defer { list.items.append(.endGroup) }
            if layer.type == "background" {
                let c = painter.color("background-color", [:], default: .white)!.withAlpha(painter.number("background-opacity", [:], default: 1))
                list.items.append(.path(subpaths: [[PagePoint(frame.x, frame.y), PagePoint(frame.maxX, frame.y), PagePoint(frame.maxX, frame.maxY), PagePoint(frame.x, frame.maxY)]],
                                        closed: true, fill: c, stroke: nil, width: 0, dash: []))
                continue
            }
            let data = try loader.load(style.sources[layer.source!]!, style: style)
            switch data {
            case .raster(let r):
                try classifyRaster(&painter, raster: r)
                if layer.type == "raster" {
                    let mask = try clipMask(layer, transform: transform, frame: frame)
                    list.items += try RasterPainter.draw(r, painter: painter, transform: transform, frame: frame, mask: mask)
                    if !missingChecked, isThematic(layer), !(try checkPointCoverage(layer)) { try checkCoverage(raster: r, painter: painter, layer: layer) }
                }
                else { warnings.append("\(style.path): layer \(layer.id): a \(layer.type) layer cannot use a raster source; skipped") }
                if labels { legend += RasterPainter.legend(layer: layer, painter: painter, lang: lang) }
            case .features(var features):
                if let f = layer.filter { features = features.filter { f.evaluate($0.properties).truthy } }
                try classify(&painter, features: features)
                if !missingChecked, layer.type == "fill", isThematic(layer), !(try checkPointCoverage(layer)) { checkCoverage(fills: features, painter: painter) }
                switch layer.type {
                case "fill": drawFills(features, painter, transform, &list)
                case "line": drawLines(features, painter, transform, &list)
                case "circle": drawCircles(features, &painter, transform, frame, &list)
                case "symbol": drawLabels(features, painter, transform, frame, &list)
                case "heatmap": list.items += HeatmapPainter.draw(features, painter: painter, transform: transform, frame: frame)
                default: warnings.append("\(style.path): layer \(layer.id): \(layer.type) layers are not drawn yet; skipped")
                }
                if labels { legend += LegendBlock.from(layer: layer, painter: painter, features: features, lang: lang) }
            }
        }
    }

    /// Compiles metadata.classify into a step expression for the layer's colour.
    func classify(_ p: inout LayerPainter, features: [MapFeature]) throws {
        guard let c = p.layer.metadata["classify"]?.object else { return }
        let at = "\(p.layer.id).metadata.classify"
        guard let field = c["field"]?.string else { throw HinterlandError(style.path, "\(at).field: missing") }
        let method = Classification(rawValue: c["method"]?.string ?? "quantile")
        guard let method else { throw HinterlandError(style.path, "\(at).method: use quantile, equal, jenks or manual") }
        let k = Int(c["classes"]?.number ?? 5)
        // Zones listed in "exclude" (e.g. outliers such as Macao) take the colours but do not set the breaks.
        let exclude = Set(c["exclude"]?.array?.compactMap(\.string) ?? [])
        let values = features.filter { f in !exclude.contains(f.properties["zone"]?.string ?? f.properties["adcode"]?.string ?? "") }
            .compactMap { $0.properties[field]?.number }
        let breaks = method.breaks(values, classes: k, manual: c["breaks"]?.array?.compactMap(\.number) ?? [])
        let n = breaks.count + 1
        let paletteName = c["palette"]?.string ?? "YlOrRd"
        guard let colors = c["colors"]?.array?.compactMap({ $0.string.flatMap(RGBA.init(css:)) }) ?? palettes.colors(paletteName, n) else {
            throw HinterlandError(style.path, "\(at).palette: unknown palette '\(paletteName)' (ColorBrewer names: \(palettes.schemes.keys.sorted().prefix(12).joined(separator: ", ")) …)")
        }
        let key = p.layer.type == "circle" ? "circle-color" : "fill-color"
        p.compiled[key] = .step(.get(field), .literal(.color(colors[0])), breaks.enumerated().map { ($0.element, .literal(.color(colors[min($0.offset + 1, colors.count - 1)]))) })
        let format = ValueFormat(c["format"]?.string ?? (field.hasSuffix("share") ? "percent" : "number"))
        p.compiled["classes"] = .literal(.string(zip(colors, LegendBlock.rangeLabels(breaks, values, format: format)).map { "\($0.0.hex)|\($0.1)" }.joined(separator: "\n")))
    }

    func drawFills(_ features: [MapFeature], _ p: LayerPainter, _ t: PageTransform, _ list: inout DisplayList) {
        for f in features where f.geometry.kind == .polygon {
            let fill = p.color("fill-color", f.properties, default: RGBA(0.6, 0.6, 0.6))?.withAlpha(p.number("fill-opacity", f.properties, default: 1))
            let outline = p.color("fill-outline-color", f.properties, default: nil)
            list.items.append(.path(subpaths: t.parts(f.geometry), closed: true, fill: fill, stroke: outline, width: outline == nil ? 0 : 0.5, dash: []))
        }
    }

    func drawLines(_ features: [MapFeature], _ p: LayerPainter, _ t: PageTransform, _ list: inout DisplayList) {
        for f in features where f.geometry.kind != .point {
            let c = p.color("line-color", f.properties, default: .black)?.withAlpha(p.number("line-opacity", f.properties, default: 1))
            let w = p.number("line-width", f.properties, default: 1)
            list.items.append(.path(subpaths: t.parts(f.geometry), closed: false, fill: nil, stroke: c, width: w, dash: p.dash.map { $0 * w }))
            if let arrows = p.layer.metadata["arrows"]?.bool, arrows, let c {
                list.items += Furniture.arrows(along: t.parts(f.geometry), color: c, width: w)
            }
        }
    }

    /// Where a feature's symbol goes: the point, or a polygon's pole of inaccessibility.
    func anchor(_ f: MapFeature, _ t: PageTransform) -> (PagePoint, Double)? {
        switch f.geometry.kind {
        case .point: return (t.point(lon: f.geometry.xs[0], lat: f.geometry.ys[0]), 0)
        case .polygon:
            guard let r = PoleOfInaccessibility.find(t.parts(f.geometry)) else { return nil }
            return (r.point, r.distance)
        case .lineString:
            let parts = t.parts(f.geometry).max { $0.count < $1.count } ?? []
            return parts.isEmpty ? nil : (parts[parts.count / 2], 0)
        }
    }

    func drawCircles(_ features: [MapFeature], _ p: inout LayerPainter, _ t: PageTransform, _ frame: PageRect, _ list: inout DisplayList) {
        // Proportional symbols: area ∝ value (radius ∝ √value), the largest at max_radius.
        var proportional: (String, Double, Double)?
        if let prop = p.layer.metadata["proportional"]?.object, let field = prop["field"]?.string {
            let vmax = prop["max_value"]?.number ?? features.compactMap { $0.properties[field]?.number }.max() ?? 1
            proportional = (field, vmax, prop["max_radius"]?.number ?? 30)
            p.compiled["proportional"] = .literal(.string("\(field)|\(vmax)|\(prop["max_radius"]?.number ?? 30)"))
        }
        var symbols = [(PagePoint, Double, MapFeature)]()
        for f in features {
            guard let (pt, _) = anchor(f, t), frame.contains(pt) else { continue }
            var r = p.number("circle-radius", f.properties, default: 4)
            if let (field, vmax, rmax) = proportional {
                guard let v = f.properties[field]?.number, v > 0, vmax > 0 else { continue }
                r = rmax * (v / vmax).squareRoot()
            }
            symbols.append((pt, r, f))
        }
        // Big circles under small ones.
        symbols.sort { $0.1 != $1.1 ? $0.1 > $1.1 : ($0.0.x, $0.0.y) < ($1.0.x, $1.0.y) }
        let pie = p.layer.metadata["pie"]?.object
        let pieFields = pie?["fields"]?.array?.compactMap(\.string) ?? []
        let pieColors = pie?["colors"]?.array?.compactMap { $0.string.flatMap(RGBA.init(css:)) } ?? []
        for (pt, r, f) in symbols {
            if !pieFields.isEmpty {
                // Shares by category: one wedge per field, clockwise from 12 o'clock.
                let values = pieFields.map { max(f.properties[$0]?.number ?? 0, 0) }
                let total = values.reduce(0, +)
                guard total > 0 else { continue }
                var a0 = -Double.pi / 2
                for (k, v) in values.enumerated() where v > 0 {
                    let a1 = a0 + 2 * Double.pi * v / total
                    let steps = max(Int((a1 - a0) / 0.1), 2)
                    var ring = [pt]
                    for s in 0...steps { let a = a0 + (a1 - a0) * Double(s) / Double(steps); ring.append(PagePoint(pt.x + r * cos(a), pt.y + r * sin(a))) }
                    let c = k < pieColors.count ? pieColors[k] : RGBA(0.5, 0.5, 0.5)
                    list.items.append(.path(subpaths: [ring], closed: true, fill: c, stroke: .white, width: 0.6, dash: []))
                    a0 = a1
                }
                continue
            }
            let fill = p.color("circle-color", f.properties, default: RGBA(0.2, 0.4, 0.7))?.withAlpha(p.number("circle-opacity", f.properties, default: 1))
            let stroke = p.color("circle-stroke-color", f.properties, default: nil)?.withAlpha(p.number("circle-stroke-opacity", f.properties, default: 1))
            list.items.append(.circle(center: pt, radius: r, fill: fill, stroke: stroke, width: p.number("circle-stroke-width", f.properties, default: 0)))
            if r <= 8 { collisions.insert(PageRect(pt.x - r, pt.y - r, 2 * r, 2 * r)) }
        }
    }

    func drawLabels(_ features: [MapFeature], _ p: LayerPainter, _ t: PageTransform, _ frame: PageRect, _ list: inout DisplayList) {
        let allowOverlap = p.layer.layout["text-allow-overlap"]?.bool ?? false
        var candidates = [(Double, Int, PagePoint, Double, String, MapFeature)]()
        for (i, f) in features.enumerated() {
            var props = f.properties
            // --lang en: English names where the data have them.
            if lang == "en", let e = props["name_en"], e.string.map({ !$0.isEmpty }) ?? false {
                for k in ["name", "name_zh", "node", "cluster"] where props[k] != nil { props[k] = e }
            }
            if lang == "en", let e = props["node_en"] { props["node"] = e }
            let english = lang == "en" ? p.compiled["text-field_en"]?.evaluate(props).string.flatMap { $0.isEmpty ? nil : $0 } : nil
            guard let text = english ?? p.text(props), let (pt, room) = anchor(f, t) else { continue }
            let sortKey = p.value("symbol-sort-key", f.properties)?.number ?? Double(i)
            candidates.append((sortKey, i, pt, room, text, f))
        }
        candidates.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (_, _, pt, _, text, f) in candidates {
            let size = p.number("text-size", f.properties, default: 13)
            let w = metrics.width(text, size: size), h = size * 1.15
            let color = p.color("text-color", f.properties, default: RGBA(0.1, 0.1, 0.1))!.withAlpha(p.number("text-opacity", f.properties, default: 1))
            let halo = p.color("text-halo-color", f.properties, default: RGBA(1, 1, 1, 0.85))
            let haloWidth = p.number("text-halo-width", f.properties, default: 1.5)
            // Points try eight positions around the symbol; areas and lines the centre.
            let offsets: [(Double, Double, TextAnchor)] = f.geometry.kind == .point
                ? [(6, -4, .start), (-6, -4, .end), (0, -8, .middle), (0, size + 6, .middle), (6, size * 0.75, .start), (-6, size * 0.75, .end), (6, -size * 0.6, .start), (-6, -size * 0.6, .end)]
                : [(0, size * 0.35, .middle), (0, size * 1.4, .middle), (0, -size * 0.7, .middle),
                   (-w * 0.6, size * 0.35, .middle), (w * 0.6, size * 0.35, .middle), (0, size * 2.5, .middle), (0, -size * 1.8, .middle)]
            var placed = false
            for (dx, dy, a) in offsets {
                let x = pt.x + dx, y = pt.y + dy
                let left = a == .start ? x : a == .middle ? x - w / 2 : x - w
                let rect = PageRect(left - 1, y - size * 0.9, w + 2, h)
                if allowOverlap || collisions.fits(rect, within: frame) {
                    collisions.insert(rect)
                    list.items.append(.text(text, at: PagePoint(x, y), size: size, color: color, halo: halo, haloWidth: haloWidth, anchor: a, bold: false))
                    placed = true
                    break
                }
            }
            guard !placed else { continue }
            // A point's label that does not fit beside it moves out along a leader line (rings
            // of 12 directions, 30 then 55 px); one that fits nowhere is drawn anyway at its
            // first position and reported — a key label is never lost without a word.
            if f.geometry.kind == .point {
                leader: for radius in [30.0, 55.0, 85.0] {
                    for k in 0..<12 {
                        let angle = Double(k) * Double.pi / 6 - Double.pi / 2
                        let ex = pt.x + radius * cos(angle), ey = pt.y + radius * sin(angle)
                        let a: TextAnchor = cos(angle) > 0.3 ? .start : cos(angle) < -0.3 ? .end : .middle
                        let x = ex + (a == .start ? 3 : a == .end ? -3 : 0), y = ey + size * 0.35
                        let left = a == .start ? x : a == .middle ? x - w / 2 : x - w
                        let rect = PageRect(left - 1, y - size * 0.9, w + 2, h)
                        guard collisions.fits(rect, within: frame) else { continue }
                        collisions.insert(rect)
                        let start = PagePoint(pt.x + 6 * cos(angle), pt.y + 6 * sin(angle))
                        list.items.append(.path(subpaths: [[start, PagePoint(ex, ey)]], closed: false, fill: nil, stroke: RGBA(0.25, 0.25, 0.25), width: 0.7, dash: []))
                        list.items.append(.text(text, at: PagePoint(x, y), size: size, color: color, halo: halo, haloWidth: haloWidth, anchor: a, bold: false))
                        placed = true
                        break leader
                    }
                }
            }
            if !placed, f.geometry.kind != .point {
                warnings.append("\(style.path): layer \(p.layer.id): no room for the label '\(text)'; left out")
            } else if !placed {
                let (dx, dy, a) = offsets[0]
                list.items.append(.text(text, at: PagePoint(pt.x + dx, pt.y + dy), size: size, color: color, halo: halo, haloWidth: haloWidth, anchor: a, bold: false))
                warnings.append("\(style.path): layer \(p.layer.id): label '\(text)' overlaps others (no free place found)")
            }
        }
    }

    /// The South China Sea inset (南海诸岛), bottom right: the same fills and lines, from the
    /// southern tip of Hainan down past Zengmu Ansha (3.97°N) to the whole Malaysia–Indonesia
    /// boundary on Borneo, west to Hanoi and east past Manila (the extent the map rules ask for),
    /// with a frame, a caption and its own scale bar.
    func drawInset(into list: inout DisplayList, frame: PageRect, crs: CRS) throws {
        let w = frame.width * 0.16, h = w * 1.45
        let box = PageRect(frame.maxX - w - 1, frame.maxY - h - 1, w, h)
        let t = try PageTransform(extent: BoundingBox(minX: 105.3, minY: 0.6, maxX: 123.0, maxY: 24.6), crs: crs, frame: box)
        list.items.append(.beginGroup(id: "inset-south-china-sea", clip: nil))
        list.items.append(.path(subpaths: [[PagePoint(box.x, box.y), PagePoint(box.maxX, box.y), PagePoint(box.maxX, box.maxY), PagePoint(box.x, box.maxY)]],
                                closed: true, fill: RGBA.white, stroke: nil, width: 0, dash: []))
        try drawLayers(into: &list, transform: t, frame: box, groupPrefix: "inset-", labels: false)
        list.items.append(.path(subpaths: [[PagePoint(box.x, box.y), PagePoint(box.maxX, box.y), PagePoint(box.maxX, box.maxY), PagePoint(box.x, box.maxY)]],
                                closed: true, fill: nil, stroke: RGBA(0.2, 0.2, 0.2), width: 1, dash: []))
        list.items.append(.text(lang == "en" ? "South China Sea Islands" : "南海诸岛", at: PagePoint(box.maxX - 8, box.maxY - 8), size: 11,
                                color: RGBA(0.2, 0.2, 0.2), halo: .white, haloWidth: 1.5, anchor: .end, bold: false))
        // The inset has its own scale (a smaller one than the main map's).
        list.items += Furniture.scaleBar(transform: t, frame: box, metrics: metrics, fraction: 0.4, origin: PagePoint(box.x + 10, box.maxY - 12),
                                         id: "inset-scale-bar", fontSize: 9)
        list.items.append(.endGroup)
    }
}
