import Foundation
import Analysis
import GeoCore
import GeoIO

/// A study: a list of requests run in one go with shared inputs, written into one folder
/// plus, optionally, one workbook of all tables.
///
/// ```json
/// { "inputs": { "firms": { "path": "firms.csv", "weight": "staff" } },
///   "workbook": "tables.xlsx", "bom": true,
///   "steps": [
///     { "name": "clusters", "stats": { "points": "firms", "by": ["cluster"], "min_share": 0.05 },
///       "outputs": ["clusters.csv"] },
///     { "name": "fig2", "map": { "style": "../Styles/fig2_cluster_shares.json", "points": "firms.csv" },
///       "outputs": ["fig2.svg", "fig2.png"], "tables": "fig2_{table}.csv" } ] }
/// ```
/// Paths are relative to the study file. Every step is decoded and checked before anything
/// runs; an error names the file, the step and the field.
public struct Study {
    public var path: String
    public var steps: [StudyStep]
    public var workbook: String?
    public var options = ResultWriter.Options()
    public var title: String?

    public init(path: String, steps: [StudyStep], workbook: String? = nil) {
        self.path = path; self.steps = steps; self.workbook = workbook
    }

    /// The folder paths in the study are relative to.
    public var folder: String { (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent }

    public static func load(_ path: String) throws -> Study {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "cannot read the study file") }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: data) } catch {
            throw HinterlandError(path, "not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"))")
        }
        guard let top = any as? [String: Any] else { throw HinterlandError(path, "a study is a JSON object with steps") }
        for k in top.keys where !["title", "inputs", "steps", "workbook", "bom", "scale"].contains(k) {
            throw HinterlandError("\(path): \(k)", "unknown key (known: title, inputs, steps, workbook, bom, scale)")
        }
        let inputs = top["inputs"] as? [String: Any] ?? [:]
        guard let list = top["steps"] as? [Any], !list.isEmpty else { throw HinterlandError("\(path): steps", "give a list of steps") }
        var study = Study(path: path, steps: [], workbook: top["workbook"] as? String)
        study.title = top["title"] as? String
        study.options.bom = top["bom"] as? Bool ?? false
        study.options.scale = top["scale"] as? Double ?? 1
        var names = Set<String>(), files = Set<String>()
        // Paths in the steps are relative to the study file, also while they are checked.
        let cwd = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(study.folder) else { throw HinterlandError(study.folder, "cannot enter the study's folder") }
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        for (k, entry) in list.enumerated() {
            guard let o = entry as? [String: Any] else { throw HinterlandError("\(path): steps[\(k)]", "a step is an object") }
            let name = o["name"] as? String ?? "step\(k + 1)"
            let at = "\(path): steps[\(k)] (\(name))"
            let kinds = o.keys.filter { StudyStep.kinds[$0] != nil }
            guard kinds.count == 1, let kind = kinds.first, let body = o[kind] as? [String: Any] else {
                throw HinterlandError(at, "give exactly one request: \(StudyStep.kinds.keys.sorted().joined(separator: ", "))")
            }
            for key in o.keys where ![kind, "name", "outputs", "output", "tables"].contains(key) {
                throw HinterlandError("\(at).\(key)", "unknown key (known: name, outputs, tables, and one request)")
            }
            guard names.insert(name).inserted else { throw HinterlandError(at, "two steps are named \(name)") }
            let request = try decode(kind, substitute(body, inputs: inputs, at: "\(at).\(kind)"), at: "\(at).\(kind)")
            let outputs = (o["outputs"] as? [String]) ?? (o["output"] as? String).map { [$0] } ?? []
            if o["outputs"] != nil && o["outputs"] as? [String] == nil { throw HinterlandError("\(at).outputs", "expected a list of file names") }
            let tables = o["tables"] as? String
            if let tables, !tables.contains("{table}") { throw HinterlandError("\(at).tables", "a file name pattern with {table}") }
            guard !outputs.isEmpty || tables != nil || study.workbook != nil else { throw HinterlandError(at, "no outputs (give outputs, tables or the study's workbook)") }
            for f in outputs {
                guard let k = ResultWriter.kind(of: f) else { throw HinterlandError("\(at).outputs", "\(f): cannot tell the format from the extension") }
                if k == .map && ![MapRequest.kind, IndexRequest.kind].contains(kind) { throw HinterlandError("\(at).outputs", "\(f): only map and index steps draw figures") }
                if k == .raster && ![DensityRequest.kind, CatchmentRequest.kind].contains(kind) { throw HinterlandError("\(at).outputs", "\(f): \(kind) gives no raster") }
                guard files.insert(f).inserted else { throw HinterlandError("\(at).outputs", "\(f) is written by an earlier step") }
            }
            study.steps.append(StudyStep(name: name, request: request, outputs: outputs, tables: tables))
        }
        return study
    }

    static func decode(_ kind: String, _ body: [String: Any], at: String) throws -> any Operation {
        // The kind was looked up in `StudyStep.kinds` already; its type decodes the body.
        try RequestDecoding.decode(StudyStep.kinds[kind]!, from: body, at: at)
    }

    /// Named inputs stand in for `points` (a name, or a list of names).
    static func substitute(_ body: [String: Any], inputs: [String: Any], at: String) throws -> [String: Any] {
        var b = body
        func resolve(_ v: Any) -> Any { (v as? String).flatMap { inputs[$0] } ?? v }
        if let p = b["points"] { b["points"] = (p as? [Any]).map { $0.map(resolve) } ?? resolve(p) }
        return b
    }
}
