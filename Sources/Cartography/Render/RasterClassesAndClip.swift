import Foundation
import GeoCore

extension MapRenderer {
    /// `metadata.clip`: a source of polygons (e.g. the country) that a raster layer is drawn
    /// inside, so cells that straddle the coast leave no pixels beyond it. A mask of the
    /// painter's 2× pixel grid, filled even-odd by scanlines.
    func clipMask(_ layer: MapStyle.Layer, transform t: PageTransform, frame: PageRect) throws -> [UInt8]? {
        guard let id = layer.metadata["clip"]?.string else { return nil }
        guard let source = style.sources[id] else { throw HinterlandError(style.path, "\(layer.id).metadata.clip: no source named '\(id)'") }
        guard case .features(let features) = try loader.load(source, style: style) else {
            throw HinterlandError(style.path, "\(layer.id).metadata.clip: '\(id)' is not a polygon source")
        }
        return RasterPainter.mask(features.filter { $0.geometry.kind == .polygon }.flatMap { t.parts($0.geometry) }, frame: frame, k: RasterPainter.supersample)
    }

    /// `metadata.classify` on a raster layer: class breaks from its cell values (nodata and,
    /// with `min`, values below it left out) compiled into a step `raster-color`, so a skewed
    /// surface such as a point density shows in quantile or logarithmic classes.
    func classifyRaster(_ p: inout LayerPainter, raster r: MapRaster) throws {
        guard let c = p.layer.metadata["classify"]?.object else { return }
        let at = "\(p.layer.id).metadata.classify"
        let method = c["method"]?.string ?? "quantile"
        let k = Int(c["classes"]?.number ?? 6)
        let floor = c["min"]?.number ?? -Double.infinity
        let values = r.bands[0].lazy.filter { $0.isFinite && $0 != r.nodata }.map(Double.init).filter { $0 >= floor }
        var breaks: [Double]
        switch method {
        case "log":
            breaks = Classification.logBreaks(Array(values), classes: k)
        default:
            guard let m = Classification(rawValue: method), m != .jenks else { throw HinterlandError(style.path, "\(at).method: use quantile, log, equal or manual for a raster") }
            breaks = m.breaks(Array(values), classes: k, manual: c["breaks"]?.array?.compactMap(\.number) ?? [])
            if m == .quantile { breaks = Classification.rounded(breaks) }
        }
        let n = breaks.count + 1
        let paletteName = c["palette"]?.string ?? "YlOrRd"
        guard let colors = c["colors"]?.array?.compactMap({ $0.string.flatMap(RGBA.init(css:)) }) ?? palettes.colors(paletteName, n) else {
            throw HinterlandError(style.path, "\(at).palette: unknown palette '\(paletteName)'")
        }
        let below = c["below_min"]?.string.flatMap(RGBA.init(css:))
        var stops = breaks.enumerated().map { ($0.element, StyleExpression.literal(.color(colors[min($0.offset + 1, colors.count - 1)]))) }
        var first = StyleExpression.literal(.color(colors[0]))
        if floor.isFinite { stops.insert((floor, first), at: 0); first = .literal(.color(below ?? RGBA(1, 1, 1, 0))) }
        p.compiled["raster-color"] = .step(.get("value"), first, stops)
        let format = ValueFormat(c["format"]?.string ?? "number")
        p.compiled["classes"] = .literal(.string(zip(colors, LegendBlock.rangeLabels(breaks, Array(values), format: format)).map { "\($0.0.hex)|\($0.1)" }.joined(separator: "\n")))
    }
}

extension Classification {
    /// Breaks at 1, 2, 5 × 10^k between the smallest positive value and the largest, thinned
    /// evenly to at most `classes` − 1 (a logarithmic scale with round numbers).
    static func logBreaks(_ values: [Double], classes: Int) -> [Double] {
        let pos = values.filter { $0 > 0 }
        guard let lo = pos.min(), let hi = pos.max(), hi > lo else { return [] }
        var nice = [Double]()
        var e = floor(log10(lo))
        while pow(10, e) <= hi * 10 {
            for m in [1.0, 2, 5] { let v = m * pow(10, e); if v > lo && v < hi { nice.append(v) } }
            e += 1
        }
        let want = max(classes - 1, 1)
        guard nice.count > want else { return nice }
        return (0..<want).map { nice[Int((Double($0) + 0.5) * Double(nice.count) / Double(want))] }
    }

    /// Quantile breaks rounded to two significant digits (legend numbers a reader can take in),
    /// kept strictly increasing.
    static func rounded(_ breaks: [Double]) -> [Double] {
        var out = [Double]()
        for b in breaks {
            guard b > 0 else { if out.last.map({ b > $0 }) ?? true { out.append(b) }; continue }
            let p = pow(10, floor(log10(b)) - 1)
            let r = (b / p).rounded() * p
            if out.last.map({ r > $0 }) ?? true { out.append(r) }
        }
        return out
    }
}
