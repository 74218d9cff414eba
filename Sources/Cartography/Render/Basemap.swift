import Foundation
import GeoCore
import GeoIO

/// A user's base map in place of the embedded boundaries: Chinese journals require maps of
/// China drawn on an approved base (自然资源部 标准地图 or the 1:100万 national database), printed
/// with its approval number. Every layer of the file (any GDAL vector) is drawn — polygons as
/// outlines, lines as lines — where the style's first embedded boundary line layer was; the
/// embedded boundary lines and neighbour fills are then left out. Fills of the embedded
/// country stay as the land colour under the thematic layers.
extension MapRenderer {
    static let boundaryLayers: Set<String> = ["country", "provinces", "prefectures", "counties", "borders", "maritime", "neighbours"]

    func isEmbeddedBoundary(_ layer: MapStyle.Layer) -> Bool {
        guard let src = layer.source, let spec = style.sources[src], spec.type == "hinterland",
              let name = spec.spec["layer"]?.string, MapRenderer.boundaryLayers.contains(name) else { return false }
        return layer.type == "line" || name == "neighbours"
    }

    func drawBasemap(transform t: PageTransform, frame: PageRect, groupPrefix: String) throws -> [DrawItem] {
        guard let path = basemap else { return [] }
        if basemapFeatures == nil {
            guard FileManager.default.fileExists(atPath: path) || path.hasPrefix("PG:") || path.hasPrefix("/vsi") else {
                throw HinterlandError(path, "no such base map file")
            }
            var all = [MapFeature]()
            for name in try VectorReader.layerNames(path: path) {
                let table = try VectorReader.read(path: path, layer: name)
                all += MapFeature.from(try table.reprojected(to: .wgs84))
            }
            guard !all.isEmpty else { throw HinterlandError(path, "the base map has no features") }
            basemapFeatures = all
        }
        let ink = RGBA(css: setting("page")?["basemap_color"]?.string ?? "#333333") ?? RGBA(0.2, 0.2, 0.2)
        var items: [DrawItem] = [.beginGroup(id: groupPrefix + "basemap", clip: frame)]
        for f in basemapFeatures! where f.geometry.kind != .point {
            items.append(.path(subpaths: t.parts(f.geometry), closed: f.geometry.kind == .polygon, fill: nil, stroke: ink, width: 0.8, dash: []))
        }
        items.append(.endGroup)
        return items
    }
}
