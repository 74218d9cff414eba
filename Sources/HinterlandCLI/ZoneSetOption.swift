import Analysis
import ArgumentParser
import Foundation
import GeoCore

extension Membership: ExpressibleByArgument {}
extension RegionLevel: ExpressibleByArgument {}

/// `--by SET [--key FIELD]`: a named zone set or a polygon file.
struct ZoneSetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Zone set: \(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ")), or a polygon file (with --key).", valueName: "SET|PATH"))
    var by: String

    @Option(name: .long, help: "With a polygon file: the field whose values name the zones.")
    var key: String?

    @Option(name: .long, help: "With a polygon file: a field with display names.")
    var nameField: String?

    @Option(name: .long, help: "With a polygon file: the layer to read (default: the first).")
    var layer: String?

    @Option(name: .long, help: "Hu Line variant for --by huline: geodesic (default) or conic (straight in the China Albers).")
    var line: HuLine.Variant = .geodesic

    @Option(name: .long, help: "For northsouth and thirdfront: classify each prefecture by the geography, or whole provinces by convention.")
    var level: RegionLevel = .prefecture

    @Option(name: .long, help: "For cluster: plan (every prefecture or county the plans name; a city may be in two clusters) or primary (one cluster per prefecture, shares add to 1).")
    var membership: Membership = .plan

    @Flag(name: .long, help: "With a polygon file: fail on invalid polygons instead of repairing them with GEOS make-valid.")
    var strict = false

    func build(with builder: ZoneSetBuilder, geometry: Bool) throws -> ZoneSet {
        if let name = ZoneSetName(rawValue: by) {
            return try builder.build(name, geometry: geometry, huLine: line, level: level, membership: membership)
        }
        guard ZoneSetBuilder.isPolygonSource(by) else {
            throw HinterlandError("--by \(by)", "unknown zone set (known: \(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ")); or give a polygon file with --key)")
        }
        guard let key else {
            throw HinterlandError(by, "a polygon file needs --key FIELD to name its zones")
        }
        let set = try builder.build(path: by, layer: layer, key: key, nameField: nameField, geometry: geometry, strict: strict)
        for r in set.repairs { Diagnostics.warning(r) }
        return set
    }
}
