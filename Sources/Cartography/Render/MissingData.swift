import Foundation
import GeoCore

/// Hong Kong, Macao and Taiwan where a figure has no data: most national statistics (the
/// census, the plan clusters, the indices) leave them out, and a map that shows them blank
/// reads as "zero". They are found automatically — a territory lacks data when no feature of a
/// thematic layer covers a point inside it with a colour, or the raster there is nodata — then
/// hatched and named in the legend ("港澳台资料暂缺").
extension MapRenderer {
    /// A point well inside each territory (lon, lat): 玉山 range, 大帽山, 澳门半岛.
    static let sampleLonLat: [String: (Double, Double)] = ["710000": (120.95, 23.75), "810000": (114.12, 22.41), "820000": (113.55, 22.19)]

    /// A thematic layer: one with a legend whose data is computed (not an embedded boundary
    /// layer), unless the layer or the page opts out with `metadata.missing_data: false`.
    func isThematic(_ layer: MapStyle.Layer) -> Bool {
        guard layer.metadata["legend"] != nil, layer.metadata["missing_data"]?.bool ?? true,
              setting("missing_data")?.bool ?? true, let src = layer.source, let spec = style.sources[src] else { return false }
        return !(spec.type == "hinterland" && spec.spec["layer"] != nil)
    }

    /// A layer computed from points (a density, shares of a point layer) has data in a
    /// territory only where the point layer has points: the default county seats have none in
    /// HK, MO and TW. Returns whether the layer is such a layer.
    func checkPointCoverage(_ layer: MapStyle.Layer) throws -> Bool {
        guard let src = layer.source, let spec = style.sources[src]?.spec, let command = spec["command"]?.string,
              ["density", "stats"].contains(command) else { return false }
        let pts = try loader.points(spec["points"]?.string, weight: spec["weight"]?.string)
        for t in territories where !missing.contains(t.code) {
            let b = t.geometry.boundingBox
            let has = pts.xs.indices.contains { i in b.contains(x: pts.xs[i], y: pts.ys[i]) && t.geometry.contains(x: pts.xs[i], y: pts.ys[i]) }
            if !has { missing.append(t.code) }
        }
        missing.sort()
        return true
    }

    func checkCoverage(fills features: [MapFeature], painter p: LayerPainter) {
        for t in territories where !missing.contains(t.code) {
            let covered = features.contains { f in
                f.geometry.kind == .polygon && f.geometry.contains(x: t.point.0, y: t.point.1)
                    && (p.color("fill-color", f.properties, default: RGBA(0.6, 0.6, 0.6))?.a ?? 0) > 0
            }
            if !covered { missing.append(t.code) }
        }
        missing.sort()
    }

    /// A raster covers a territory when its cell there has a value and a visible colour
    /// (`metadata.zero_is_missing`: a zero counts as no data, as for a density of points that
    /// has no points there).
    func checkCoverage(raster r: MapRaster, painter p: LayerPainter, layer: MapStyle.Layer) throws {
        let zeroMissing = layer.metadata["zero_is_missing"]?.bool ?? false
        let toRaster = try CoordinateTransform(from: .wgs84, to: r.crs)
        for t in territories where !missing.contains(t.code) {
            let q = toRaster.apply(x: t.point.0, y: t.point.1)
            let gt = r.geoTransform
            let c = Int(((q.x - gt[0]) / gt[1]).rounded(.down)), row = Int(((q.y - gt[3]) / gt[5]).rounded(.down))
            var covered = false
            if c >= 0, c < r.width, row >= 0, row < r.height {
                let v = r.bands[0][row * r.width + c]
                covered = v.isFinite && v != r.nodata && !(zeroMissing && v == 0)
                if covered, let color = p.color("raster-color", ["value": .number(Double(v))], default: RGBA(0.3, 0.3, 0.3)) { covered = color.a > 0 }
            }
            if !covered { missing.append(t.code) }
        }
        missing.sort()
    }

    func hatch(transform t: PageTransform, frame: PageRect, groupPrefix: String) -> [DrawItem] {
        let shown = territories.filter { missing.contains($0.code) }
        guard !shown.isEmpty else { return [] }
        var items: [DrawItem] = [.beginGroup(id: groupPrefix + "missing-data", clip: frame)]
        for s in shown {
            items.append(.path(subpaths: t.parts(s.geometry), closed: true, fill: .white, stroke: nil, width: 0, dash: []))
            items.append(.hatch(subpaths: t.parts(s.geometry), color: RGBA(0.45, 0.45, 0.45), spacing: 4, width: 0.6))
        }
        items.append(.endGroup)
        return items
    }

    /// "港澳台资料暂缺", "台湾省资料暂缺", "Data not available for Taiwan" …
    static func missingNote(_ codes: [String], lang: String) -> String {
        let set = Set(codes)
        if lang == "en" {
            let names = [("810000", "Hong Kong"), ("820000", "Macao"), ("710000", "Taiwan")].filter { set.contains($0.0) }.map(\.1)
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined()
            return "Data not available for \(list)"
        }
        if set == ["710000", "810000", "820000"] { return "港澳台资料暂缺" }
        return [("810000", "香港"), ("820000", "澳门"), ("710000", "台湾省")].filter { set.contains($0.0) }.map(\.1).joined(separator: "、") + "资料暂缺"
    }

    /// The approval number line: "审图号：GS(2019)1822号" (the prefix added when missing).
    static func approvalText(_ number: String, lang: String) -> String {
        let n = number.trimmingCharacters(in: .whitespaces)
        if n.hasPrefix("审图号") || n.lowercased().hasPrefix("map approval") { return n }
        return lang == "en" ? "Map approval No. \(n)" : "审图号：\(n)"
    }

    /// The data captions in the figure's language.
    static func caption(_ c: String, lang: String) -> String {
        guard lang != "en" else { return c }
        let prefix = "points: ", suffix = " county seats weighted by census 2020 population"
        if c.hasPrefix(prefix), c.hasSuffix(suffix), let n = Int(c.dropFirst(prefix.count).dropLast(suffix.count)) {
            return "点: \(n) 个县级驻地, 以第七次全国人口普查人口加权"
        }
        return c.hasPrefix(prefix) ? "点: " + c.dropFirst(prefix.count) : c
    }
}
