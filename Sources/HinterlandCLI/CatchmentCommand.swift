import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct CatchmentCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "catchment",
        abstract: "Hub–hinterland catchments: allocate every cell of an equal-area grid to a hub.",
        discussion: """
        Models: voronoi (nearest hub, planar distance in the China Albers), weighted (least distance /
        mass), huff (probabilities A^α d^-λ normalised over hubs: dominant hub and its probability),
        reilly (breakpoints d_jk / (1 + (M_k/M_j)^(1/λ)) and the trade areas they bound), cost
        (accumulated cost over a friction raster, 16-neighbour Dijkstra; default friction: GeoData's
        terrain friction 1 + slope°/5 at 10 km; paths go wherever the friction raster has data, and
        region cells no path reaches, such as islands off a friction raster clipped to land, are
        joined across the gap to the nearest reached cell). The grid is clipped to China (or --clip): each cell
        counts with its exact overlap, so catchment areas sum to the region's area. A hub's own cell
        is always its own.

        Outputs: a stats table (stdout or --stats), and -o OUT.tif (band 1 hub index, band 2 Huff
        probability or cost, then one band per hub with --bands) or -o OUT.gpkg (catchment polygons
        with their stats, and the hubs).

        Examples:
          hinterland catchment --hubs computing_hubs --model voronoi -o hubs.gpkg
          hinterland catchment --hubs cities.csv --name name --mass pop --model huff --decay 2 -o huff.tif
          hinterland catchment --hubs hubs.gpkg --model cost --cell 10km --points firms.csv --stats c.csv
        """
    )

    @Option(name: .long, help: "Hub points: a file (CSV/OGR) or an embedded point layer (computing_hubs, gateways).")
    var hubs: String

    @Option(name: .long, help: "Field naming the hubs.")
    var name: String?

    @Option(name: .long, help: "Field with the hubs' mass (attractiveness), or 'census': the 2020 census population of each hub's prefecture-level unit; default 1 for all.")
    var mass: String?

    @Option(name: .long, help: "Allocation model.")
    var model: CatchmentModel = .voronoi

    @Option(name: .long, parsing: .unconditional, help: "Distance decay λ (huff, reilly).")
    var decay: Double = 2

    @Option(name: .long, parsing: .unconditional, help: "Exponent α on mass (huff).")
    var attraction: Double = 1

    @Option(name: .long, help: "Friction raster for cost (same CRS as the grid).")
    var friction: String?

    @Option(name: .long, help: "8 or 16 neighbour moves for cost.")
    var neighbours: Int = 16

    @Option(name: .long, parsing: .unconditional, help: "Cell size: 5km, 1km, 2000 (metres).")
    var cell: String = "5km"

    @Option(name: .long, help: "Region: country (default: the 31 mainland provinces, the census's territory; the whole outline with --with-sar-tw), a zone set, or a polygon file.")
    var clip: String = "country"

    @Option(name: .long, help: "CRS of the hubs file (EPSG, WKT, PROJ, gcj02, bd09).")
    var hubsCRS: String?

    @OptionGroup var points: OptionalPointOptions

    @Flag(name: .long, help: "Huff: write one probability band per hub.")
    var bands = false

    @Option(name: .long, help: "Write the per-catchment table to this CSV (default: stdout).")
    var stats: String?

    @Option(name: .long, help: "GeoTIFF compression: deflate (default; every reader), zstd (GDAL ≥ 2.3), lzw or none.")
    var compress: RasterWriter.Compression = .deflate

    @Option(name: .shortAndLong, help: "OUT.tif (allocation raster) or OUT.gpkg (catchment polygons).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions
    @OptionGroup var measure: AccountingOptions

    func run() throws {
        let m = model
        guard decay > 0, attraction > 0 else { throw HinterlandError("--decay/--attraction", "must be positive") }
        guard [8, 16].contains(neighbours) else { throw HinterlandError("--neighbours \(neighbours)", "use 8 or 16") }
        if let output, !["tif", "tiff", "gpkg"].contains((output as NSString).pathExtension.lowercased()) {
            throw HinterlandError(output, "catchment writes .tif or .gpkg")
        }
        if let stats, (stats as NSString).pathExtension.lowercased() != "csv" { throw HinterlandError(stats, "--stats writes CSV") }
        var o = CatchmentOptions()
        o.model = m; o.decay = decay; o.attraction = attraction; o.friction = friction; o.neighbours = neighbours; o.bands = bands
        o.cell = try DensityOptions.parseLength(cell, what: "--cell")
        var clock = Stopwatch("catchment")
        let data = try EmbeddedData()
        let builder = try measure.builder(data)
        let hubSet = try HubSet.read(path: hubs, nameField: name, massField: mass, inputCRS: hubsCRS.map(CRS.init), data: data, builder: builder)
        clock.lap("hubs")
        // HK, MO and TW have no census figures: out of the default region unless counted.
        let region = clip == "country" && !measure.withSARTW ? try data.mainlandProvinces() : try ClipRegion.geometries(clip)
        clock.lap("region")
        let pts = try points.readIfGiven()
        let r = try Catchment.run(hubs: hubSet, options: o, region: region, builder: builder, points: pts)
        clock.lap("total analysis")
        defer { clock.lap("write") }
        let table = CatchmentTable.csv(r)
        if let stats { try AtomicOutput.write(text: table, to: stats) } else { try StandardOutput.write(table) }
        Diagnostics.note(String(format: "%@: %d hubs, %d × %d cells of %.0f m; catchments %.1f km² of the region's %.1f km²",
                                m.rawValue, hubSet.names.count, r.allocation.width, r.allocation.height, o.cell,
                                r.areaKm2.reduce(0, +), r.regionAreaKm2))
        for w in r.warnings { Diagnostics.warning(w) }
        if r.joinedAcrossGaps > 0 {
            Diagnostics.note("cost: \(r.joinedAcrossGaps) region cells no path reaches (islands, cells without friction) joined across the gap to the nearest reached cell")
        }
        guard let output else { return }
        if output.lowercased().hasSuffix(".gpkg") {
            try VectorWriter.write([try CatchmentTable.polygons(r), CatchmentTable.hubLayer(r)], to: output)
        } else {
            var layers = [r.allocation]
            var names = ["hub index (0-based; -1 outside)"]
            if let s = r.secondary { layers.append(s); names.append(m == .huff ? "probability of the dominant hub" : "accumulated cost") }
            for (j, b) in r.bands.enumerated() { layers.append(b); names.append("probability of \(hubSet.names[j])") }
            // The hub index alone is a category: Int16 (half the bytes).
            let integer = layers.count == 1 && hubSet.names.count < Int(Int16.max)
            try RasterWriter.writeGeoTIFF(bands: layers, to: output, metadata: CatchmentTable.metadata(r),
                                          descriptions: names, type: integer ? .int16 : .float32, compression: compress)
            try RasterWriter.setCategories(path: output, names: hubSet.names, colors: CatchmentTable.colors)
        }
    }
}

/// Catchment results as a table and layers.
enum CatchmentTable {
    static func csv(_ r: CatchmentResult) -> String {
        let popTotal = r.population.reduce(0, +), ptTotal = r.points?.reduce(0, +) ?? 0
        var s = "hub,name,mass,area_km2,area_share,population_2020,population_share" + (r.points != nil ? ",points,points_share" : "")
        if let hf = r.huff {
            s += ",expected_area_km2,expected_population" + (hf.expectedPoints != nil ? ",expected_points" : "")
                + ",mean_dominant_probability,min_dominant_probability"
        }
        s += "\n"
        for j in r.hubs.names.indices {
            var row = [String(j), CSVField.text(r.hubs.names[j]), String(format: "%g", r.hubs.mass[j]), String(format: "%.1f", r.areaKm2[j]),
                       String(format: "%.6f", r.areaKm2[j] / r.regionAreaKm2), String(format: "%.0f", r.population[j]),
                       String(format: "%.6f", popTotal > 0 ? r.population[j] / popTotal : 0)]
            if let p = r.points { row += [String(format: "%g", p[j]), String(format: "%.6f", ptTotal > 0 ? p[j] / ptTotal : 0)] }
            if let hf = r.huff {
                row += [String(format: "%.1f", hf.expectedAreaKm2[j]), String(format: "%.0f", hf.expectedPopulation[j])]
                if let e = hf.expectedPoints { row.append(String(format: "%.1f", e[j])) }
                row += [String(format: "%.4f", hf.meanDominantProbability[j]), String(format: "%.4f", hf.minDominantProbability[j])]
            }
            s += row.joined(separator: ",") + "\n"
        }
        if !r.breakpoints.isEmpty {
            s += "\nhub_a,hub_b,distance_km,breakpoint_from_a_km\n"
            for (j, k, b, d) in r.breakpoints {
                s += "\(CSVField.text(r.hubs.names[j])),\(CSVField.text(r.hubs.names[k])),\(String(format: "%.1f", d)),\(String(format: "%.1f", b))\n"
            }
        }
        return s
    }

    static func polygons(_ r: CatchmentResult) throws -> FeatureTable {
        let g = r.allocation
        let polys = try Catchment.polygons(r)
        var t = FeatureTable(name: "catchments", crs: g.crs, geometryKind: .polygon,
                             fields: [Field("hub", .integer), Field("name", .string), Field("mass", .real), Field("area_km2", .real), Field("population_2020", .real)])
        for j in r.hubs.names.indices {
            t.features.append(Feature(geometry: polys[j], values: [.integer(Int64(j)), .string(r.hubs.names[j]), .real(r.hubs.mass[j]),
                                                                           .real((r.areaKm2[j] * 10).rounded() / 10), .real(r.population[j].rounded())]))
        }
        return t
    }

    /// Category colours of the hub index (Tableau 10, as in Figure 5; repeated past ten).
    static let colors: [(UInt8, UInt8, UInt8)] = [(0x4e, 0x79, 0xa7), (0xf2, 0x8e, 0x2b), (0xe1, 0x57, 0x59), (0x76, 0xb7, 0xb2), (0x59, 0xa1, 0x4f),
                                                  (0xed, 0xc9, 0x48), (0xb0, 0x7a, 0xa1), (0xff, 0x9d, 0xa7), (0x9c, 0x75, 0x5f), (0xba, 0xb0, 0xac)]

    /// Dataset metadata: the model and its parameters, and the masses used per hub.
    static func metadata(_ r: CatchmentResult) -> [String: String] {
        let o = r.options
        var m = ["model": o.model.rawValue, "hubs": r.hubs.names.joined(separator: ";"),
                 "cell_m": String(format: "%g", o.cell), "hub_index": "band 1: 0-based hub index (category names in the .aux.xml); -1 outside the region"]
        if o.model != .voronoi && o.model != .cost {
            m["masses"] = zip(r.hubs.names, r.hubs.mass).map { "\($0)=\(String(format: "%.15g", $1))" }.joined(separator: ";")
            m["mass_source"] = r.hubs.massSource
        }
        if o.model == .huff || o.model == .reilly { m["distance_decay_lambda"] = String(format: "%g", o.decay) }
        if o.model == .huff { m["attraction_alpha"] = String(format: "%g", o.attraction) }
        if o.model == .cost {
            m["neighbours"] = String(o.neighbours)
            m["friction"] = o.friction ?? "GeoData friction_10km.tif"
        }
        return m
    }

    static func hubLayer(_ r: CatchmentResult) -> FeatureTable {
        FeatureTable(name: "hubs", crs: .wgs84, geometryKind: .point, fields: [Field("hub", .integer), Field("name", .string), Field("mass", .real)],
                     features: r.hubs.names.indices.map { j in
                         Feature(geometry: .point(r.hubs.lon[j], r.hubs.lat[j]), values: [.integer(Int64(j)), .string(r.hubs.names[j]), .real(r.hubs.mass[j])])
                     })
    }
}
