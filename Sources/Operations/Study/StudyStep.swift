import Foundation
import Analysis
import GeoCore

/// One entry of a study: a named request and the files it writes.
public struct StudyStep {
    public var name: String
    public var kind: String
    public var request: any Operation
    /// Files by extension (see `ResultWriter`), relative to the study's folder.
    public var outputs: [String]
    /// With a pattern such as "fig2_{table}.csv": each table of the result in its own CSV.
    public var tables: String?

    public init(name: String, request: any Operation, outputs: [String], tables: String? = nil) {
        self.name = name; self.kind = type(of: request).kind; self.request = request; self.outputs = outputs; self.tables = tables
        prepare()
    }

    /// The request types a study (and a style) can name, by key.
    static let kinds: [String: any Operation.Type] = [
        ZonesRequest.kind: ZonesRequest.self, StatsRequest.kind: StatsRequest.self, DensityRequest.kind: DensityRequest.self,
        ZonalRequest.kind: ZonalRequest.self, HuLineRequest.kind: HuLineRequest.self, CatchmentRequest.kind: CatchmentRequest.self,
        UnitsRequest.kind: UnitsRequest.self, IndexRequest.kind: IndexRequest.self, MapRequest.kind: MapRequest.self,
    ]

    /// Tells the request what its outputs need (polygons for a layer file).
    mutating func prepare() {
        let wantsLayers = outputs.contains { ResultWriter.kind(of: $0) == .layers }
        switch request {
        case var q as ZonesRequest: q.geometry = wantsLayers; request = q
        case var q as StatsRequest: q.geometry = wantsLayers; request = q
        case var q as HuLineRequest: q.geometry = wantsLayers; request = q
        case var q as CatchmentRequest:
            q.geometry = wantsLayers
            let tifs = outputs.filter { ResultWriter.kind(of: $0) == .raster }
            q.output = tifs.count == 1 ? tifs[0] : nil; request = q
        case var q as UnitsRequest: q.geometry = wantsLayers; request = q
        case var q as DensityRequest:
            // One GeoTIFF: written while the surface is made (any size); several: from memory.
            let tifs = outputs.filter { ResultWriter.kind(of: $0) == .raster }
            q.output = tifs.count == 1 ? tifs[0] : nil; request = q
        default: break
        }
    }
}
