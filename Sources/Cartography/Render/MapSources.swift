import Analysis
import GeoIO

/// Resolves a style's sources to data. The renderer asks for each source once; the
/// implementation (files, embedded layers, analyses) lives where the analyses are.
public protocol MapSources: AnyObject {
    func load(_ source: MapStyle.Source, style: MapStyle) throws -> MapSourceData
    /// What the figure says about its inputs (e.g. "points: 2,847 county seats …").
    var captions: [String] { get }
    /// Tables behind the map (CSV), by name.
    var tables: [String: String] { get }
    /// What the analyses behind the map warn about.
    var warnings: [String] { get }
    /// The embedded data (for the territories a figure may lack data for).
    var data: EmbeddedData { get }
    /// The point layer a computed source with these `points` and `weight` keys reads.
    func points(_ name: String?, weight: String?) throws -> PointSet
}
