import Foundation
import GeoCore

/// A zone set as a table: CSV, JSON, or a layer with geometry. The columns are the same in
/// every form: zone, name, name_en, area_km2 (administrative polygon), land_area_km2,
/// official_area_km2 (yearbook, where known), population_2020, density_per_km2 (over the land
/// area unless the set was measured on the administrative area), members, population_note.
extension ZoneSet {
    static let columns = ["zone", "name", "name_en", "area_km2", "land_area_km2", "official_area_km2", "population_2020",
                          "density_per_km2", "members", "population_note"]

    private func cells(_ z: Zone) -> [String] {
        [z.code, z.name, z.nameEn, String(format: "%.1f", z.areaKm2), z.landAreaKm2.map { String(format: "%.1f", $0) } ?? "",
         z.officialAreaKm2.map { String(format: "%.2f", $0) } ?? "", z.population.map(String.init) ?? "",
         z.density.map { String(format: "%.2f", $0) } ?? "", z.members.joined(separator: " "), z.populationNote]
    }

    /// RFC 4180 CSV, UTF-8, LF line ends; deterministic.
    public func csv() -> String {
        var out = ZoneSet.columns.joined(separator: ",") + "\n"
        let textColumns = Set(["zone", "name", "name_en", "members", "population_note"].compactMap { ZoneSet.columns.firstIndex(of: $0) })
        for z in zones { out += cells(z).enumerated().map { textColumns.contains($0.offset) ? CSVField.text($0.element) : CSVField.escape($0.element) }.joined(separator: ",") + "\n" }
        return out
    }

    /// JSON with the method note and one object per zone; keys sorted, deterministic.
    public func json() throws -> String {
        struct Row: Encodable {
            var zone, name, name_en: String
            var area_km2: Double
            var land_area_km2: Double?
            var official_area_km2: Double?
            var population_2020: Int64?
            var density_per_km2: Double?
            var members: [String]
            var population_note: String
        }
        struct Doc: Encodable {
            var zone_set, description, method: String
            var area_unit = "km2, ellipsoidal (WGS84)"
            var density_area: String
            var zones: [Row]
        }
        let rows = zones.map { z in
            Row(zone: z.code, name: z.name, name_en: z.nameEn, area_km2: (z.areaKm2 * 10).rounded() / 10,
                land_area_km2: z.landAreaKm2.map { ($0 * 10).rounded() / 10 }, official_area_km2: z.officialAreaKm2,
                population_2020: z.population, density_per_km2: z.density.map { ($0 * 100).rounded() / 100 },
                members: z.members, population_note: z.populationNote)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(Doc(zone_set: name, description: description, method: method,
                                          density_area: zones.first?.areaBasis.rawValue ?? AreaBasis.land.rawValue, zones: rows))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The zones as a WGS84 layer (geometry where the set was built with geometry).
    public func featureTable(name layerName: String? = nil) -> FeatureTable {
        var t = FeatureTable(name: layerName ?? "zones_\(name)", crs: .wgs84, geometryKind: .polygon, fields: [
            Field("zone", .string), Field("name", .string), Field("name_en", .string), Field("area_km2", .real),
            Field("land_area_km2", .real), Field("official_area_km2", .real), Field("population_2020", .integer), Field("density_per_km2", .real), Field("members", .string),
            Field("population_note", .string),
        ])
        for z in zones {
            t.features.append(Feature(geometry: z.geometry, values: [
                .string(z.code), .string(z.name), .string(z.nameEn), .real((z.areaKm2 * 10).rounded() / 10),
                z.landAreaKm2.map { .real(($0 * 10).rounded() / 10) } ?? .null, z.officialAreaKm2.map { .real($0) } ?? .null,
                z.population.map { .integer($0) } ?? .null, z.density.map { .real(($0 * 100).rounded() / 100) } ?? .null,
                .string(z.members.joined(separator: " ")), .string(z.populationNote),
            ]))
        }
        return t
    }
}

/// CSV field quoting (RFC 4180), and protection of text cells against spreadsheet formula
/// injection.
public enum CSVField {
    /// Whether text cells that a spreadsheet would take for a formula get a leading quote.
    nonisolated(unsafe) public static var protectsFormulas = true

    /// A text cell (names, codes, notes from the data): one starting with =, +, -, @, a tab or
    /// a carriage return is prefixed with a single quote (OWASP's advice: spreadsheets show it
    /// as text instead of evaluating it), then quoted as needed.
    public static func text(_ s: String) -> String {
        guard protectsFormulas, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return escape(s) }
        return escape("'" + s)
    }

    /// A numeric cell (or any cell written by the program itself): quoting only, so that
    /// negative numbers stay numbers.
    public static func escape(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
