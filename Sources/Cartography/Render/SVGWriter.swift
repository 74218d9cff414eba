import Foundation

/// Writes a display list as SVG by hand: one <g> per style layer (id = layer id), text as
/// <text> in the CJK font family, coordinates rounded to 0.01 px, no timestamps or random
/// ids — the same map gives the same bytes. Raster layers are embedded PNGs. Every group is an
/// Inkscape layer labelled with its style layer id, so the file opens in Inkscape (and
/// Illustrator, which reads the ids) with the style's layers.
public enum SVGWriter {
    public static func svg(_ list: DisplayList, pngEncoder: ([UInt8], Int, Int) -> Data?) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"\(f(list.width))\" height=\"\(f(list.height))\" viewBox=\"0 0 \(f(list.width)) \(f(list.height))\">\n"
        s += "<rect id=\"page\" width=\"100%\" height=\"100%\" fill=\"\(list.background.hex)\"/>\n"
        var clipCount = 0, hatchCount = 0
        var depth = 0
        for item in list.items {
            let indent = String(repeating: " ", count: depth)
            switch item {
            case .beginGroup(let id, let clip):
                if let c = clip {
                    clipCount += 1
                    s += "\(indent)<clipPath id=\"clip\(clipCount)\"><rect x=\"\(f(c.x))\" y=\"\(f(c.y))\" width=\"\(f(c.width))\" height=\"\(f(c.height))\"/></clipPath>\n"
                    s += "\(indent)<g id=\"\(esc(id))\" inkscape:groupmode=\"layer\" inkscape:label=\"\(esc(id))\" clip-path=\"url(#clip\(clipCount))\">\n"
                } else {
                    s += "\(indent)<g id=\"\(esc(id))\" inkscape:groupmode=\"layer\" inkscape:label=\"\(esc(id))\">\n"
                }
                depth += 1
            case .endGroup:
                depth = max(depth - 1, 0)
                s += String(repeating: " ", count: depth) + "</g>\n"
            case .path(let subpaths, let closed, let fill, let stroke, let width, let dash):
                var d = ""
                for sp in subpaths where !sp.isEmpty {
                    d += "M\(f(sp[0].x)) \(f(sp[0].y))"
                    for p in sp.dropFirst() { d += "L\(f(p.x)) \(f(p.y))" }
                    if closed { d += "Z" }
                }
                if d.isEmpty { continue }
                s += "\(indent)<path d=\"\(d)\"\(paint(fill: fill, stroke: stroke, width: width, dash: dash, evenOdd: closed))/>\n"
            case .circle(let c, let r, let fill, let stroke, let width):
                s += "\(indent)<circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"\(f(r))\"\(paint(fill: fill, stroke: stroke, width: width, dash: [], evenOdd: false))/>\n"
            case .text(let t, let p, let size, let color, let halo, let haloWidth, let anchor, let bold):
                var attrs = "x=\"\(f(p.x))\" y=\"\(f(p.y))\" font-family=\"\(MapFont.svgFamily)\" font-size=\"\(f(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(color.hex)\""
                if color.a < 1 { attrs += " fill-opacity=\"\(f(color.a))\"" }
                if bold { attrs += " font-weight=\"bold\"" }
                if let halo, haloWidth > 0 {
                    attrs += " stroke=\"\(halo.hex)\" stroke-width=\"\(f(haloWidth * 2))\" stroke-linejoin=\"round\" paint-order=\"stroke\""
                    if halo.a < 1 { attrs += " stroke-opacity=\"\(f(halo.a))\"" }
                }
                s += "\(indent)<text \(attrs)>\(esc(t))</text>\n"
            case .hatch(let subpaths, let color, let spacing, let width):
                var d = ""
                for sp in subpaths where !sp.isEmpty {
                    d += "M\(f(sp[0].x)) \(f(sp[0].y))"
                    for p in sp.dropFirst() { d += "L\(f(p.x)) \(f(p.y))" }
                    d += "Z"
                }
                if d.isEmpty { continue }
                hatchCount += 1
                s += "\(indent)<pattern id=\"hatch\(hatchCount)\" patternUnits=\"userSpaceOnUse\" width=\"\(f(spacing))\" height=\"\(f(spacing))\" patternTransform=\"rotate(45)\">"
                s += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"\(f(spacing))\" stroke=\"\(color.hex)\" stroke-width=\"\(f(width))\"/></pattern>\n"
                s += "\(indent)<path d=\"\(d)\" fill=\"url(#hatch\(hatchCount))\" fill-rule=\"evenodd\"/>\n"
            case .image(let px, let w, let h, let r):
                guard let png = pngEncoder(px, w, h) else { continue }
                s += "\(indent)<image x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.width))\" height=\"\(f(r.height))\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,\(png.base64EncodedString())\"/>\n"
            }
        }
        s += "</svg>\n"
        return s
    }

    static func paint(fill: RGBA?, stroke: RGBA?, width: Double, dash: [Double], evenOdd: Bool) -> String {
        var a = ""
        if let fill, fill.a > 0 {
            a += " fill=\"\(fill.hex)\""
            if fill.a < 1 { a += " fill-opacity=\"\(f(fill.a))\"" }
            if evenOdd { a += " fill-rule=\"evenodd\"" }
        } else { a += " fill=\"none\"" }
        if let stroke, stroke.a > 0, width > 0 {
            // Dashed symbols (the boundary patterns) need butt caps: round caps would fill their gaps.
            a += " stroke=\"\(stroke.hex)\" stroke-width=\"\(f(width))\" stroke-linejoin=\"round\" stroke-linecap=\"\(dash.isEmpty ? "round" : "butt")\""
            if stroke.a < 1 { a += " stroke-opacity=\"\(f(stroke.a))\"" }
            if !dash.isEmpty { a += " stroke-dasharray=\"\(dash.map(f).joined(separator: " "))\"" }
        }
        return a
    }

    /// 0.01 px, no trailing zeros, no "-0"; integer arithmetic (String(format:) is slow).
    static func f(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = Int64((v * 100).rounded())
        if r == 0 { return "0" }
        let neg = r < 0, a = neg ? -r : r
        let whole = a / 100, frac = a % 100
        let sign = neg ? "-" : ""
        if frac == 0 { return "\(sign)\(whole)" }
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }

    static func esc(_ s: String) -> String {
        LabelText.clean(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
