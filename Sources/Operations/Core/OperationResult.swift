import Cartography
import GeoCore
import GeoIO

/// What a request gives: tables (CSV text, typed when written to a workbook), layers, a
/// raster, and text. Writers turn it into files by format; nothing here knows a file name.
public struct OperationResult {
    /// Named tables in CSV form, in order (the first is the command's main table).
    public var tables: [NamedTable] = []
    /// The same result as JSON, where the operation has a JSON form: made only when a JSON
    /// file is written (for many zones it costs more than the CSV).
    public var makeJSON: (() throws -> String)?
    /// Layers for a GeoPackage (or another vector format).
    public var layers: [FeatureTable] = []
    /// A raster product.
    public var raster: RasterProduct?
    /// Sentences a researcher can paste (per layer × zone set).
    public var sentences: String?
    /// One-line statements of the method, printed as notes.
    public var notes: [String] = []
    /// Files the operation wrote itself while running (a streamed raster).
    public var written: [String] = []
    /// A rendered map or chart.
    public var figure: Figure?

    public init() {}

    public func json() throws -> String? { try makeJSON?() }
}

public struct NamedTable: Sendable {
    public var name: String
    public var csv: String
    public init(_ name: String, _ csv: String) { self.name = name; self.csv = csv }
}

/// Bands on one grid with what the GeoTIFF writer needs.
public struct RasterProduct: Sendable {
    public var bands: [Grid]
    public var descriptions: [String]
    public var metadata: [String: String]
    public var type: RasterWriter.SampleType
    /// Category names and colours of band 1, for a category raster.
    public var categories: [String]?
    public var colors: [(UInt8, UInt8, UInt8)]?
    public var compression: RasterWriter.Compression

    public init(bands: [Grid], descriptions: [String], metadata: [String: String], type: RasterWriter.SampleType = .float32,
                categories: [String]? = nil, colors: [(UInt8, UInt8, UInt8)]? = nil, compression: RasterWriter.Compression = .deflate) {
        self.bands = bands; self.descriptions = descriptions; self.metadata = metadata; self.type = type
        self.categories = categories; self.colors = colors; self.compression = compression
    }
}
