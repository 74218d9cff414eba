import Foundation

/// A `LayerStyle` as an OGC Styled Layer Descriptor 1.1 (Symbology Encoding 1.1): one rule
/// per category or class, with the filter that selects it. GeoServer, QGIS, ArcGIS Pro and
/// MapServer read it.
public enum SLDWriter {
    public static func sld(_ style: LayerStyle, layerName: String) -> String {
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se" \
        xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">
         <NamedLayer>
          <se:Name>\(XML.escape(layerName))</se:Name>
          <UserStyle>
           <se:Name>\(XML.escape(style.name))</se:Name>
           <se:Description><se:Title>\(XML.escape(style.title.isEmpty ? style.name : style.title))</se:Title></se:Description>
           <se:FeatureTypeStyle>

        """
        switch style.renderer {
        case .single(let s):
            x += rule(name: style.name, filter: nil, symbol: s, geometry: style.geometry)
        case .categorized(let field, let categories, let other):
            for c in categories {
                x += rule(name: c.label, filter: compare("PropertyIsEqualTo", field, c.value), symbol: c.symbol, geometry: style.geometry)
            }
            if let other { x += rule(name: "", filter: nil, symbol: other, geometry: style.geometry, elseRule: true) }
        case .graduated(let field, let ranges):
            for (i, r) in ranges.enumerated() {
                var parts = [String]()
                if i > 0 && r.lower.isFinite { parts.append(compare("PropertyIsGreaterThanOrEqualTo", field, XML.number(r.lower))) }
                if i + 1 < ranges.count { parts.append(compare("PropertyIsLessThan", field, XML.number(ranges[i + 1].lower))) }
                let filter = parts.count == 2 ? "<ogc:And>\(parts[0])\(parts[1])</ogc:And>" : parts.first
                x += rule(name: r.label, filter: filter, symbol: r.symbol, geometry: style.geometry)
            }
        }
        if let field = style.labelField { x += label(field, geometry: style.geometry) }
        x += "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n"
        return x
    }

    static func compare(_ op: String, _ field: String, _ value: String) -> String {
        "<ogc:\(op)><ogc:PropertyName>\(XML.escape(field))</ogc:PropertyName><ogc:Literal>\(XML.escape(value))</ogc:Literal></ogc:\(op)>"
    }

    static func rule(name: String, filter: String?, symbol s: LayerStyle.Symbol, geometry: LayerStyle.Geometry, elseRule: Bool = false) -> String {
        var x = "    <se:Rule>\n     <se:Name>\(XML.escape(name))</se:Name>\n"
        x += "     <se:Description><se:Title>\(XML.escape(name))</se:Title></se:Description>\n"
        if let filter { x += "     <ogc:Filter>\(filter)</ogc:Filter>\n" }
        if elseRule { x += "     <se:ElseFilter/>\n" }
        switch geometry {
        case .polygon:
            x += "     <se:PolygonSymbolizer>\n" + fill(s.fill) + stroke(s) + "     </se:PolygonSymbolizer>\n"
        case .line:
            var line = s
            if line.stroke == nil { line.stroke = s.fill }
            x += "     <se:LineSymbolizer>\n" + stroke(line) + "     </se:LineSymbolizer>\n"
        case .point:
            x += "     <se:PointSymbolizer>\n      <se:Graphic>\n       <se:Mark>\n        <se:WellKnownName>circle</se:WellKnownName>\n"
            x += fill(s.fill) + stroke(s)
            x += "       </se:Mark>\n       <se:Size>\(XML.number(2 * s.size))</se:Size>\n      </se:Graphic>\n     </se:PointSymbolizer>\n"
        }
        return x + "    </se:Rule>\n"
    }

    static func fill(_ c: LayerStyle.Color?) -> String {
        guard let c else { return "" }
        var x = "      <se:Fill>\n       <se:SvgParameter name=\"fill\">\(c.hex)</se:SvgParameter>\n"
        if c.opacity < 1 { x += "       <se:SvgParameter name=\"fill-opacity\">\(XML.number(c.opacity))</se:SvgParameter>\n" }
        return x + "      </se:Fill>\n"
    }

    static func stroke(_ s: LayerStyle.Symbol) -> String {
        guard let c = s.stroke else { return "" }
        var x = "      <se:Stroke>\n       <se:SvgParameter name=\"stroke\">\(c.hex)</se:SvgParameter>\n"
        if c.opacity < 1 { x += "       <se:SvgParameter name=\"stroke-opacity\">\(XML.number(c.opacity))</se:SvgParameter>\n" }
        x += "       <se:SvgParameter name=\"stroke-width\">\(XML.number(s.strokeWidth))</se:SvgParameter>\n"
        x += "       <se:SvgParameter name=\"stroke-linejoin\">round</se:SvgParameter>\n"
        if !s.dash.isEmpty {
            x += "       <se:SvgParameter name=\"stroke-dasharray\">\(s.dash.map { XML.number($0 * s.strokeWidth) }.joined(separator: " "))</se:SvgParameter>\n"
        }
        return x + "      </se:Stroke>\n"
    }

    static func label(_ field: String, geometry: LayerStyle.Geometry) -> String {
        """
            <se:Rule>
             <se:TextSymbolizer>
              <se:Label><ogc:PropertyName>\(XML.escape(field))</ogc:PropertyName></se:Label>
              <se:Font>
               <se:SvgParameter name="font-family">WenQuanYi Micro Hei</se:SvgParameter>
               <se:SvgParameter name="font-size">11</se:SvgParameter>
              </se:Font>
              <se:Halo><se:Radius>1</se:Radius><se:Fill><se:SvgParameter name="fill">#ffffff</se:SvgParameter></se:Fill></se:Halo>
              <se:Fill><se:SvgParameter name="fill">#333333</se:SvgParameter></se:Fill>
             </se:TextSymbolizer>
            </se:Rule>

        """
    }
}
