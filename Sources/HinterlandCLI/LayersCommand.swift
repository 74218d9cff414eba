import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "List the embedded layers and reference tables.",
        discussion: "Example: hinterland layers"
    )

    func run() throws {
        let data = try EmbeddedData()
        print("layer\tgeometry\tfeatures\tcrs\tdescription\tsource")
        for entry in EmbeddedData.catalog {
            let t = try data.layer(entry.name)
            print([entry.name, t.geometryKind?.rawValue ?? "none", String(t.features.count), t.crs.definition,
                   entry.description, entry.source].joined(separator: "\t"))
        }
        print("computed\tPolygon\t-\tEPSG:4326\tzones:SET for any zone set (\(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", "))); hu_line\tthis tool")
        print("")
        print("table\trows\tsource")
        let dir = data.root + "/tables"
        for f in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where f.hasSuffix(".csv") {
            let t = try data.table(String(f.dropLast(4)))
            let src = t.records.first?["source"].map { String($0.prefix(90)) } ?? ""
            print("\(f)\t\(t.rows.count)\t\(src)")
        }
    }
}
