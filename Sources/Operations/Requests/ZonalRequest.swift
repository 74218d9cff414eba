import Foundation
import Analysis
import GeoCore
import GeoIO

/// Zonal statistics of a raster with exact cell-coverage fractions (the exactextract method).
public struct ZonalRequest: Operation {
    public static let kind = "zonal"
    public var raster = ""
    public var by = ""
    public var zones = ZoneOptions()
    /// Statistics: count, sum, mean, min, max, stdev.
    public var stats = ["count", "sum", "mean", "min", "max", "stdev"]

    public init() {}

    enum CodingKeys: String, CodingKey { case raster, by, stats }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        raster = try c.value(.raster, "")
        by = try c.value(.by, "")
        if let list = try? c.decode(String.self, forKey: .stats) { stats = ZonalRequest.split(list) } else { stats = try c.value(.stats, stats) }
        zones = try ZoneOptions(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(raster, forKey: .raster); try c.encode(by, forKey: .by); try c.encode(stats, forKey: .stats)
        try zones.encode(to: encoder)
    }

    /// "count, sum" → ["count", "sum"].
    public static func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    public func validate() throws {
        guard !raster.isEmpty else { throw FieldError("raster", nil, "give a raster") }
        guard !by.isEmpty else { throw FieldError("by", nil, "give a zone set") }
        for c in stats where !ZonalAnalysis.statistics.contains(c) {
            throw FieldError("stats", c, "unknown statistic (use \(ZonalAnalysis.statistics.joined(separator: ", ")))")
        }
        _ = try zones.named(by)
    }

    public func run(_ context: RunContext) throws -> OperationResult {
        try validate()
        var clock = Stopwatch("zonal")
        // The raster opens and its first band decodes on other threads while the zones load.
        let path = raster
        let opening = Background { () throws -> RasterBandReader in RasterBandReader(try RasterSource(path: path)) }
        let set = Result { try zones.build(by, builder: try context.builder(Accounting()), geometry: true, context: context) }
        let bands = try opening.value()   // a raster error first
        let zoneSet = try set.get()
        clock.lap("zones")
        let result = try ZonalAnalysis.run(raster: bands.source, zones: zoneSet.zones, bands: bands,
                                           sumsOnly: stats.allSatisfy { ["count", "sum", "mean"].contains($0) })
        clock.lap("statistics")
        var r = OperationResult()
        r.tables = [NamedTable("zonal_\(zoneSet.name)", ZonalAnalysis.csv(zones: zoneSet.zones, stats: result, columns: stats))]
        return r
    }
}
