import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an embedded or computed layer to GeoPackage, GeoJSON, FlatGeobuf, Shapefile or PostGIS.",
        discussion: Help.reflow("""
        Layers: the embedded ones (hinterland layers), zones:SET for any zone set with its table
        (zones:region4, zones:cluster, zones:huline …), and hu_line (the line itself).
        The format follows the output: .gpkg, .geojson, .fgb, .shp (UTF-8, with .cpg), or
        PG:"dbname=… host=…" for PostGIS (the table is replaced).

        Examples:
          hinterland export --layer provinces -o provinces.gpkg
          hinterland export --layer zones:cluster -o clusters.fgb
          hinterland export --layer counties --crs "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105" -o counties.shp
          hinterland export --layer prefectures -o PG:"dbname=gis host=127.0.0.1"
        """)
    )

    @Option(name: .long, help: "Layer name: an embedded layer, zones:SET, or hu_line.")
    var layer: String

    @Option(name: .shortAndLong, help: "Output path or PG: connection.")
    var output: String

    @Option(name: .long, help: "Reproject to this CRS (EPSG code, WKT or PROJ string); default WGS84.")
    var crs: String?

    @Option(name: .long, help: "Hu Line variant for hu_line and zones:huline: geodesic or conic.")
    var line: HuLine.Variant = .geodesic

    @Option(name: .long, help: "Name of the layer/table written (default: the layer name).")
    var name: String?

    func run() throws {
        _ = try VectorFormat.forPath(output)  // fail on a bad extension before any work
        var table = try ExportCommand.resolve(layer: layer, line: line)
        if let name { table.name = name }
        if let crs {
            table = try table.reprojected(to: CRS(crs))
        }
        try VectorWriter.write([table], to: output)
        Diagnostics.note("wrote \(table.features.count) features of \(table.name) to \(output)")
    }

    static func resolve(layer: String, line variant: HuLine.Variant) throws -> FeatureTable {
        let data = try EmbeddedData()
        if layer.hasPrefix("zones:") {
            let setName = String(layer.dropFirst(6))
            guard let set = ZoneSetName(rawValue: setName) else {
                throw HinterlandError("--layer \(layer)", "unknown zone set '\(setName)' (known: \(ZoneSetName.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let builder = try ZoneSetBuilder(data: data)
            return try builder.build(set, geometry: true, huLine: variant).featureTable(name: "zones_\(setName)")
        }
        if layer == "hu_line" {
            let hu = try HuLine(variant: variant)
            return FeatureTable(name: "hu_line", crs: .wgs84, geometryKind: .lineString,
                                fields: [Field("name", .string), Field("variant", .string)],
                                features: [Feature(geometry: hu.line, values: [.string("胡焕庸线 Heihe–Tengchong"), .string(variant.rawValue)])])
        }
        return try data.layer(layer)
    }
}
