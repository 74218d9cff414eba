import Foundation
import GeoCore

/// A feature ready for styling: WGS84 geometry and its properties as style values.
public struct MapFeature: Sendable {
    public var geometry: Geometry
    public var properties: [String: StyleValue]

    public init(geometry: Geometry, properties: [String: StyleValue]) { self.geometry = geometry; self.properties = properties }
}

/// A raster ready for styling: bands of Float32, georeferenced.
public struct MapRaster: Sendable {
    public var bands: [[Float]]
    public var width: Int
    public var height: Int
    public var geoTransform: [Double]
    public var crs: CRS
    public var nodata: Float?

    public init(bands: [[Float]], width: Int, height: Int, geoTransform: [Double], crs: CRS, nodata: Float?) {
        self.bands = bands; self.width = width; self.height = height; self.geoTransform = geoTransform; self.crs = crs; self.nodata = nodata
    }
}

/// What a source resolves to.
public enum MapSourceData: Sendable {
    case features([MapFeature])
    case raster(MapRaster)
}

extension MapFeature {
    /// Features from a layer table: fields become properties.
    public static func from(_ t: FeatureTable) -> [MapFeature] {
        t.features.compactMap { f in
            guard let g = f.geometry else { return nil }
            var p = [String: StyleValue]()
            for (field, v) in zip(t.fields, f.values) {
                switch v {
                case .null: p[field.name] = .null
                case .integer(let i): p[field.name] = .number(Double(i))
                case .real(let d): p[field.name] = .number(d)
                case .string(let s): p[field.name] = .string(s)
                }
            }
            return MapFeature(geometry: g, properties: p)
        }
    }
}
