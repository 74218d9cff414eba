import Foundation
import GeoCore
import GeoIO

/// The raw indicator values per zone, as the config defines them (source / per × scale),
/// with each indicator's source line. Province-table sources exist at province level only;
/// at prefecture level such indicators are dropped and named.
public struct IndexIndicators: Sendable {
    /// zone × indicator (config order); nil where a zone lacks the value.
    public var values: [[Double?]]
    /// Per indicator: where the value comes from.
    public var sources: [String]
    /// Indicators not available at this level, with why.
    public var unavailable: [String: String]

    public init(config: IndexConfig, zones: IndexZones, builder: ZoneSetBuilder, joined: JoinedTable?) throws {
        let inds = config.allIndicators
        let table = config.tableName
        var tableRows: [String: [String: String]]?, tableHeader = [String](), tablePath = ""
        var tableSources = [String: [String: String]]()
        func tableColumn(_ col: String) throws -> [Double?]? {
            guard zones.level == .province else { return nil }
            if tableRows == nil {
                let t = try builder.data.table(table)
                let k = try t.columnIndex("adcode")
                tableRows = Dictionary(t.rows.map { ($0[k], Dictionary(zip(t.header, $0), uniquingKeysWith: { a, _ in a })) }, uniquingKeysWith: { a, _ in a })
                tableHeader = t.header; tablePath = t.path
                if let s = try? builder.data.table(table + "_sources") {
                    for r in s.records { if let c = r["column"] { tableSources[c] = r } }
                }
            }
            guard tableHeader.contains(col) else { throw HinterlandError(tablePath, "no column '\(col)'") }
            return zones.codes.map { code in tableRows![code]?[col].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
        }
        let builtinsWanted = inds.flatMap { ind in [ind.source, ind.per].compactMap { $0 }.filter { $0.hasPrefix("builtin:") }.map { (String($0.dropFirst(8)), ind.parameters) } }
        let builtins = try IndexBuiltins.compute(builtinsWanted, zones: zones, builder: builder)
        func column(_ source: String, parameters: [String: Double]?) throws -> (values: [Double?]?, line: String) {
            let name = String(source.split(separator: ":", maxSplits: 1)[1])
            if source.hasPrefix("builtin:") { return (builtins[name]!, IndexBuiltins.source(name, parameters: parameters)) }
            if source.hasPrefix("table:") {
                let v = try tableColumn(name)
                let s = tableSources[name]
                let line = s.map { "\($0["source"] ?? "") [\($0["year"] ?? ""), \($0["unit"] ?? "")]" } ?? "GeoData/tables/\(table).csv"
                return (v, "GeoData/tables/\(table).csv \(name): \(line)")
            }
            guard let joined else { throw HinterlandError(source, "a column indicator needs a joined table") }
            guard joined.header.contains(name) else { throw HinterlandError(joined.path, "no column '\(name)' for \(source)") }
            return (zones.codes.map { joined.rows[$0]?[name].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }, "joined \(joined.path), column \(name)")
        }
        var values = [[Double?]](repeating: [], count: zones.zones.count)
        var sources = [String](), unavailable = [String: String]()
        for ind in inds {
            let num = try column(ind.source, parameters: ind.parameters)
            var den: (values: [Double?]?, line: String)?
            if let per = ind.per {
                den = try column(per, parameters: ind.parameters)
                try IndexIndicators.checkVintage(ind, tableSources: tableSources)
            }
            var line = num.line + (den.map { "; per " + $0.line } ?? "")
            if let s = ind.scale, s != 1 { line += String(format: "; × %g", s) }
            sources.append(line)
            guard let nv = num.values, den == nil || den!.values != nil else {
                unavailable[ind.id] = "province statistics only"
                for i in values.indices { values[i].append(nil) }
                continue
            }
            for i in values.indices {
                var v = nv[i]
                if let d = den?.values?[i] { v = v.flatMap { d != 0 ? $0 / d : nil } } else if den != nil { v = nil }
                if let s = ind.scale { v = v.map { $0 * s } }
                values[i].append(v.flatMap { $0.isFinite ? $0 : nil })
            }
        }
        self.values = values; self.sources = sources; self.unavailable = unavailable
    }

    /// A ratio of two national-accounts figures must take both from the same release.
    static func checkVintage(_ ind: IndexConfig.Indicator, tableSources: [String: [String: String]]) throws {
        guard ind.source.hasPrefix("table:"), let per = ind.per, per.hasPrefix("table:") else { return }
        let a = tableSources[String(ind.source.dropFirst(6))]?["vintage"] ?? "", b = tableSources[String(per.dropFirst(6))]?["vintage"] ?? ""
        if !a.isEmpty, !b.isEmpty, a != b {
            throw HinterlandError("indicator \(ind.id)", "\(ind.source) (\(a)) over \(per) (\(b)): one vintage per ratio")
        }
    }
}
