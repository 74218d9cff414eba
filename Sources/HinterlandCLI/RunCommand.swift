import ArgumentParser
import Foundation
import GeoCore
import Operations

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a study: a list of analyses and maps in one JSON file, inputs read once, all outputs or none.",
        discussion: Help.reflow("""
        A study file lists named steps, each one request (zones, stats, density, zonal, huline,
        catchment, units, index, map) with the same keys as the command's options in snake_case,
        and the files it writes (outputs, by extension; tables: a pattern with {table}). inputs
        names point layers that steps share; workbook collects every table in one .xlsx. Paths
        are relative to the study file. Every step is checked before anything runs.

        Example: hinterland run Output/study.json
        """)
    )

    @Argument(help: "The study file (JSON).")
    var study: String

    @Flag(name: .long, help: "No progress lines.")
    var quiet = false

    func run() throws {
        let s = try Study.load(study)
        var runner = StudyRunner(study: s)
        let total = s.steps.count
        if !quiet && isatty(2) != 0 {
            runner.progress = { k, step, t in
                if let t { Diagnostics.note(String(format: "[%d/%d] %@ (%.1f s)", k + 1, total, step.name, t)) }
            }
        }
        let files = try runner.run(try cliContext())
        if !quiet { Diagnostics.note("wrote \(files.count) files for \(total) steps") }
    }
}
