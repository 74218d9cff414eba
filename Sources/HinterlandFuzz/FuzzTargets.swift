import Analysis
import Cartography
import Foundation
import GeoIO

/// libFuzzer entry point (`make fuzz`). HINTERLAND_FUZZ_TARGET picks the parser: csv (point
/// reader), geojson (zone layers: the fast reader, OGR where it declines), style (map styles
/// and their expressions), units or index (configs). Every input
/// must end in a value or a thrown error; a trap (index out of range, overflow, a forced
/// unwrap of nil) is a finding.
let target = ProcessInfo.processInfo.environment["HINTERLAND_FUZZ_TARGET"] ?? "csv"
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hinterland-fuzz-\(getpid())").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let ext = target == "csv" ? "csv" : target == "geojson" ? "geojson" : "json"
    let path = "\(scratch).\(ext)"
    guard (try? bytes.write(to: URL(fileURLWithPath: path))) != nil else { return 0 }
    switch target {
    case "csv":
        _ = try? PointReader.read(path: path, options: PointReadOptions(weight: size % 2 == 0 ? "w" : nil, category: size % 3 == 0 ? "c" : nil))
        _ = try? CSVTable(path: path)
    case "geojson":
        _ = try? VectorReader.read(path: path)
    case "style":
        if let style = try? MapStyle.load(path) {
            for l in style.layers {
                for (k, v) in l.paint { _ = (try? StyleExpression.parse(v, at: k, file: path))?.evaluate(["a": .number(1), "b": .string("x")]) }
            }
        }
    case "units":
        _ = try? UnitConfig.load(path)
    case "index":
        _ = try? IndexConfig.load(path)
    default:
        break
    }
    return 0
}

#if !FUZZING
/// Without libFuzzer (a normal build), the harness replays files: `HinterlandFuzz FILE…`,
/// to reproduce a crash that fuzzing saved.
@main
struct Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let d = FileManager.default.contents(atPath: path) else { continue }
            _ = d.withUnsafeBytes { fuzzOne($0.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, d.count) }
        }
    }
}
#endif
