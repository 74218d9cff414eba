import Analysis
import ArgumentParser
import Cartography
import Foundation
import GeoCore
import GeoIO
import Operations

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Render a MapLibre-style JSON style to SVG, PNG or PDF.",
        discussion: Help.reflow("""
        Styles follow the core of the MapLibre style spec (sources, layers of type background, fill,
        line, circle, symbol, raster; get/match/step/interpolate/case/coalesce expressions) with
        Hinterland's page, classification, legend, scale bar, north arrow and South China Sea inset
        settings in metadata.hinterland. See Styles/*.json.

        Examples:
          hinterland map --style Styles/fig1_population_density.json -o density.svg -o density.png
          hinterland map --style my.json --dpi 300 -o my.png
          hinterland map --style Styles/fig1_population_density.json --basemap 标准地图.gpkg --approval "GS(2019)1822号" -o fig1.pdf
          hinterland map --style Styles/fig4_point_density.json --format geopdf -o fig4.pdf
        """)
    )

    @Option(name: .long, help: "The style JSON.")
    var style: String

    @Option(name: .shortAndLong, help: "Output .svg, .png or .pdf (repeatable; one render, several files).")
    var output: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "PNG width in pixels (default: the page width).")
    var width: Double?

    @Option(name: .long, parsing: .unconditional, help: "PNG resolution, taking the page as 96 dpi (e.g. 300).")
    var dpi: Double?

    @Option(name: .long, help: "A point layer for sources that use points (default: the county seats weighted by census 2020 population).")
    var points: String?

    @Option(name: .long, help: "Language of every text on the map (zh or en).")
    var lang: Language = .zh

    @Option(name: .long, help: ArgumentHelp("Write a QGIS style (LAYER_ID.qml) for each fill, line and circle layer into this folder.", valueName: "DIR"))
    var exportQml: String?

    @Option(name: .long, help: ArgumentHelp("Write an OGC SLD 1.1 style (LAYER_ID.sld) for each fill, line and circle layer into this folder.", valueName: "DIR"))
    var exportSld: String?

    @Option(name: .long, help: "A base map (any GDAL vector, e.g. the standard map's boundaries) drawn instead of the embedded boundaries.")
    var basemap: String?

    @Option(name: .long, help: "The base map's approval number (审图号, e.g. \"GS(2019)1822号\"), printed under the map.")
    var approval: String?

    @Option(name: .long, help: "geopdf: write .pdf outputs as georeferenced PDF with GDAL's PDF driver (a raster page) instead of vector PDF.")
    var format: String?

    @Flag(name: .long, help: "Let the style read any file, URL (/vsicurl/) or database (PG:); by default only files in its folder, the data folder and --points.")
    var allowAnySource = false

    func run() throws {
        if exportQml != nil || exportSld != nil {
            let context = try cliContext()
            let sources = StyleSources(context: context, userPoints: points.map { ["points": $0] } ?? [:])
            let access = SourceAccess(folders: [context.data.root], files: [points].compactMap { $0 }, any: allowAnySource)
            let (styles, warnings) = try GISStyleExport.layerStyles(stylePath: style, data: context.data, sources: sources, access: access)
            for w in warnings { Diagnostics.warning(w) }
            try GISStyleExport.write(styles, qmlDirectory: exportQml, sldDirectory: exportSld)
            if output.isEmpty { return }
        }
        guard !output.isEmpty else { throw HinterlandError("map", "give -o OUT.svg and/or -o OUT.png") }
        for o in output where !["svg", "png", "pdf"].contains((o as NSString).pathExtension.lowercased()) {
            throw HinterlandError(o, "map output must be .svg, .png or .pdf")
        }
        if let width, !(width.isFinite && width >= 1) { throw HinterlandError("--width \(width)", "must be a positive number of pixels") }
        if let dpi, !(dpi.isFinite && dpi > 0) { throw HinterlandError("--dpi \(dpi)", "must be positive") }
        if let format, format != "geopdf" { throw HinterlandError("--format \(format)", "use geopdf (other formats follow the output's extension)") }
        var q = MapRequest()
        q.style = style; q.points = points; q.lang = lang; q.basemap = basemap; q.approval = approval; q.allowAnySource = allowAnySource
        try q.validate()
        let context = try cliContext()
        let doc = try q.document(context)
        for w in doc.warnings { Diagnostics.warning(w) }
        let scale = width.map { $0 / doc.list.width } ?? dpi.map { $0 / 96 } ?? 1
        // The outputs share one display list and are independent: write them side by side,
        // and keep them only if all succeed.
        try AtomicOutput.transaction {
            let results = ParallelWrites.run(output.map { o in { try doc.write(to: o, scale: scale, geopdf: format == "geopdf") } })
            if let e = results.first(where: { $0 != nil }) { throw e! }
        }
    }
}

/// Runs independent throwing jobs on all cores; returns each job's error (nil on success).
enum ParallelWrites {
    static func run(_ jobs: [() throws -> Void]) -> [Error?] {
        final class Box: @unchecked Sendable { var errors: [Error?]; init(_ n: Int) { errors = [Error?](repeating: nil, count: n) } }
        let box = Box(jobs.count)
        let lock = NSLock()
        let shared = UncheckedJobs(jobs)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            do { try shared.jobs[i]() } catch { lock.lock(); box.errors[i] = error; lock.unlock() }
        }
        return box.errors
    }

    struct UncheckedJobs: @unchecked Sendable {
        let jobs: [() throws -> Void]
        init(_ j: [() throws -> Void]) { jobs = j }
    }
}
