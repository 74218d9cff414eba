import Foundation
import Analysis
import GeoCore
import GeoIO
import Kernels

/// Resolves style sources to data: embedded layers, files, and layers computed by the
/// analyses ("hinterland" sources name a command and its arguments). Each source is
/// loaded once per map.
public final class SourceLoader {
    let data: EmbeddedData
    let builder: ZoneSetBuilder
    /// Point layers given on the command line, by name ("points" is the first).
    let userPoints: [String: String]
    private var cache: [String: MapSourceData] = [:]
    /// What the figure says about its inputs (e.g. "points: GeoNames cities, weighted by population").
    public private(set) var captions: [String] = []
    /// Tables behind the map (CSV), by name.
    public private(set) var tables: [String: String] = [:]
    /// What the analyses behind the map warn about (e.g. catchment masses all equal).
    public private(set) var warnings: [String] = []

    public init(data: EmbeddedData, builder: ZoneSetBuilder, userPoints: [String: String] = [:]) {
        self.data = data; self.builder = builder; self.userPoints = userPoints
    }

    public func load(_ source: MapStyle.Source, style: MapStyle) throws -> MapSourceData {
        if let c = cache[source.id] { return c }
        let s = source.spec
        let at = "\(style.path): sources.\(source.id)"
        let result: MapSourceData
        switch source.type {
        case "raster":
            guard let url = s["url"]?.string ?? s["data"]?.string else { throw HinterlandError(at, "a raster source needs url") }
            result = .raster(try readRaster(style.resolve(url, at: "sources.\(source.id)")))
        case "geojson", "vector":
            guard let url = s["data"]?.string ?? s["url"]?.string else { throw HinterlandError(at, "needs data (a file path)") }
            let t = try VectorReader.read(path: style.resolve(url, at: "sources.\(source.id)"), layer: s["layer"]?.string)
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

    /// A point layer for a computed source: a user file, or the embedded county seats weighted
    /// by their census 2020 population.
    func points(_ name: String?, weight: String?, style: MapStyle, at: String) throws -> PointSet {
        let key = name ?? "points"
        if let path = userPoints[key] {
            return try PointReader.read(path: path, options: PointReadOptions(weight: weight))
        }
        if key.contains("/") || key.contains(".") {
            let field = String(at.dropFirst(style.path.count + 2)) + ".points"
            return try PointReader.read(path: try style.resolve(key, at: field), options: PointReadOptions(weight: weight))
        }
        let t = try data.layer("county_seats")
        var p = PointSet(source: "\(t.features.count) county seats weighted by census 2020 population")
        for f in t.features { p.xs.append(f.geometry!.xs[0]); p.ys.append(f.geometry!.ys[0]) }
        p.weights = t.column("population_2020")!.map { $0.doubleValue ?? 0 }
        if !captions.contains("points: " + p.source) { captions.append("points: " + p.source) }
        return p
    }

    /// The zone-set variant a source asks for (keys level, membership, line); bad values are
    /// errors naming the JSON path.
    func variant(_ s: [String: JSONValue], at: String) throws -> ZoneSetVariant {
        var v = ZoneSetVariant()
        if let l = s["level"]?.string {
            guard let level = RegionLevel(rawValue: l) else { throw HinterlandError("\(at).level", "unknown level '\(l)' (use province or prefecture)") }
            v.level = level
        }
        if let m = s["membership"]?.string {
            guard let membership = Membership(rawValue: m) else { throw HinterlandError("\(at).membership", "unknown membership '\(m)' (use plan or primary)") }
            v.membership = membership
        }
        return v
    }

    func computed(_ s: [String: JSONValue], at: String, style: MapStyle) throws -> MapSourceData {
        if let layer = s["layer"]?.string { return .features(MapFeature.from(try data.layer(layer))) }
        guard let command = s["command"]?.string else { throw HinterlandError(at, "a hinterland source needs layer or command") }
        switch command {
        case "zones":
            guard let by = s["by"]?.string, let name = ZoneSetName(rawValue: by) else { throw HinterlandError(at, "zones needs by: a zone set name") }
            let set = try builder.build(name, geometry: true, variant: try variant(s, at: at))
            tables["zones_\(by)"] = set.csv()
            return .features(MapFeature.from(set.featureTable()))
        case "stats":
            guard let by = s["by"]?.string, let name = ZoneSetName(rawValue: by) else { throw HinterlandError(at, "stats needs by: a zone set name") }
            var pts = try points(s["points"]?.string, weight: s["weight"]?.string, style: style, at: at)
            if let category = s["category"]?.string {
                // Category from a field of the user's layer.
                if let path = userPoints[s["points"]?.string ?? "points"] {
                    pts = try PointReader.read(path: path, options: PointReadOptions(weight: s["weight"]?.string, category: category))
                }
            }
            let v = try variant(s, at: at)
            let set = try builder.build(name, geometry: true, variant: v)
            let assign = try builder.assignment(UnitAssignment.level(for: name, variant: v))
            let unitOf = assign.units(of: pts)
            let stats = name == .cluster && v.membership == .plan
                ? PointStatistics(set: set, zonesOfUnit: assign.zonesOfUnit(in: set), unitOfPoint: unitOf, points: pts)
                : PointStatistics(set: set, zoneOfPoint: try assign.zones(of: unitOf, in: set, name: name, points: pts), points: pts)
            tables["stats_\(by)"] = PointStatisticsTable.csv([stats], minShare: s["min_share"]?.number)
            var t = PointStatisticsTable.featureTable(stats, set: set, minShare: s["min_share"]?.number)
            t.features.removeAll { $0.geometry == nil }
            return .features(MapFeature.from(t))
        case "divide":
            // The internal borders between the zones of a set (not the national border), from
            // the shared edges of the member units. except_provinces: units in these provinces
            // draw no border (e.g. the plateau provinces, north or south by convention only).
            guard let by = s["by"]?.string, let name = ZoneSetName(rawValue: by) else { throw HinterlandError(at, "divide needs by: a zone set name") }
            let v = try variant(s, at: at)
            let set = try builder.build(name, variant: v)
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
            var o = DensityOptions()
            o.cell = try DensityOptions.parseLength(s["cell"]?.string ?? "5km", what: "\(at).cell")
            o.bandwidth = try DensityOptions.parseBandwidth(s["bandwidth"]?.string ?? "50km")
            o.units = DensityOptions.Units(rawValue: s["units"]?.string ?? "per_km2") ?? .perKm2
            let pts = try points(s["points"]?.string, weight: s["weight"]?.string, style: style, at: at)
            let clip = try data.countryOutline()
            let r = try KernelDensity.estimate(points: pts, options: o, clip: clip)
            // The table behind a density map: the points by province.
            let provinces = try builder.build(.province, geometry: false)
            let assign = try builder.assignment(.province)
            let stats = PointStatistics(set: provinces, zoneOfPoint: try assign.zones(of: assign.units(of: pts), in: provinces, name: .province, points: pts), points: pts)
            tables["density_points_by_province"] = PointStatisticsTable.csv([stats], minShare: nil)
            return .raster(MapRaster(bands: [r.grid.values], width: r.grid.width, height: r.grid.height, geoTransform: r.grid.geoTransform,
                                     crs: r.grid.crs, nodata: r.grid.nodata))
        case "catchment":
            var o = CatchmentOptions()
            let model = s["model"]?.string ?? "huff"
            guard let m = CatchmentModel(rawValue: model) else {
                throw HinterlandError("\(at).model", "unknown model '\(model)' (\(CatchmentModel.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            o.model = m
            o.cell = try DensityOptions.parseLength(s["cell"]?.string ?? "10km", what: "\(at).cell")
            o.decay = s["decay"]?.number ?? 2
            o.attraction = s["attraction"]?.number ?? 1
            guard o.decay > 0, o.attraction > 0 else { throw HinterlandError("\(at).decay/attraction", "must be positive") }
            let hubsName = s["hubs"]?.string ?? "computing_hubs"
            let hubsPath = EmbeddedData.catalog.contains { $0.name == hubsName } ? hubsName
                : try style.resolve(hubsName, at: String(at.dropFirst(style.path.count + 2)) + ".hubs")
            let hubs = try HubSet.read(path: hubsPath, nameField: s["name"]?.string, massField: s["mass"]?.string,
                                       inputCRS: nil, data: data, builder: builder)
            let r = try Catchment.run(hubs: hubs, options: o, region: try data.mainlandProvinces(), builder: builder)
            var bands = [r.allocation.values]
            if let sec = r.secondary { bands.append(sec.values) }
            tables["catchment_\(o.model.rawValue)"] = catchmentCSV(r)
            warnings += r.warnings.map { "\(at): \($0)" }
            return .raster(MapRaster(bands: bands, width: r.allocation.width, height: r.allocation.height, geoTransform: r.allocation.geoTransform,
                                     crs: r.allocation.crs, nodata: -1))
        case "units":
            let path = try s["config"]?.string.map { try style.resolve($0, at: String(at.dropFirst(style.path.count + 2)) + ".config") } ?? data.root + "/units.json"
            let units = try CooperativeUnits(config: try UnitConfig.load(path), configPath: path, builder: builder, geometry: true)
            tables["units"] = units.csv(layerNames: [])
            return .features(units.parts.compactMap { p in
                guard let g = p.geometry else { return nil }
                return MapFeature(geometry: g, properties: ["unit": .string(p.unit), "name": .string(p.unitName), "part": .string(p.role),
                                                            "unit_part": .string("\(p.unit)/\(p.role)"),
                                                            "area_km2": .number(p.areaKm2), "population_2020": .number(p.population)])
            })
        case "index":
            let level = ZoneSetName(rawValue: s["level"]?.string ?? "province") ?? .province
            var set = try builder.build(level, geometry: true)
            set.zones.removeAll { ["710000", "810000", "820000"].contains($0.code) }
            let index = try HinterlandIndex(config: try IndexConfig.load(data.root + "/index.json"), set: set, builder: builder, joined: nil, joinPath: nil)
            tables["index_\(level.rawValue)"] = index.csv()
            return .features(MapFeature.from(index.featureTable()))
        case "hubs":
            return .features(MapFeature.from(try data.layer("computing_hubs")))
        default:
            throw HinterlandError(at, "unknown command '\(command)' (zones, stats, divide, huline, corridors, gateways, land_sea_nodes, density, catchment, units, index, hubs)")
        }
    }

    func catchmentCSV(_ r: CatchmentResult) -> String {
        var s = "hub,name,mass,area_km2,area_share,population_2020"
        if r.huff != nil { s += ",expected_area_km2,expected_population,mean_dominant_probability,min_dominant_probability" }
        s += "\n"
        for j in r.hubs.names.indices {
            s += "\(j),\(CSVField.text(r.hubs.names[j])),\(String(format: "%.15g", r.hubs.mass[j])),\(String(format: "%.1f", r.areaKm2[j])),\(String(format: "%.6f", r.areaKm2[j] / r.regionAreaKm2)),\(String(format: "%.0f", r.population[j]))"
            if let h = r.huff {
                s += String(format: ",%.1f,%.0f,%.4f,%.4f", h.expectedAreaKm2[j], h.expectedPopulation[j], h.meanDominantProbability[j], h.minDominantProbability[j])
            }
            s += "\n"
        }
        return s
    }
}
