import Foundation

/// A `LayerStyle` as a QGIS layer style file (QML, the format of QGIS 3): the renderer with
/// its symbols, and simple labels when the style names a label field. QGIS applies it when
/// it opens a GeoPackage layer whose `layer_styles` row holds it, or via Layer ▸ Properties ▸
/// Style ▸ Load Style.
public enum QMLWriter {
    public static func qml(_ style: LayerStyle) -> String {
        var x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        x += "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"\(style.labelField == nil ? 0 : 1)\">\n"
        var symbols = [LayerStyle.Symbol]()
        switch style.renderer {
        case .single(let s):
            x += " <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            symbols = [s]
        case .categorized(let field, let categories, let other):
            x += " <renderer-v2 type=\"categorizedSymbol\" attr=\"\(XML.escape(field))\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n  <categories>\n"
            for (i, c) in categories.enumerated() {
                x += "   <category value=\"\(XML.escape(c.value))\" symbol=\"\(i)\" label=\"\(XML.escape(c.label))\" render=\"true\"/>\n"
            }
            if other != nil { x += "   <category value=\"\" symbol=\"\(categories.count)\" label=\"\" render=\"true\"/>\n" }
            x += "  </categories>\n"
            symbols = categories.map(\.symbol) + (other.map { [$0] } ?? [])
        case .graduated(let field, let ranges):
            x += " <renderer-v2 type=\"graduatedSymbol\" attr=\"\(XML.escape(field))\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n  <ranges>\n"
            // QGIS ranges are closed [lower, upper] and the first match wins; a style's step
            // puts a value equal to a break in the upper class, hence the upper bound just
            // below the next class's lower one.
            for (i, r) in ranges.enumerated() {
                let upper = i + 1 < ranges.count ? ranges[i + 1].lower.nextDown : r.upper
                x += "   <range lower=\"\(bound(r.lower))\" upper=\"\(bound(upper))\" symbol=\"\(i)\" label=\"\(XML.escape(r.label))\" render=\"true\"/>\n"
            }
            x += "  </ranges>\n"
            symbols = ranges.map(\.symbol)
        }
        x += "  <symbols>\n"
        for (i, s) in symbols.enumerated() { x += symbol(s, name: "\(i)", geometry: style.geometry) }
        x += "  </symbols>\n </renderer-v2>\n"
        if let field = style.labelField { x += labeling(field) }
        x += " <layerGeometryType>\(["point": 0, "line": 1, "polygon": 2][style.geometry.rawValue]!)</layerGeometryType>\n</qgis>\n"
        return x
    }

    static func bound(_ v: Double) -> String {
        v.isFinite ? XML.number(v) : (v < 0 ? "-1e+308" : "1e+308")
    }

    static func rgba(_ c: LayerStyle.Color?) -> String {
        guard let c else { return "0,0,0,0" }
        return "\(c.red),\(c.green),\(c.blue),\(Int((c.opacity * 255).rounded()))"
    }

    static func option(_ name: String, _ value: String) -> String {
        "      <Option name=\"\(name)\" value=\"\(XML.escape(value))\" type=\"QString\"/>\n"
    }

    static func symbol(_ s: LayerStyle.Symbol, name: String, geometry: LayerStyle.Geometry) -> String {
        let type = ["polygon": "fill", "line": "line", "point": "marker"][geometry.rawValue]!
        var x = "   <symbol type=\"\(type)\" name=\"\(name)\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
        let width = XML.number((LayerStyle.millimetres(s.strokeWidth) * 1000).rounded() / 1000)
        let dash = s.dash.map { XML.number(($0 * s.strokeWidth * 25.4 / 96 * 1000).rounded() / 1000) }.joined(separator: ";")
        switch geometry {
        case .polygon:
            x += "    <layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n     <Option type=\"Map\">\n"
            x += option("color", rgba(s.fill)) + option("style", s.fill == nil ? "no" : "solid")
            x += option("outline_color", rgba(s.stroke)) + option("outline_style", s.stroke == nil ? "no" : "solid")
            x += option("outline_width", width) + option("outline_width_unit", "MM") + option("joinstyle", "round")
        case .line:
            x += "    <layer class=\"SimpleLine\" pass=\"0\" locked=\"0\" enabled=\"1\">\n     <Option type=\"Map\">\n"
            x += option("line_color", rgba(s.stroke ?? s.fill)) + option("line_style", "solid")
            x += option("line_width", width) + option("line_width_unit", "MM") + option("capstyle", "round") + option("joinstyle", "round")
            x += option("use_custom_dash", s.dash.isEmpty ? "0" : "1") + option("customdash", dash.isEmpty ? "5;2" : dash)
            x += option("customdash_unit", "MM")
        case .point:
            x += "    <layer class=\"SimpleMarker\" pass=\"0\" locked=\"0\" enabled=\"1\">\n     <Option type=\"Map\">\n"
            x += option("name", "circle") + option("color", rgba(s.fill)) + option("outline_color", rgba(s.stroke))
            x += option("outline_style", s.stroke == nil ? "no" : "solid") + option("outline_width", width) + option("outline_width_unit", "MM")
            x += option("size", XML.number((LayerStyle.millimetres(2 * s.size) * 1000).rounded() / 1000)) + option("size_unit", "MM")
        }
        x += "     </Option>\n    </layer>\n   </symbol>\n"
        return x
    }

    static func labeling(_ field: String) -> String {
        """
         <labeling type="simple">
          <settings calloutType="simple">
           <text-style fieldName="\(XML.escape(field))" isExpression="0" fontFamily="WenQuanYi Micro Hei" fontSize="8" fontSizeUnit="Point" textColor="51,51,51,255" textOpacity="1"/>
           <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="1"/>
           <placement placement="0" priority="5"/>
           <rendering obstacle="1" scaleVisibility="0" drawLabels="1"/>
          </settings>
         </labeling>

        """
    }
}
