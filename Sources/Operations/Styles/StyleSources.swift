import Foundation
import Analysis
import Cartography
import GeoCore
import GeoIO
import Kernels

/// Resolves style sources to data: files, embedded layers, and layers computed by the
/// operations. A computed source (`"type": "hinterland"`) names a `command` — an operation
/// (zones, stats, density, catchment, units, index), decoded from the source's other keys
/// into the same request the CLI and study files build — or a drawing layer (huline,
/// divide, corridors, gateways, land_sea_nodes, hubs) or an embedded `layer`. Each source is
/// loaded once per map.
public final class StyleSources: MapSources {
    let context: RunContext
    /// Point layers given on the command line, by name ("points" is the first).
    let userPoints: [String: String]
    private var cache: [String: MapSourceData] = [:]
    /// The style whose sources are being loaded (its folder and access rule resolve file keys).
    private var current: MapStyle?
    public private(set) var captions: [String] = []
    public private(set) var tables: [String: String] = [:]
    public private(set) var warnings: [String] = []

    public init(context: RunContext, userPoints: [String: String] = [:]) {
        self.context = context; self.userPoints = userPoints
    }

    public var data: EmbeddedData { context.data }

    /// The point layer of a computed source: as `request(_:_:pointKeys:)` resolves it.
    public func points(_ name: String?, weight: String?) throws -> PointSet {
        var spec = [String: JSONValue]()
        if let name { spec["points"] = .string(name) }
        if let weight { spec["weight"] = .string(weight) }
        let q = try request(DensityRequest.self, spec, at: "points", pointKeys: true)
        return try context.points(q.points)
    }

    public func load(_ source: MapStyle.Source, style: MapStyle) throws -> MapSourceData {
        if let c = cache[source.id] { return c }
        let s = source.spec
        let at = "\(style.path): sources.\(source.id)"
        let result: MapSourceData
        switch source.type {
        case "raster":
            guard let url = s["url"]?.string ?? s["data"]?.string else { throw HinterlandError(at, "a raster source needs url") }
            result = .raster(try readRaster(try style.resolve(url, at: "sources.\(source.id)")))
        case "geojson", "vector":
            guard let url = s["data"]?.string ?? s["url"]?.string else { throw HinterlandError(at, "needs data (a file path)") }
            let t = try VectorReader.read(path: try style.resolve(url, at: "sources.\(source.id)"), layer: s["layer"]?.string)
            result = .features(MapFeature.from(try t.reprojected(to: .wgs84)))
        default:
            result = try computed(s, at: at, style: style)
        }
        cache[source.id] = result
        return result
    }

    func readRaster(_ path: String) throws -> MapRaster {
        let r = try RasterSource(path: path)
        guard let all = try r.readAll() else { throw HinterlandError(path, "raster too large to draw") }
        return MapRaster(bands: [all], width: r.width, height: r.height, geoTransform: r.geoTransform, crs: r.crs, nodata: r.nodata)
    }

    /// A source's keys as a request of type T. `points` (with `weight`) names a point layer given
    /// on the command line, a path, or by default the county seats weighted by population.
    func request<T: Operation>(_ type: T.Type, _ s: [String: JSONValue], at: String, pointKeys: Bool = false) throws -> T {
        var object = (s.mapValues(\.foundation)).filter { !["type", "command"].contains($0.key) }
        if pointKeys {
            let name = s["points"]?.string ?? "points"
            let weight = s["weight"]?.string
            object["weight"] = nil
            if let path = try userPoints[name] ?? (name.contains("/") || name.contains(".") ? styleFile(name, at: at, key: "points") : nil) {
                object["points"] = ["path": path, "weight": weight as Any].compactMapValues { $0 is String ? $0 : nil }
            } else if s["points"] != nil && !PointInput.builtIn.contains(name) {
                throw HinterlandError("\(at).points", "no point layer '\(name)' (give it on the command line, or a file path)")
            } else {
                let builtIn = s["points"]?.string ?? "county_seats"
                object["points"] = ["path": builtIn, "weight": weight ?? (builtIn == "county_seats" ? "population_2020" : nil) as Any].compactMapValues { $0 is String ? $0 : nil }
                if builtIn == "county_seats" && weight == nil {
                    caption("points: \(try data.layer("county_seats").features.count) county seats weighted by census 2020 population")
                }
            }
        }
        // Files named in a style are read only where the style may read (see SourceAccess).
        for key in ["hubs", "config", "friction", "join", "raster"] {
            if let v = object[key] as? String, !(key == "hubs" && EmbeddedData.catalog.contains { $0.name == v }) {
                object[key] = try styleFile(v, at: at, key: key)
            }
        }
        return try RequestDecoding.decode(T.self, from: object, at: at)
    }

    /// A file a style names, resolved against its folder and checked against its access rule.
    func styleFile(_ p: String, at: String, key: String) throws -> String {
        guard let style = current else { return p }
        return try style.resolve(p, at: String(at.dropFirst(style.path.count + 2)) + ".\(key)")
    }

    func caption(_ text: String) { if !captions.contains(text) { captions.append(text) } }

    /// The zone-set variant a drawing source asks for (keys level, membership).
    func variant(_ s: [String: JSONValue], at: String) throws -> ZoneSetVariant {
        var z = ZoneOptions()
        if let l = s["level"]?.string {
            guard let level = RegionLevel(rawValue: l) else { throw HinterlandError("\(at).level", "unknown level '\(l)' (use \(RegionLevel.words))") }
            z.level = level
        }
        if let m = s["membership"]?.string {
            guard let membership = Membership(rawValue: m) else { throw HinterlandError("\(at).membership", "unknown membership '\(m)' (use \(Membership.words))") }
            z.membership = membership
        }
        return z.variant
    }

    func run<T: Operation>(_ request: T) throws -> OperationResult {
        let r = try request.run(context)
        for (name, table) in r.tables.map({ ($0.name, $0.csv) }) { tables[name] = table }
        return r
    }

    func computed(_ s: [String: JSONValue], at: String, style: MapStyle) throws -> MapSourceData {
        current = style
        if let layer = s["layer"]?.string { return .features(MapFeature.from(try data.layer(layer))) }
        guard let command = s["command"]?.string else { throw HinterlandError(at, "a hinterland source needs layer or command") }
        switch command {
        case "zones":
            var q = try request(ZonesRequest.self, s, at: at)
            q.geometry = true
            let r = try run(q)
            return .features(MapFeature.from(r.layers[0]))
        case "stats":
            var q = try request(StatsRequest.self, s, at: at, pointKeys: true)
            q.geometry = true
            let r = try run(q)
            var t = r.layers[0]
            t.features.removeAll { $0.geometry == nil }
            return .features(MapFeature.from(t))
        case "divide":
            // The internal borders between the zones of a set (not the national border), from
            // the shared edges of the member units. except_provinces: units in these provinces
            // draw no border (e.g. the plateau provinces, north or south by convention only).
            guard let by = s["by"]?.string, let name = ZoneSetName(rawValue: by) else { throw HinterlandError(at, "divide needs by: a zone set name") }
            let v = try variant(s, at: at)
            let set = try context.builder(Accounting()).build(name, variant: v)
            let level = UnitAssignment.level(for: name, variant: v)
            let units = try data.layer(level == .province ? "provinces" : level == .prefecture ? "prefectures" : "counties")
            let zoneOf = set.zoneOfUnitCode
            let codes = units.strings("adcode")!
            let province = level == .province ? codes : units.strings("province_adcode")!
            let except = Set(s["except_provinces"]?.array?.compactMap(\.string) ?? [])
            return .features(SharedBorders.between(units: units.features.map { $0.geometry ?? Geometry(kind: .polygon, xs: [], ys: []) },
                                                   group: codes.indices.map { except.contains(province[$0]) ? -1 : Int(zoneOf[codes[$0]] ?? -1) }).map {
                MapFeature(geometry: $0.line, properties: ["a": .string(set.zones[$0.a].code), "b": .string(set.zones[$0.b].code)])
            })
        case "huline":
            let hu = try HuLine(variant: HuLine.Variant(rawValue: s["line"]?.string ?? "geodesic") ?? .geodesic)
            return .features([MapFeature(geometry: hu.line, properties: ["name": .string("胡焕庸线"), "name_en": .string("Hu Line")])])
        case "corridors":
            // One line per corridor branch (column branch), from its branch_from node (or its
            // first node) through its nodes in order, drawn as geodesics.
            let rows = try data.table("corridor_gateways").records
            var where_ = [String: (Double, Double)]()
            for r in rows { where_[r["corridor"]! + "|" + r["node"]!] = (Double(r["lon_wgs84"]!)!, Double(r["lat_wgs84"]!)!) }
            var branches = [(String, String, [(Double, Double)])]()
            var seen = [String: Int]()
            for r in rows {
                let key = r["corridor"]! + "|" + (r["branch"] ?? "a")
                if seen[key] == nil {
                    seen[key] = branches.count
                    let start = (r["branch_from"] ?? "").isEmpty ? [] : [where_[r["corridor"]! + "|" + r["branch_from"]!]].compactMap { $0 }
                    branches.append((r["corridor"]!, r["corridor_en"] ?? "", start))
                }
                branches[seen[key]!].2.append((Double(r["lon_wgs84"]!)!, Double(r["lat_wgs84"]!)!))
            }
            let g = Geodesic()
            return .features(branches.filter { $0.2.count > 1 }.map { c in
                var xs = [Double](), ys = [Double]()
                for k in 0..<(c.2.count - 1) {
                    let l = g.densifiedLine(lon1: c.2[k].0, lat1: c.2[k].1, lon2: c.2[k + 1].0, lat2: c.2[k + 1].1, spacing: 20_000)
                    xs += k == 0 ? l.lons : Array(l.lons.dropFirst()); ys += k == 0 ? l.lats : Array(l.lats.dropFirst())
                }
                return MapFeature(geometry: .lineString(xs: xs, ys: ys), properties: ["corridor": .string(c.0), "corridor_en": .string(c.1)])
            })
        case "gateways":
            // Corridor nodes once each (a node on two corridors is one place), from
            // tables/corridor_gateways.csv (the table the gpkg layer is built from).
            var seenNode = Set<String>()
            return .features(try data.table("corridor_gateways").records.filter { seenNode.insert($0["node"] ?? "").inserted }.map { r in
                MapFeature(geometry: .point(Double(r["lon_wgs84"]!)!, Double(r["lat_wgs84"]!)!),
                           properties: ["corridor": .string(r["corridor"]!), "node": .string(r["node"]!), "node_en": .string(r["node_en"] ?? ""),
                                        "role": .string(r["role"] ?? "")])
            })
        case "land_sea_nodes":
            // The nodes of the western land–sea corridor's main routes, once each.
            var seenNode = Set<String>()
            return .features(try data.table("land_sea_corridor").records.filter { seenNode.insert($0["node"] ?? "").inserted }.map { r in
                MapFeature(geometry: .point(Double(r["lon_wgs84"]!)!, Double(r["lat_wgs84"]!)!),
                           properties: ["node": .string(r["node"]!), "node_en": .string(r["node_en"] ?? "")])
            })
        case "density":
            // A density map shows the country: clipped to its outline unless the style says otherwise.
            var spec = s
            if spec["clip"] == nil { spec["clip"] = .string("country") }
            let q = try request(DensityRequest.self, spec, at: at, pointKeys: true)
            let r = try run(q)
            // The table behind a density map: the points by province.
            var byProvince = StatsRequest()
            byProvince.points = [q.points]; byProvince.by = ["province"]
            tables["density_points_by_province"] = try byProvince.run(context).tables[0].csv
            let g = r.raster!.bands[0]
            return .raster(MapRaster(bands: [g.values], width: g.width, height: g.height, geoTransform: g.geoTransform, crs: g.crs, nodata: g.nodata))
        case "catchment":
            let r = try run(try request(CatchmentRequest.self, s, at: at))
            let bands = r.raster!.bands
            return .raster(MapRaster(bands: Array(bands.prefix(2)).map(\.values), width: bands[0].width, height: bands[0].height,
                                     geoTransform: bands[0].geoTransform, crs: bands[0].crs, nodata: -1))
        case "units":
            var q = try request(UnitsRequest.self, s, at: at)
            q.geometry = true
            return .features(MapFeature.from(try run(q).layers[0]))
        case "index":
            let r = try run(try request(IndexRequest.self, s, at: at))
            return .features(MapFeature.from(r.layers[0]))
        case "hubs":
            return .features(MapFeature.from(try data.layer("computing_hubs")))
        default:
            throw HinterlandError(at, "unknown command '\(command)' (zones, stats, divide, huline, corridors, gateways, land_sea_nodes, density, catchment, units, index, hubs)")
        }
    }
}
