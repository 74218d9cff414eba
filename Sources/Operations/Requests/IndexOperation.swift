import Foundation
import Analysis
import Cartography
import GeoCore
import GeoIO

/// The hinterland suitability index (see `IndexRequest` in Analysis) as an operation: the
/// ranked zones and the indicator table, the zones as a layer, everything as JSON, and with
/// `sensitivity` the rank plot of the 5–95 % rank intervals.
extension IndexRequest: Operation {
    public static let kind = "index"

    public func run(_ context: RunContext) throws -> OperationResult {
        let index = try run(builder: try context.builder(Accounting()))
        var r = OperationResult()
        r.tables = [NamedTable("index_\(level.rawValue)", index.csv()), NamedTable("index_\(level.rawValue)_indicators", index.indicatorsCSV())]
        r.makeJSON = { try index.json() }
        r.layers = [index.featureTable()]
        r.notes = index.notes
        if sensitivity > 0 { r.figure = RankPlot.figure(index) }
        return r
    }
}

/// A figure a result can draw: a map document or a chart's display list.
public protocol Figure {
    func write(to path: String, scale: Double) throws
}

extension MapDocument: Figure {
    public func write(to path: String, scale: Double) throws { try write(to: path, scale: scale, geopdf: false) }
}

extension DisplayList: Figure {
    public func write(to path: String, scale: Double) throws { try RankPlot.write(self, to: path, scale: scale) }
}
