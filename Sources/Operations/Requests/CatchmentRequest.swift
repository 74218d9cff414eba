import Foundation
import Analysis
import GeoCore
import GeoIO

/// Hub–hinterland catchments: every cell of an equal-area grid allocated to a hub.
public struct CatchmentRequest: Operation {
    public static let kind = "catchment"
    /// Hub points: a file (CSV/OGR) or an embedded point layer (computing_hubs, gateways).
    public var hubs = ""
    public var name: String?
    /// A field with the hubs' mass, or "census"; default 1 for all.
    public var mass: String?
    public var model = CatchmentModel.voronoi
    public var decay = 2.0
    public var attraction = 1.0
    public var friction: String?
    public var neighbours = 16
    public var cell = "5km"
    /// country (the 31 mainland provinces unless HK, MO and TW count), a zone set, or a polygon file.
    public var clip = "country"
    public var hubsCrs: String?
    public var points: PointInput?
    /// Huff: one probability band per hub.
    public var bands = false
    public var compress = RasterWriter.Compression.deflate
    public var accounting = Accounting()
    /// Whether catchment polygons are wanted (for a layer output).
    public var geometry = false
    /// Where the GeoTIFF goes, when the caller knows: a grid of more than `rowsThreshold`
    /// cells is then made a band of rows at a time and written as it is made, not returned.
    public var output: String?
    public var rowsThreshold = 150_000_000
    public var bandRows = 1024

    public init() {}

    enum CodingKeys: String, CodingKey { case hubs, name, mass, model, decay, attraction, friction, neighbours, cell, clip, hubsCrs, points, bands, compress }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hubs = try c.value(.hubs, hubs); name = try c.decodeIfPresent(String.self, forKey: .name); mass = try c.decodeIfPresent(String.self, forKey: .mass)
        model = try c.value(.model, model); decay = try c.value(.decay, decay); attraction = try c.value(.attraction, attraction)
        friction = try c.decodeIfPresent(String.self, forKey: .friction); neighbours = try c.value(.neighbours, neighbours)
        cell = try c.value(.cell, cell); clip = try c.value(.clip, clip); hubsCrs = try c.decodeIfPresent(String.self, forKey: .hubsCrs)
        points = try c.decodeIfPresent(PointInput.self, forKey: .points); bands = try c.value(.bands, bands); compress = try c.value(.compress, compress)
        accounting = try Accounting(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hubs, forKey: .hubs); try c.encodeIfPresent(name, forKey: .name); try c.encodeIfPresent(mass, forKey: .mass)
        try c.encode(model, forKey: .model); try c.encode(decay, forKey: .decay); try c.encode(attraction, forKey: .attraction)
        try c.encodeIfPresent(friction, forKey: .friction); try c.encode(neighbours, forKey: .neighbours); try c.encode(cell, forKey: .cell)
        try c.encode(clip, forKey: .clip); try c.encodeIfPresent(hubsCrs, forKey: .hubsCrs); try c.encodeIfPresent(points, forKey: .points)
        try c.encode(bands, forKey: .bands); try c.encode(compress, forKey: .compress)
        try accounting.encode(to: encoder)
    }

    public func options() throws -> CatchmentOptions {
        guard hubs.isEmpty == false else { throw FieldError("hubs", nil, "give the hub points") }
        guard decay > 0 else { throw FieldError("decay", String(decay), "must be positive") }
        guard attraction > 0 else { throw FieldError("attraction", String(attraction), "must be positive") }
        guard [8, 16].contains(neighbours) else { throw FieldError("neighbours", String(neighbours), "use 8 or 16") }
        var o = CatchmentOptions()
        o.model = model; o.decay = decay; o.attraction = attraction; o.friction = friction; o.neighbours = neighbours; o.bands = bands
        o.cell = try DensityRequest.length(cell, field: "cell")
        return o
    }

    public func validate() throws { _ = try options() }

    public func run(_ context: RunContext) throws -> OperationResult {
        let o = try options()
        var clock = Stopwatch("catchment")
        let builder = try context.builder(accounting)
        let hubSet = try HubSet.read(path: hubs, nameField: name, massField: mass, inputCRS: hubsCrs.map(CRS.init), data: context.data, builder: builder)
        clock.lap("hubs")
        // HK, MO and TW have no census figures: out of the default region unless counted.
        let region = clip == "country" && !accounting.withSarTw ? try context.data.mainlandProvinces() : try ClipRegion.geometries(clip, data: context.data)
        clock.lap("region")
        let pts = try points.map { try context.points($0) }
        var out = OperationResult()
        let size = try Catchment.grid(region: region, options: o)
        if size.width * size.height > rowsThreshold {
            let cells = "a grid of \(size.width) × \(size.height) cells"
            guard !bands else {
                throw HinterlandError("bands", "a probability band per hub of \(cells) is too large to hold; use larger cells, or huff's dominant hub and its probability alone (written to a GeoTIFF a band of rows at a time)")
            }
            guard !geometry else {
                throw HinterlandError("cell size", "catchment polygons of \(cells) are too large to hold; use larger cells, or write the hub index to a GeoTIFF (made a band of rows at a time)")
            }
            guard let output, ResultWriter.kind(of: output) == .raster else {
                throw HinterlandError("cell size", "\(cells) is too large to hold; write it to a GeoTIFF (made a band of rows at a time) or use larger cells")
            }
            let r = try Catchment.write(hubs: hubSet, options: o, region: region, builder: builder, points: pts, to: output,
                                        metadata: CatchmentTable.metadata(hubs: hubSet, options: o), colors: CatchmentTable.colors,
                                        compression: compress, bandRows: bandRows)
            out.written = [output]
            return finish(r, hubSet: hubSet, cell: o.cell, context: context, into: out)
        }
        let r = try Catchment.run(hubs: hubSet, options: o, region: region, builder: builder, points: pts)
        clock.lap("total analysis")
        out = finish(r, hubSet: hubSet, cell: o.cell, context: context, into: out)
        if geometry { out.layers = [try CatchmentTable.polygons(r), CatchmentTable.hubLayer(r)] }
        var layers = [r.allocation]
        var names = ["hub index (0-based; -1 outside)"]
        if let s = r.secondary { layers.append(s); names.append(model == .huff ? "probability of the dominant hub" : "accumulated cost") }
        for (j, b) in r.bands.enumerated() { layers.append(b); names.append("probability of \(hubSet.names[j])") }
        // The hub index alone is a category: Int16 (half the bytes).
        let integer = layers.count == 1 && hubSet.names.count < Int(Int16.max)
        out.raster = RasterProduct(bands: layers, descriptions: names, metadata: CatchmentTable.metadata(r), type: integer ? .int16 : .float32,
                                   categories: hubSet.names, colors: CatchmentTable.colors, compression: compress)
        return out
    }

    /// The table, notes and warnings of a run (held or written in rows).
    func finish(_ r: CatchmentResult, hubSet: HubSet, cell: Double, context: RunContext, into result: OperationResult) -> OperationResult {
        var out = result
        out.tables = [NamedTable("catchment_\(model.rawValue)", CatchmentTable.csv(r))]
        out.notes = [String(format: "%@: %d hubs, %d × %d cells of %.0f m; catchments %.1f km² of the region's %.1f km²",
                            model.rawValue, hubSet.names.count, r.allocation.width, r.allocation.height, cell, r.areaKm2.reduce(0, +), r.regionAreaKm2)]
        for w in r.warnings { context.warn(w) }
        if r.joinedAcrossGaps > 0 {
            out.notes.append("cost: \(r.joinedAcrossGaps) region cells no path reaches (islands, cells without friction) joined across the gap to the nearest reached cell")
        }
        return out
    }
}
