import CCairo
import Foundation
import GeoCore
import GeoIO

/// Draws a display list with Cairo: PNG (anti-aliased, at a scale for the requested width
/// or DPI) or PDF (vector, text as text with the font embedded). Text uses the CJK font through
/// Cairo's toy API by family name.
public enum CairoRenderer {
    /// The page drawn into straight-alpha RGBA pixels at `scale`.
    public static func pixels(_ list: DisplayList, scale: Double, what path: String) throws -> ([UInt8], Int, Int) {
        let w = Int32((list.width * scale).rounded()), h = Int32((list.height * scale).rounded())
        // Cairo's image surfaces stop at 32767 pixels a side (and at what memory allows).
        guard w > 0, h > 0, w <= 32767, h <= 32767, let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h) else {
            throw HinterlandError(path, "a PNG of \(w) × \(h) pixels is too large (at most 32767 pixels a side)")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw HinterlandError(path, "cannot make a PNG of \(w) × \(h) pixels (\(String(cString: cairo_status_to_string(cairo_surface_status(surface)))))")
        }
        let drawn = draw(list, on: surface, scale: scale)
        guard drawn == CAIRO_STATUS_SUCCESS else { throw HinterlandError(path, "drawing failed (\(String(cString: cairo_status_to_string(drawn))))") }
        // Cairo's premultiplied native-endian ARGB → straight RGBA for the encoder.
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw HinterlandError(path, "no image data") }
        let (iw, ih) = (Int(w), Int(h))
        var rgba = [UInt8](repeating: 0, count: iw * ih * 4)
        rgba.withUnsafeMutableBufferPointer { out in
            for y in 0..<ih {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                var o = y * iw * 4
                for x in 0..<iw {
                    let p = row[x], a = p >> 24
                    if a == 255 {
                        out[o] = UInt8(truncatingIfNeeded: p >> 16); out[o + 1] = UInt8(truncatingIfNeeded: p >> 8)
                        out[o + 2] = UInt8(truncatingIfNeeded: p); out[o + 3] = 255
                    } else if a > 0 {
                        out[o] = UInt8(min(((p >> 16) & 0xFF) * 255 / a, 255)); out[o + 1] = UInt8(min(((p >> 8) & 0xFF) * 255 / a, 255))
                        out[o + 2] = UInt8(min((p & 0xFF) * 255 / a, 255)); out[o + 3] = UInt8(a)
                    }
                    o += 4
                }
            }
        }
        return (rgba, iw, ih)
    }

    public static func writePNG(_ list: DisplayList, to path: String, scale: Double) throws {
        var clock = Stopwatch("png")
        let (rgba, iw, ih) = try pixels(list, scale: scale, what: path)
        clock.lap("convert")
        defer { clock.lap("encode") }
        guard let png = rgba.withUnsafeBufferPointer({ PNGEncoder.encode(rgba: $0, width: iw, height: ih) }) else {
            throw HinterlandError(path, "PNG compression failed")
        }
        try AtomicOutput.writeFile([UInt8](png), to: path)
    }

    public static func writePDF(_ list: DisplayList, to path: String) throws {
        // Page pixels at 96 dpi → PDF points.
        let k = 72.0 / 96.0
        guard let surface = cairo_pdf_surface_create(path, list.width * k, list.height * k) else { throw HinterlandError(path, "cannot create PDF") }
        let drawn = draw(list, on: surface, scale: k)
        guard drawn == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw HinterlandError(path, "drawing failed (\(String(cString: cairo_status_to_string(drawn))))")
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw HinterlandError(path, "cannot write PDF (\(String(cString: cairo_status_to_string(status))))") }
    }

    static func set(_ cr: OpaquePointer, _ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

    /// Draws the list; Cairo's status at the end (an error stops all drawing after it).
    @discardableResult
    static func draw(_ list: DisplayList, on surface: OpaquePointer, scale: Double) -> cairo_status_t {
        guard let cr = cairo_create(surface) else { return CAIRO_STATUS_NO_MEMORY }
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        set(cr, list.background)
        cairo_paint(cr)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        for item in list.items {
            switch item {
            case .beginGroup(_, let clip):
                cairo_save(cr)
                if let c = clip { cairo_rectangle(cr, c.x, c.y, c.width, c.height); cairo_clip(cr) }
            case .endGroup:
                cairo_restore(cr)
            case .path(let subpaths, let closed, let fill, let stroke, let width, let dash):
                cairo_new_path(cr)
                for sp in subpaths where !sp.isEmpty {
                    cairo_move_to(cr, sp[0].x, sp[0].y)
                    for p in sp.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                    if closed { cairo_close_path(cr) }
                }
                if let fill, fill.a > 0 {
                    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
                    set(cr, fill)
                    cairo_fill_preserve(cr)
                }
                if let stroke, stroke.a > 0, width > 0 {
                    set(cr, stroke)
                    cairo_set_line_width(cr, width)
                    // Dashed symbols (the boundary patterns) need butt caps: round caps would fill their gaps.
                    if dash.isEmpty { cairo_set_dash(cr, nil, 0, 0) } else { var d = dash; cairo_set_dash(cr, &d, Int32(d.count), 0); cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT) }
                    cairo_stroke_preserve(cr)
                    cairo_set_dash(cr, nil, 0, 0)
                    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
                }
                cairo_new_path(cr)
            case .circle(let c, let r, let fill, let stroke, let width):
                cairo_new_path(cr)
                cairo_arc(cr, c.x, c.y, r, 0, 2 * Double.pi)
                if let fill, fill.a > 0 { set(cr, fill); cairo_fill_preserve(cr) }
                if let stroke, stroke.a > 0, width > 0 { set(cr, stroke); cairo_set_line_width(cr, width); cairo_stroke_preserve(cr) }
                cairo_new_path(cr)
            case .text(let raw, let p, let size, let color, let halo, let haloWidth, let anchor, let bold):
                let t = LabelText.clean(raw)
                cairo_select_font_face(cr, MapFont.family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
                cairo_set_font_size(cr, size)
                var ext = cairo_text_extents_t()
                cairo_text_extents(cr, t, &ext)
                let x = anchor == .start ? p.x : anchor == .middle ? p.x - ext.x_advance / 2 : p.x - ext.x_advance
                // The halo is an outline; the letters are glyphs (cairo_show_text), so a PDF keeps
                // its text as text: the font embedded, searchable and copyable.
                cairo_new_path(cr)
                if let halo, haloWidth > 0 {
                    cairo_move_to(cr, x, p.y)
                    cairo_text_path(cr, t)
                    set(cr, halo); cairo_set_line_width(cr, haloWidth * 2); cairo_stroke(cr)
                }
                cairo_move_to(cr, x, p.y)
                set(cr, color)
                cairo_show_text(cr, t)
                cairo_new_path(cr)
            case .hatch(let subpaths, let color, let spacing, let width):
                // Clip to the rings, then stroke 45° lines across their bounding box.
                cairo_save(cr)
                cairo_new_path(cr)
                var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
                for sp in subpaths where !sp.isEmpty {
                    cairo_move_to(cr, sp[0].x, sp[0].y)
                    for p in sp { cairo_line_to(cr, p.x, p.y); x0 = min(x0, p.x); y0 = min(y0, p.y); x1 = max(x1, p.x); y1 = max(y1, p.y) }
                    cairo_close_path(cr)
                }
                cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
                cairo_clip(cr)
                if x0 <= x1 {
                    let step = spacing * 2.0.squareRoot()
                    var c = (x0 + y0 - (y1 - y0)) - (x0 + y0).truncatingRemainder(dividingBy: step)
                    while c <= x1 + y1 {
                        // The line x + y = c, from the box's left edge to its right.
                        cairo_move_to(cr, x0 - 1, c - x0 + 1); cairo_line_to(cr, x1 + 1, c - x1 - 1)
                        c += step
                    }
                    set(cr, color); cairo_set_line_width(cr, width); cairo_set_dash(cr, nil, 0, 0); cairo_stroke(cr)
                }
                cairo_restore(cr)
            case .image(let px, let w, let h, let r):
                guard let img = imageSurface(px, w, h) else { continue }
                cairo_save(cr)
                cairo_translate(cr, r.x, r.y)
                cairo_scale(cr, r.width / Double(w), r.height / Double(h))
                cairo_set_source_surface(cr, img, 0, 0)
                cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
                cairo_paint(cr)
                cairo_restore(cr)
                cairo_surface_destroy(img)
            }
        }
        return cairo_status(cr)
    }

    /// Straight-alpha RGBA → Cairo's premultiplied native-endian ARGB32.
    static func imageSurface(_ px: [UInt8], _ w: Int, _ h: Int) -> OpaquePointer? {
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)) else { return nil }
        cairo_surface_flush(s)
        let stride = Int(cairo_image_surface_get_stride(s))
        guard let data = cairo_image_surface_get_data(s) else { return nil }
        for y in 0..<h {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let i = (y * w + x) * 4
                let a = UInt32(px[i + 3])
                let r = UInt32(px[i]) * a / 255, g = UInt32(px[i + 1]) * a / 255, b = UInt32(px[i + 2]) * a / 255
                row[x] = (a << 24) | (r << 16) | (g << 8) | b
            }
        }
        cairo_surface_mark_dirty(s)
        return s
    }

    /// PNG bytes of an RGBA image (for embedding rasters in SVG).
    public static func pngData(_ px: [UInt8], _ w: Int, _ h: Int) -> Data? {
        guard let s = imageSurface(px, w, h) else { return nil }
        defer { cairo_surface_destroy(s) }
        final class Sink { var data = Data() }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(s, { closure, bytes, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.data.append(bytes!, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        return status == CAIRO_STATUS_SUCCESS ? sink.data : nil
    }
}

/// Text widths for label placement, measured with the same font Cairo draws.
public final class TextMetrics {
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private var cache: [String: Double] = [:]

    public init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        cr = cairo_create(surface)
    }

    deinit { cairo_destroy(cr); cairo_surface_destroy(surface) }

    public func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let key = "\(size)|\(bold)|\(text)"
        if let w = cache[key] { return w }
        cairo_select_font_face(cr, MapFont.family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, LabelText.clean(text), &ext)
        cache[key] = ext.x_advance
        return ext.x_advance
    }
}
