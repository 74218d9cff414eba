import Analysis
import ArgumentParser
import Cartography
import Foundation
import GeoCore
import GeoIO

struct FiguresCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Render the standard figures (Styles/fig*.json) as SVG + PNG with the tables behind them, and the zone tables.",
        discussion: """
        1 population density by province with the Hu Line; 2 urban-cluster shares of a point layer;
        3 four regions / seven regions / north–south shares; 4 point density (KDE); 5 Huff catchments
        of the computing hubs; 6 strategic hub + hinterland units; 7 the national pattern (corridors,
        hubs, hinterland candidates); 8 the hinterland suitability index. Without --points, the point
        layer is the county seats weighted by census 2020 population (the captions say so).

        Example: hinterland figures --out Output --points firms.csv
        """
    )

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String = "Output"

    @Option(name: .long, help: "A point layer for the figures that count points.")
    var points: String?

    @Option(name: .long, parsing: .unconditional, help: "PNG scale (1 = the 1600 px page).")
    var scale: Double = 1

    @Option(name: .long, help: "Language of every text on the figures (zh or en).")
    var lang: LabelLanguage = .zh

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    @OptionGroup var csvOptions: CSVOptions

    func run() throws {
        guard scale.isFinite && scale > 0 else { throw HinterlandError("--scale \(scale)", "must be positive") }
        let created = !FileManager.default.fileExists(atPath: out)
        try AtomicOutput.makeFolder(out)
        let start = Date()
        var count = 0
        // All figures and tables appear together or not at all (a folder made for them goes too).
        do { try AtomicOutput.transaction { count = try write() } } catch {
            if created { rmdir(out) }
            throw error
        }
        if !quiet { Diagnostics.note(String(format: "wrote %d figures and %d zone tables to %@ in %.1f s", count, ZoneSetName.allCases.count, out, Date().timeIntervalSince(start))) }
    }

    private func write() throws -> Int {
        let data = try EmbeddedData()
        let builder = try ZoneSetBuilder(data: data)
        let progress = !quiet && isatty(2) != 0
        for name in ZoneSetName.allCases {
            let set = try builder.build(name)
            try AtomicOutput.write(text: set.csv(), to: "\(out)/zones_\(name.rawValue).csv")
        }
        let styles = ((data.root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Styles")
        let files = try FileManager.default.contentsOfDirectory(atPath: styles).filter { $0.hasPrefix("fig") && $0.hasSuffix(".json") }.sorted()
        for f in files {
            let t0 = Date()
            let base = (f as NSString).deletingPathExtension
            let doc = try MapDocument(stylePath: "\(styles)/\(f)", data: data, builder: builder, userPoints: points.map { ["points": $0] } ?? [:], lang: lang.rawValue)
            for w in doc.warnings { Diagnostics.warning(w) }
            try doc.write(to: "\(out)/\(base).svg")
            try doc.write(to: "\(out)/\(base).png", scale: scale)
            for (k, csv) in doc.tables.sorted(by: { $0.key < $1.key }) { try AtomicOutput.write(text: csv, to: "\(out)/\(base)_\(k).csv") }
            if progress { Diagnostics.note(String(format: "%@ (%.1f s)", base, Date().timeIntervalSince(t0))) }
        }
        return files.count
    }
}
