import Foundation
import GeoCore
import GeoIO

/// Runs a study's steps in order with one context (inputs read once), writing every output
/// in one transaction: all files appear, or none.
public struct StudyRunner {
    public var study: Study
    /// Called before and after each step (for a progress line on a terminal).
    public var progress: ((Int, StudyStep, Double?) -> Void)?

    public init(study: Study) { self.study = study }

    /// Runs the study from its folder; returns the files written.
    public func run(_ context: RunContext) throws -> [String] {
        var written = [String]()
        var sheets = [Workbook.Sheet]()
        var readme: [(String, String)] = [("study", study.title ?? (study.path as NSString).lastPathComponent)]
        let cwd = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(study.folder) else { throw HinterlandError(study.folder, "cannot enter the study's folder") }
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        try AtomicOutput.transaction {
            for (k, step) in study.steps.enumerated() {
                progress?(k, step, nil)
                let start = Date()
                let result: OperationResult
                do { result = try step.request.run(context) } catch let e as FieldError {
                    throw e.spelled { "\(study.path): steps[\(k)] (\(step.name)).\(step.kind).\(FieldError.snake($0))" }
                }
                for n in result.notes { context.note("\(step.name): \(n)") }
                for f in step.outputs {
                    try Self.makeParent(f)
                    try ResultWriter.write(result, to: f, options: study.options, readme: readme + result.notes.map { ("method", $0) })
                    written.append(f)
                }
                if let pattern = step.tables {
                    for t in result.tables {
                        let f = pattern.replacingOccurrences(of: "{table}", with: t.name)
                        try Self.makeParent(f)
                        try AtomicOutput.write(text: ResultWriter.bytes(t.csv, bom: study.options.bom), to: f)
                        written.append(f)
                    }
                }
                sheets += result.tables.map { Workbook.Sheet(name: result.tables.count > 1 ? "\(step.name)_\($0.name)" : step.name, csv: $0.csv) }
                readme += result.notes.map { ("\(step.name)", $0) }
                progress?(k, step, Date().timeIntervalSince(start))
            }
            if let wb = study.workbook {
                try Self.makeParent(wb)
                try Workbook.write(sheets, readme: readme + [("sources", "see GeoData/README.md of Hinterland for every embedded table's source")], to: wb)
                written.append(wb)
            }
        }
        return written
    }

    static func makeParent(_ path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) { try AtomicOutput.makeFolder(dir) }
    }
}
