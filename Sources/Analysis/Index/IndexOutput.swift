import Foundation
import GeoCore
import GeoIO

/// Writes an index result by extension, atomically: .csv (the zones, plus NAME_indicators.csv
/// with each indicator's weight and source), .json (everything) or .gpkg (the zones as a
/// layer, plus the indicator table beside it as CSV).
extension IndexResult {
    public static let outputExtensions = ["csv", "json", "gpkg"]

    public func write(to path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard IndexResult.outputExtensions.contains(ext) else { throw HinterlandError(path, "the index writes .csv, .json or .gpkg") }
        let companion = (path as NSString).deletingPathExtension + "_indicators.csv"
        try AtomicOutput.transaction {
            switch ext {
            case "json": try AtomicOutput.write(text: try json(), to: path)
            case "gpkg":
                try VectorWriter.write([featureTable()], to: path)
                try AtomicOutput.write(text: indicatorsCSV(), to: companion)
            default:
                try AtomicOutput.write(text: csv(), to: path)
                try AtomicOutput.write(text: indicatorsCSV(), to: companion)
            }
        }
    }
}
