import Analysis
import ArgumentParser
import Cartography
import Foundation
import GeoCore
import GeoIO

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Render a MapLibre-style JSON style to SVG, PNG or PDF.",
        discussion: """
        Styles follow the core of the MapLibre style spec (sources, layers of type background, fill,
        line, circle, symbol, raster; get/match/step/interpolate/case/coalesce expressions) with
        Hinterland's page, classification, legend, scale bar, north arrow and South China Sea inset
        settings in metadata.hinterland. See Styles/*.json.

        Examples:
          hinterland map --style Styles/fig1_population_density.json -o density.svg -o density.png
          hinterland map --style my.json --dpi 300 -o my.png
        """
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

    @Option(name: .long, help: "Label language.")
    var lang: LabelLanguage = .zh

    @Flag(name: .long, help: "Let the style read any file, URL (/vsicurl/) or database (PG:); by default only files in its folder, the data folder and --points.")
    var allowAnySource = false

    func run() throws {
        guard !output.isEmpty else { throw HinterlandError("map", "give -o OUT.svg and/or -o OUT.png") }
        for o in output where !["svg", "png", "pdf"].contains((o as NSString).pathExtension.lowercased()) {
            throw HinterlandError(o, "map output must be .svg, .png or .pdf")
        }
        if let width, !(width.isFinite && width >= 1) { throw HinterlandError("--width \(width)", "must be a positive number of pixels") }
        if let dpi, !(dpi.isFinite && dpi > 0) { throw HinterlandError("--dpi \(dpi)", "must be positive") }
        let data = try EmbeddedData()
        let doc = try MapDocument(stylePath: style, data: data, builder: try ZoneSetBuilder(data: data),
                                  userPoints: points.map { ["points": $0] } ?? [:], lang: lang.rawValue, anySource: allowAnySource)
        for w in doc.warnings { Diagnostics.warning(w) }
        let scale = width.map { $0 / doc.list.width } ?? dpi.map { $0 / 96 } ?? 1
        // The outputs share one display list and are independent: write them side by side,
        // and keep them only if all succeed.
        try AtomicOutput.transaction {
            let results = ParallelWrites.run(output.map { o in { try doc.write(to: o, scale: scale) } })
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
