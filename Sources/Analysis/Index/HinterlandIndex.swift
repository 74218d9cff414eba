import Foundation
import GeoCore
import GeoIO
import Kernels

/// A hinterland suitability index per zone from the four criteria of Liu and Shang 2025 (endowment, hub
/// location and transport, industrial gradient against the coast, industrial base), each a
/// weighted mean of normalised indicators. An indicator missing for a zone is left out of
/// that zone's means (weights renormalised) and named in its `missing` column, never
/// treated as zero.
public struct HinterlandIndex: Sendable {
    public static let builtins = ["population_2020", "area_km2", "density_per_km2", "dist_seaport_km", "dist_computing_hub_km",
                                  "dist_gateway_km", "computing_hubs", "elevation_mean_m"]

    public var zones: [Zone]
    public var indicatorNames: [String]
    public var raw: [[Double?]]            // zone × indicator
    public var criterionScores: [[Double?]] // zone × criterion
    public var composite: [Double?]
    public var rank: [Int?]
    public var missing: [[String]]
    public var criterionNames: [String]

    public init(config: IndexConfig, set: ZoneSet, builder: ZoneSetBuilder, joined: [String: [String: String]]?, joinPath: String?) throws {
        zones = set.zones
        let needed = Set(config.criteria.flatMap { $0.indicators.map(\.source) })
        let builtinValues = try HinterlandIndex.builtinIndicators(needed.filter { $0.hasPrefix("builtin:") }.map { String($0.dropFirst(8)) },
                                                                  set: set, builder: builder)
        var names = [String](), raw = [[Double?]](repeating: [], count: set.zones.count)
        for c in config.criteria { for ind in c.indicators where !names.contains(ind.source) {
            names.append(ind.source)
            for (i, z) in set.zones.enumerated() {
                let v: Double?
                if ind.source.hasPrefix("builtin:") { v = builtinValues[String(ind.source.dropFirst(8))]?[i] } else {
                    let col = String(ind.source.dropFirst(7))
                    guard let joined else { throw HinterlandError(ind.source, "a column indicator needs a joined CSV table") }
                    if i == 0, !joined.values.contains(where: { $0[col] != nil }) {
                        throw HinterlandError(joinPath ?? "joined table", "no column '\(col)' for \(ind.source)")
                    }
                    v = joined[z.code]?[col].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                }
                raw[i].append(v.flatMap { $0.isFinite ? $0 : nil })
            }
        } }
        indicatorNames = names
        self.raw = raw
        // Normalise each indicator over the zones that have it.
        var norm = [[Double?]](repeating: [Double?](repeating: nil, count: names.count), count: zones.count)
        for (k, name) in names.enumerated() {
            let ind = config.criteria.flatMap(\.indicators).first { $0.source == name }!
            let method = ind.normalize ?? config.normalize ?? "minmax"
            let vals = raw.compactMap { $0[k] }
            guard !vals.isEmpty else { continue }
            let lo = vals.min()!, hi = vals.max()!
            let mean = vals.reduce(0, +) / Double(vals.count)
            let sd = (vals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(vals.count)).squareRoot()
            for i in zones.indices {
                guard let v = raw[i][k] else { continue }
                var s = method == "zscore" ? (sd > 0 ? (v - mean) / sd : 0) : (hi > lo ? (v - lo) / (hi - lo) : 0.5)
                if ind.direction == "-" { s = method == "zscore" ? -s : 1 - s }
                norm[i][k] = s
            }
        }
        criterionNames = config.criteria.map(\.name)
        criterionScores = []; composite = []; missing = []
        for i in zones.indices {
            var scores = [Double?](), miss = [String]()
            var num = 0.0, den = 0.0
            for c in config.criteria {
                var cn = 0.0, cd = 0.0
                for ind in c.indicators {
                    let k = names.firstIndex(of: ind.source)!
                    if let s = norm[i][k] { cn += ind.weight * s; cd += ind.weight } else if !miss.contains(ind.source) { miss.append(ind.source) }
                }
                let score = cd > 0 ? cn / cd : nil
                scores.append(score)
                if let score { num += c.weight * score; den += c.weight }
            }
            criterionScores.append(scores); missing.append(miss)
            composite.append(den > 0 ? num / den : nil)
        }
        let comp = composite, zs = zones
        let order = zs.indices.filter { comp[$0] != nil }.sorted { comp[$0]! != comp[$1]! ? comp[$0]! > comp[$1]! : zs[$0].code < zs[$1].code }
        rank = [Int?](repeating: nil, count: zones.count)
        for (r, i) in order.enumerated() { rank[i] = r + 1 }
    }

    /// Built-in indicators from GeoData, per zone of a named set (WGS84 geometry needed).
    static func builtinIndicators(_ names: [String], set: ZoneSet, builder: ZoneSetBuilder) throws -> [String: [Double?]] {
        var out = [String: [Double?]]()
        let data = builder.data
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers)
        // Interior points of the zones, in the Albers, for distances.
        let interior: [(Double, Double)?] = set.zones.map { z in
            guard let g = z.geometry, let p = GeometryOperations.pointOnSurface(g) else { return nil }
            let q = fwd.apply(x: p.x, y: p.y); return (q.x, q.y)
        }
        func nearestKm(_ lon: [Double], _ lat: [Double]) -> [Double?] {
            var xs = lon, ys = lat
            fwd.apply(xs: &xs, ys: &ys)
            return interior.map { p in
                guard let p else { return nil }
                return zip(xs, ys).map { (($0 - p.0) * ($0 - p.0) + ($1 - p.1) * ($1 - p.1)).squareRoot() / 1000 }.min()
            }
        }
        func table(_ t: String, _ lon: String, _ lat: String) throws -> ([Double], [Double]) {
            let r = try data.table(t).records
            return (r.map { Double($0[lon]!)! }, r.map { Double($0[lat]!)! })
        }
        for n in names {
            switch n {
            case "population_2020": out[n] = set.zones.map { $0.population.map(Double.init) }
            case "area_km2": out[n] = set.zones.map { $0.areaKm2 }
            case "density_per_km2": out[n] = set.zones.map { $0.density }
            case "dist_seaport_km": let t = try table("seaports", "lon_wgs84", "lat_wgs84"); out[n] = nearestKm(t.0, t.1)
            case "dist_computing_hub_km": let t = try table("computing_hubs", "seat_lon_wgs84", "seat_lat_wgs84"); out[n] = nearestKm(t.0, t.1)
            case "dist_gateway_km": let t = try table("corridor_gateways", "lon_wgs84", "lat_wgs84"); out[n] = nearestKm(t.0, t.1)
            case "computing_hubs":
                let hubs = try data.layer("computing_hubs").features.map { ($0.geometry!.xs[0], $0.geometry!.ys[0]) }
                out[n] = set.zones.map { z in
                    guard let g = z.geometry else { return nil }
                    return Double(hubs.filter { g.contains(x: $0.0, y: $0.1) }.count)
                }
            case "elevation_mean_m":
                let dem = try RasterSource(path: data.root + "/dem_10km.tif")
                out[n] = try ZonalAnalysis.run(raster: dem, zones: set.zones).map { $0.count > 0 ? $0.mean : nil }
            default: break
            }
        }
        return out
    }

    public func csv() -> String {
        var s = (["zone", "name", "rank", "composite"] + criterionNames.map { "score_\($0)" } + indicatorNames + ["missing"]).map(CSVField.text).joined(separator: ",") + "\n"
        let order = zones.indices.sorted { (rank[$0] ?? Int.max, zones[$0].code) < (rank[$1] ?? Int.max, zones[$1].code) }
        func f(_ v: Double?, _ d: Int) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "" }
        for i in order {
            let row = [zones[i].code, zones[i].name, rank[i].map(String.init) ?? "", f(composite[i], 4)]
                + criterionScores[i].map { f($0, 4) } + raw[i].map { f($0, 3) } + [missing[i].joined(separator: " ")]
            let last = row.count - 1
            s += row.enumerated().map { $0.offset < 2 || $0.offset == last ? CSVField.text($0.element) : CSVField.escape($0.element) }.joined(separator: ",") + "\n"
        }
        return s
    }

    public func featureTable() -> FeatureTable {
        var t = FeatureTable(name: "hinterland_index", crs: .wgs84, geometryKind: .polygon,
                             fields: [Field("zone", .string), Field("name", .string), Field("rank", .integer), Field("composite", .real)]
                                + criterionNames.map { Field("score_\($0)", .real) } + [Field("missing", .string)])
        for i in zones.indices {
            t.features.append(Feature(geometry: zones[i].geometry, values: [.string(zones[i].code), .string(zones[i].name),
                rank[i].map { .integer(Int64($0)) } ?? .null, composite[i].map { .real(($0 * 1e4).rounded() / 1e4) } ?? .null]
                + criterionScores[i].map { $0.map { .real(($0 * 1e4).rounded() / 1e4) } ?? .null } + [.string(missing[i].joined(separator: " "))]))
        }
        return t
    }
}
