import Analysis
import ArgumentParser
import Cartography
import Foundation
import GeoCore
import GeoIO
import Operations

struct FiguresCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Render the standard figures (Styles/fig*.json) as SVG + PNG with the tables behind them, and the zone tables.",
        discussion: Help.reflow("""
        1 population density by province with the Hu Line; 2 urban-cluster shares of a point layer;
        3 four regions / seven regions / north–south shares; 4 point density (KDE); 5 Huff catchments
        of the computing hubs; 6 strategic hub + hinterland units; 7 the national pattern (corridors,
        hubs, hinterland candidates); 8 the hinterland suitability index, with a rank plot of its
        5–95 % rank intervals over 1,000 perturbed runs. Without --points, the point
        layer is the county seats weighted by census 2020 population (the captions say so).

        Example: hinterland figures --out Output --points firms.csv
        """)
    )

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String = "Output"

    @Option(name: .long, help: "A point layer for the figures that count points.")
    var points: String?

    @Option(name: .long, parsing: .unconditional, help: "PNG scale (1 = the 1600 px page).")
    var scale: Double = 1

    @Option(name: .long, help: "Language of every text on the figures (zh or en).")
    var lang: Language = .zh

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        guard scale.isFinite && scale > 0 else { throw HinterlandError("--scale \(scale)", "must be positive") }
        let created = !FileManager.default.fileExists(atPath: out)
        try AtomicOutput.makeFolder(out)
        let start = Date()
        let context = try cliContext()
        var study = try Self.study(styles: Self.stylesFolder(context.data), out: out, points: points, lang: lang)
        study.options.scale = scale
        var runner = StudyRunner(study: study)
        if !quiet && isatty(2) != 0 { runner.progress = { _, step, t in if let t { Diagnostics.note(String(format: "%@ (%.1f s)", step.name, t)) } } }
        // All figures and tables appear together or not at all (a folder made for them goes too).
        do { _ = try runner.run(context) } catch {
            if created { rmdir(out) }
            throw error
        }
        let figures = study.steps.filter { $0.kind == MapRequest.kind }.count
        if !quiet { Diagnostics.note(String(format: "wrote %d figures and %d zone tables to %@ in %.1f s", figures, study.steps.count - figures, out, Date().timeIntervalSince(start))) }
    }

    /// Styles/ next to GeoData/.
    static func stylesFolder(_ data: EmbeddedData) -> String {
        ((data.root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Styles")
    }

    /// The standard figures as a study: every zone set's table, then every Styles/fig*.json as
    /// SVG and PNG with the tables behind it (Output/study.json is the same study as a file).
    static func study(styles: String, out: String, points: String?, lang: Language = .zh) throws -> Study {
        var steps = ZoneSetName.allCases.map { name -> StudyStep in
            var q = ZonesRequest(); q.by = name.rawValue
            return StudyStep(name: "zones_\(name.rawValue)", request: q, outputs: ["zones_\(name.rawValue).csv"])
        }
        let absolute = (styles as NSString).isAbsolutePath ? styles : FileManager.default.currentDirectoryPath + "/" + styles
        let userPoints = points.map { ($0 as NSString).isAbsolutePath ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
        for f in try FileManager.default.contentsOfDirectory(atPath: styles).filter({ $0.hasPrefix("fig") && $0.hasSuffix(".json") }).sorted() {
            let base = (f as NSString).deletingPathExtension
            var q = MapRequest(); q.style = "\(absolute)/\(f)"; q.points = userPoints; q.lang = lang
            steps.append(StudyStep(name: base, request: q, outputs: ["\(base).svg", "\(base).png"], tables: "\(base)_{table}.csv"))
            if base == "fig8_hinterland_index" {
                // The rank plot beside the map: the same index with 1,000 perturbed runs.
                let ranks = IndexRequest(sensitivity: 1000, seed: 1)
                steps.append(StudyStep(name: base + "_ranks", request: ranks, outputs: ["\(base)_ranks.svg", "\(base)_ranks.png", "\(base)_ranks.csv"]))
            }
        }
        return Study(path: out + "/figures.json", steps: steps)
    }
}
