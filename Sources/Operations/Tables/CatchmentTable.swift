import Foundation
import Analysis
import GeoCore
import GeoIO

/// Catchment results as a table and layers.
public enum CatchmentTable {
    public static func csv(_ r: CatchmentResult) -> String {
        let popTotal = r.population.reduce(0, +), ptTotal = r.points?.reduce(0, +) ?? 0
        var s = "hub,name,mass,area_km2,area_share,population_2020,population_share" + (r.points != nil ? ",points,points_share" : "")
        if let hf = r.huff {
            s += ",expected_area_km2,expected_population" + (hf.expectedPoints != nil ? ",expected_points" : "")
                + ",mean_dominant_probability,min_dominant_probability"
        }
        s += "\n"
        for j in r.hubs.names.indices {
            var row = [String(j), CSVField.text(r.hubs.names[j]), String(format: "%.15g", r.hubs.mass[j]), String(format: "%.1f", r.areaKm2[j]),
                       String(format: "%.6f", r.areaKm2[j] / r.regionAreaKm2), String(format: "%.0f", r.population[j]),
                       String(format: "%.6f", popTotal > 0 ? r.population[j] / popTotal : 0)]
            if let p = r.points { row += [String(format: "%g", p[j]), String(format: "%.6f", ptTotal > 0 ? p[j] / ptTotal : 0)] }
            if let hf = r.huff {
                row += [String(format: "%.1f", hf.expectedAreaKm2[j]), String(format: "%.0f", hf.expectedPopulation[j])]
                if let e = hf.expectedPoints { row.append(String(format: "%.1f", e[j])) }
                row += [String(format: "%.4f", hf.meanDominantProbability[j]), String(format: "%.4f", hf.minDominantProbability[j])]
            }
            s += row.joined(separator: ",") + "\n"
        }
        if !r.breakpoints.isEmpty {
            s += "\nhub_a,hub_b,distance_km,breakpoint_from_a_km\n"
            for (j, k, b, d) in r.breakpoints {
                s += "\(CSVField.text(r.hubs.names[j])),\(CSVField.text(r.hubs.names[k])),\(String(format: "%.1f", d)),\(String(format: "%.1f", b))\n"
            }
        }
        return s
    }

    public static func polygons(_ r: CatchmentResult) throws -> FeatureTable {
        let g = r.allocation
        let polys = try Catchment.polygons(r)
        var t = FeatureTable(name: "catchments", crs: g.crs, geometryKind: .polygon,
                             fields: [Field("hub", .integer), Field("name", .string), Field("mass", .real), Field("area_km2", .real), Field("population_2020", .real)])
        for j in r.hubs.names.indices {
            t.features.append(Feature(geometry: polys[j], values: [.integer(Int64(j)), .string(r.hubs.names[j]), .real(r.hubs.mass[j]),
                                                                           .real((r.areaKm2[j] * 10).rounded() / 10), .real(r.population[j].rounded())]))
        }
        return t
    }

    /// Category colours of the hub index (Tableau 10, as in Figure 5; repeated past ten).
    public static let colors: [(UInt8, UInt8, UInt8)] = [(0x4e, 0x79, 0xa7), (0xf2, 0x8e, 0x2b), (0xe1, 0x57, 0x59), (0x76, 0xb7, 0xb2), (0x59, 0xa1, 0x4f),
                                                  (0xed, 0xc9, 0x48), (0xb0, 0x7a, 0xa1), (0xff, 0x9d, 0xa7), (0x9c, 0x75, 0x5f), (0xba, 0xb0, 0xac)]

    /// Dataset metadata: the model and its parameters, and the masses used per hub.
    public static func metadata(_ r: CatchmentResult) -> [String: String] { metadata(hubs: r.hubs, options: r.options) }

    public static func metadata(hubs: HubSet, options o: CatchmentOptions) -> [String: String] {
        var m = ["model": o.model.rawValue, "hubs": hubs.names.joined(separator: ";"),
                 "cell_m": String(format: "%g", o.cell), "hub_index": "band 1: 0-based hub index (category names in the .aux.xml); -1 outside the region"]
        if o.model != .voronoi && o.model != .cost {
            m["masses"] = zip(hubs.names, hubs.mass).map { "\($0)=\(String(format: "%.15g", $1))" }.joined(separator: ";")
            m["mass_source"] = hubs.massSource
        }
        if o.model == .huff || o.model == .reilly { m["distance_decay_lambda"] = String(format: "%g", o.decay) }
        if o.model == .huff { m["attraction_alpha"] = String(format: "%g", o.attraction) }
        if o.model == .cost {
            m["neighbours"] = String(o.neighbours)
            m["friction"] = o.friction ?? "GeoData friction_10km.tif"
        }
        return m
    }

    public static func hubLayer(_ r: CatchmentResult) -> FeatureTable {
        FeatureTable(name: "hubs", crs: .wgs84, geometryKind: .point, fields: [Field("hub", .integer), Field("name", .string), Field("mass", .real)],
                     features: r.hubs.names.indices.map { j in
                         Feature(geometry: .point(r.hubs.lon[j], r.hubs.lat[j]), values: [.integer(Int64(j)), .string(r.hubs.names[j]), .real(r.hubs.mass[j])])
                     })
    }
}
