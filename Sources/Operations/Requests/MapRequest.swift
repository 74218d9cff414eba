import Foundation
import Analysis
import Cartography
import GeoCore
import GeoIO

/// A map drawn from a style (MapLibre core + Hinterland's page settings), with the tables
/// behind it.
public struct MapRequest: Operation {
    public static let kind = "map"
    public var style = ""
    /// A point layer for sources that use points (default: the county seats weighted by population).
    public var points: String?
    public var lang = Language.zh
    /// A base map (any GDAL vector) drawn instead of the embedded boundaries.
    public var basemap: String?
    /// The base map's approval number (审图号), printed under the map.
    public var approval: String?
    /// Let the style read any file, URL or database (never from a study file: a CLI choice).
    public var allowAnySource = false

    public init() {}

    enum CodingKeys: String, CodingKey { case style, points, lang, basemap, approval }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        style = try c.value(.style, style); points = try c.decodeIfPresent(String.self, forKey: .points); lang = try c.value(.lang, lang)
        basemap = try c.decodeIfPresent(String.self, forKey: .basemap); approval = try c.decodeIfPresent(String.self, forKey: .approval)
    }

    public func validate() throws {
        guard !style.isEmpty else { throw FieldError("style", nil, "give a style file") }
        guard FileManager.default.fileExists(atPath: style) else { throw FieldError("style", style, "no such file") }
    }

    /// The rendered document; `write` draws it to .svg, .png or .pdf.
    public func document(_ context: RunContext) throws -> MapDocument {
        try validate()
        let sources = StyleSources(context: context, userPoints: points.map { ["points": $0] } ?? [:])
        return try MapDocument(stylePath: style, data: context.data, sources: sources, lang: lang.rawValue, basemap: basemap, approval: approval,
                               files: [points].compactMap { $0 }, anySource: allowAnySource)
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        let doc = try document(context)
        for w in doc.warnings { context.warn(w) }
        var r = OperationResult()
        r.tables = doc.tables.sorted { $0.key < $1.key }.map { NamedTable($0.key, $0.value) }
        r.figure = doc
        return r
    }
}
