import Foundation
import GeoCore
import GeoIO

/// Draws a raster layer: every page pixel of the frame (at 2× for crisp PNGs) is mapped
/// back through the projection to a raster cell; `raster-color` colours it from the cell's
/// values ("value" = band 1, "band2" …), `raster-opacity` may depend on them (e.g. the Huff
/// probability). Nodata is transparent. Colours are computed once per distinct value,
/// with values rounded to 11 significant bits (0.05%): far below what a colour ramp shows.
enum RasterPainter {
    static let supersample = 2.0

    static func draw(_ r: MapRaster, painter p: LayerPainter, transform t: PageTransform, frame: PageRect, mask: [UInt8]? = nil) throws -> [DrawItem] {
        let k = supersample
        let w = Int((frame.width * k).rounded()), h = Int((frame.height * k).rounded())
        var px = [UInt8](repeating: 0, count: w * h * 4)
        let sameCRS = try SpatialReferenceCheck.same(r.crs, t.crs)
        let toRaster = sameCRS ? nil : try CoordinateTransform(from: t.crs, to: r.crs)
        let gt = r.geoTransform
        var cache = [UInt64: (UInt8, UInt8, UInt8, UInt8)]()
        @inline(__always) func q(_ v: Float) -> Float { Float(bitPattern: v.bitPattern & 0xFFFF_F000) }
        for row in 0..<h {
            // Page → projected plane coordinates, a row at a time.
            var xs = [Double](), ys = [Double]()
            xs.reserveCapacity(w); ys.reserveCapacity(w)
            for col in 0..<w {
                let pg = PagePoint(frame.x + (Double(col) + 0.5) / k, frame.y + (Double(row) + 0.5) / k)
                xs.append((pg.x - t.offsetX) / t.scale + t.x0); ys.append(t.y1 - (pg.y - t.offsetY) / t.scale)
            }
            toRaster?.apply(xs: &xs, ys: &ys)
            for col in 0..<w {
                if let mask, mask[row * w + col] == 0 { continue }
                let c = Int(((xs[col] - gt[0]) / gt[1]).rounded(.down)), rr = Int(((ys[col] - gt[3]) / gt[5]).rounded(.down))
                guard c >= 0, c < r.width, rr >= 0, rr < r.height else { continue }
                let i = rr * r.width + c
                let v = r.bands[0][i]
                if let nd = r.nodata, v == nd { continue }
                if v.isNaN { continue }
                let v1 = q(v), v2 = r.bands.count > 1 ? q(r.bands[1][i]) : 0
                let key = UInt64(v1.bitPattern) << 32 | UInt64(v2.bitPattern)
                let rgba: (UInt8, UInt8, UInt8, UInt8)
                if let hit = cache[key] { rgba = hit } else {
                    var props: [String: StyleValue] = ["value": .number(Double(v1))]
                    if r.bands.count > 1 { props["band2"] = .number(Double(v2)) }
                    for b in 2..<max(r.bands.count, 2) { props["band\(b + 1)"] = .number(Double(r.bands[b][i])) }
                    if let color = p.color("raster-color", props, default: RGBA(0.3, 0.3, 0.3)) {
                        let a = color.a * min(max(p.number("raster-opacity", props, default: 1), 0), 1)
                        rgba = (UInt8((color.r * 255).rounded()), UInt8((color.g * 255).rounded()), UInt8((color.b * 255).rounded()),
                                UInt8((min(max(a, 0), 1) * 255).rounded()))
                    } else { rgba = (0, 0, 0, 0) }
                    if r.bands.count <= 2 { cache[key] = rgba }
                }
                let o = (row * w + col) * 4
                px[o] = rgba.0; px[o + 1] = rgba.1; px[o + 2] = rgba.2; px[o + 3] = rgba.3
            }
        }
        return [.image(pixels: px, width: w, height: h, rect: frame)]
    }

    /// A continuous ramp for an interpolated raster-color, or categories for a match; with
    /// `metadata.legend.opacity_title` and a `step` raster-opacity, a second block of the
    /// opacity classes: swatches of `opacity_color` (default #595959) at each class's opacity.
    static func legend(layer: MapStyle.Layer, painter: LayerPainter, lang: String) -> [LegendBlock] {
        let meta = layer.metadata["legend"]
        guard let title = LegendBlock.text(meta, "title", lang) else { return [] }
        if case .literal(.string(let classes))? = painter.compiled["classes"] {
            return [LegendBlock(title: title, kind: .classes(LegendBlock.pairs(classes)))] + opacityLegend(layer: layer, painter: painter, lang: lang)
        }
        return colorLegend(title: title, layer: layer, painter: painter, lang: lang) + opacityLegend(layer: layer, painter: painter, lang: lang)
    }

    /// A 0/1 mask of a w × h pixel grid (k pixels per page pixel over `frame`) inside the
    /// rings, even-odd, sampled at pixel centres.
    static func mask(_ rings: [[PagePoint]], frame: PageRect, k: Double) -> [UInt8] {
        let w = Int((frame.width * k).rounded()), h = Int((frame.height * k).rounded())
        var rows = [[Double]](repeating: [], count: h)
        for ring in rings where ring.count > 2 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = PagePoint((ring[j].x - frame.x) * k, (ring[j].y - frame.y) * k), b = PagePoint((ring[i].x - frame.x) * k, (ring[i].y - frame.y) * k)
                j = i
                let y0 = min(a.y, b.y), y1 = max(a.y, b.y)
                // Rows whose centre (r + 0.5) lies in [y0, y1).
                var r = max(Int((y0 - 0.5).rounded(.up)), 0)
                while r < h, Double(r) + 0.5 < y1 {
                    let yc = Double(r) + 0.5
                    if yc >= y0 { rows[r].append(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y)) }
                    r += 1
                }
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        for r in 0..<h where rows[r].count > 1 {
            let xs = rows[r].sorted()
            var i = 0
            while i + 1 < xs.count {
                let c0 = max(Int((xs[i] - 0.5).rounded(.up)), 0), c1 = min(Int((xs[i + 1] - 0.5).rounded(.up)), w)
                if c0 < c1 { for c in c0..<c1 { out[r * w + c] = 1 } }
                i += 2
            }
        }
        return out
    }

    static func opacityLegend(layer: MapStyle.Layer, painter: LayerPainter, lang: String) -> [LegendBlock] {
        guard let meta = layer.metadata["legend"]?.object, let title = LegendBlock.text(.object(meta), "opacity_title", lang),
              case .step(_, let first, let stops)? = painter.compiled["raster-opacity"] else { return [] }
        let base = meta["opacity_color"]?.string.flatMap(RGBA.init(css:)) ?? RGBA(0.35, 0.35, 0.35)
        let labels = LegendBlock.rangeLabels(stops.map(\.0), [])
        let opacities = [first] + stops.map(\.1)
        return [LegendBlock(title: title, kind: .classes(zip(opacities, labels).compactMap { e, l in
            e.evaluate([:]).number.map { (base.withAlpha(min(max($0, 0), 1)), l) }
        }))]
    }

    static func colorLegend(title: String, layer: MapStyle.Layer, painter: LayerPainter, lang: String) -> [LegendBlock] {
        switch painter.compiled["raster-color"] {
        case .interpolate(_, _, let stops)?:
            return [LegendBlock(title: title, kind: .ramp(stops.compactMap { s in s.1.evaluate([:]).color.map { (s.0, $0) } },
                                                          unit: layer.metadata["legend"]?["unit"]?.string ?? ""))]
        case .match(_, let pairs, _)?:
            let names = LegendBlock.texts(layer.metadata["legend"], "labels", lang)
            return [LegendBlock(title: title, kind: .classes(pairs.enumerated().compactMap { k, pair in
                pair.1.evaluate([:]).color.map { ($0, k < names.count ? names[k] : pair.0.first?.string ?? "") }
            }))]
        default: return []
        }
    }
}
