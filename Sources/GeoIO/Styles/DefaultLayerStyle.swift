import CGDAL
import Foundation
import GeoCore

/// The style and description a written layer gets when its writer gives none, chosen from
/// the fields the tool's own tables carry: densities, shares and scores in classes, hubs and
/// sides by category, lines and points with one symbol. Classes are quantiles of the
/// layer's own values (whole features, nulls left out).
public enum DefaultLayerStyle {
    /// ColorBrewer YlOrRd (6) and YlGn (5), and Tableau 10 (the catchment colours of the maps
    /// and rasters).
    static let ylOrRd = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"]
    static let ylGn = ["#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837"]
    public static let tableau10 = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    public static func style(for t: FeatureTable) -> LayerStyle {
        let outline = LayerStyle.Color(255, 255, 255)
        let name = t.name
        switch t.geometryKind {
        case .lineString?:
            let hu = name.contains("hu_line")
            return LayerStyle(name: name, geometry: .line,
                              renderer: .single(LayerStyle.Symbol(stroke: LayerStyle.Color(hex: hu ? "#c0392b" : "#333333"), strokeWidth: hu ? 2.2 : 1,
                                                                  dash: hu ? [4, 2] : [])),
                              title: hu ? "The Hu Line" : name)
        case .point?:
            return LayerStyle(name: name, geometry: .point,
                              renderer: .single(LayerStyle.Symbol(fill: LayerStyle.Color(hex: "#c0392b"), stroke: outline, strokeWidth: 0.8, size: 4)),
                              labelField: labelField(t), title: name)
        default: break
        }
        for (field, palette, what) in [("density_per_km2", ylOrRd, "people per km²"), ("share", ylOrRd, "share of the points"),
                                       ("composite", ylGn, "composite index score")] {
            if let i = t.fieldIndex(field), t.fields[i].type != .string {
                let values = t.features.compactMap { $0.values[i].doubleValue }.filter(\.isFinite)
                return LayerStyle(name: name, geometry: .polygon,
                                  renderer: .graduated(field: field, ranges: quantileRanges(values, palette: palette, outline: outline)),
                                  labelField: labelField(t), title: "\(name): \(what), quantile classes")
            }
        }
        for field in ["name", "side", "part", "zone"] where field != "name" || t.fieldIndex("hub") != nil {
            guard let i = t.fieldIndex(field) else { continue }
            var seen = Set<String>(), values = [String]()
            for f in t.features where seen.insert(f.values[i].description).inserted { values.append(f.values[i].description) }
            let cats = values.enumerated().map { k, v in
                LayerStyle.Category(value: v, label: v, symbol: LayerStyle.Symbol(fill: LayerStyle.Color(hex: tableau10[k % tableau10.count]),
                                                                                  stroke: outline, strokeWidth: 0.6))
            }
            return LayerStyle(name: name, geometry: .polygon, renderer: .categorized(field: field, categories: cats, other: nil),
                              labelField: labelField(t), title: "\(name) by \(field)")
        }
        return LayerStyle(name: name, geometry: .polygon,
                          renderer: .single(LayerStyle.Symbol(fill: LayerStyle.Color(hex: "#e8e4d8"), stroke: LayerStyle.Color(hex: "#8c8c8c"), strokeWidth: 0.6)),
                          labelField: labelField(t), title: name)
    }

    /// A one-line description for `gpkg_contents`: what the layer is and its CRS.
    public static func description(for t: FeatureTable) -> String {
        let crsName = (try? SpatialReference.make(t.crs)).map { s in defer { OSRRelease(s) }; return SpatialReference.describe(s) } ?? t.crs.definition
        let fields = t.fields.map(\.name).joined(separator: ", ")
        return "\(t.name): \(t.features.count) features (\(t.geometryKind?.rawValue ?? "no geometry")) in \(crsName), written by hinterland; fields: \(fields)"
    }

    static func labelField(_ t: FeatureTable) -> String? {
        ["name", "name_zh"].first { t.fieldIndex($0) != nil }
    }

    /// Up to `palette.count` quantile classes of `values`, each lower bound a value of the data.
    static func quantileRanges(_ values: [Double], palette: [String], outline: LayerStyle.Color) -> [LayerStyle.Range] {
        let v = values.sorted()
        guard let lo = v.first, let hi = v.last else {
            return [LayerStyle.Range(lower: -.infinity, upper: .infinity, label: "all", symbol: LayerStyle.Symbol(fill: LayerStyle.Color(hex: palette[0]), stroke: outline))]
        }
        var lowers = [lo]
        let k = palette.count
        for i in 1..<k {
            let b = v[min(Int(Double(i) * Double(v.count) / Double(k)), v.count - 1)]
            if b > lowers.last! { lowers.append(b) }
        }
        return lowers.enumerated().map { i, l in
            let u = i + 1 < lowers.count ? lowers[i + 1] : hi
            let color = palette[lowers.count == 1 ? 0 : Int((Double(i) * Double(k - 1) / Double(lowers.count - 1)).rounded())]
            return LayerStyle.Range(lower: l, upper: u, label: i + 1 < lowers.count ? "\(format(l)) – \(format(u))" : "\(format(l)) – \(format(hi))",
                                    symbol: LayerStyle.Symbol(fill: LayerStyle.Color(hex: color), stroke: outline, strokeWidth: 0.6))
        }
    }

    /// A class break as a legend prints it: whole numbers from 100, three significant digits below.
    public static func format(_ v: Double) -> String {
        let a = abs(v)
        if a >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
        if a >= 10 { return String(format: "%.1f", v) }
        if a >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3g", v)
    }
}
