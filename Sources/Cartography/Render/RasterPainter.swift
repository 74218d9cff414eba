import Foundation
import GeoCore
import GeoIO

/// Draws a raster layer: every page pixel of the frame (at 2× for crisp PNGs) is mapped
/// back through the projection to a raster cell; `raster-color` colours it from the cell's
/// values ("value" = band 1, "band2" …), `raster-opacity` may depend on them (e.g. the Huff
/// probability). Nodata is transparent. Colours are computed once per distinct value,
/// with values rounded to 11 significant bits (0.05%): far below what a colour ramp shows.
enum RasterPainter {
    static func draw(_ r: MapRaster, painter p: LayerPainter, transform t: PageTransform, frame: PageRect) throws -> [DrawItem] {
        let k = 2.0
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
    static func legend(layer: MapStyle.Layer, painter: LayerPainter) -> [LegendBlock] {
        guard let title = layer.metadata["legend"]?["title"]?.string else { return [] }
        return colorLegend(title: title, layer: layer, painter: painter) + opacityLegend(layer: layer, painter: painter)
    }

    static func opacityLegend(layer: MapStyle.Layer, painter: LayerPainter) -> [LegendBlock] {
        guard let meta = layer.metadata["legend"]?.object, let title = meta["opacity_title"]?.string,
              case .step(_, let first, let stops)? = painter.compiled["raster-opacity"] else { return [] }
        let base = meta["opacity_color"]?.string.flatMap(RGBA.init(css:)) ?? RGBA(0.35, 0.35, 0.35)
        let labels = LegendBlock.rangeLabels(stops.map(\.0), [])
        let opacities = [first] + stops.map(\.1)
        return [LegendBlock(title: title, kind: .classes(zip(opacities, labels).compactMap { e, l in
            e.evaluate([:]).number.map { (base.withAlpha(min(max($0, 0), 1)), l) }
        }))]
    }

    static func colorLegend(title: String, layer: MapStyle.Layer, painter: LayerPainter) -> [LegendBlock] {
        switch painter.compiled["raster-color"] {
        case .interpolate(_, _, let stops)?:
            return [LegendBlock(title: title, kind: .ramp(stops.compactMap { s in s.1.evaluate([:]).color.map { (s.0, $0) } },
                                                          unit: layer.metadata["legend"]?["unit"]?.string ?? ""))]
        case .match(_, let pairs, _)?:
            let names = layer.metadata["legend"]?["labels"]?.array?.compactMap(\.string) ?? []
            return [LegendBlock(title: title, kind: .classes(pairs.enumerated().compactMap { k, pair in
                pair.1.evaluate([:]).color.map { ($0, k < names.count ? names[k] : pair.0.first?.string ?? "") }
            }))]
        default: return []
        }
    }
}
