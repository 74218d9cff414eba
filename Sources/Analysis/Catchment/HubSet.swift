import Foundation
import GeoCore
import GeoIO

/// The hubs of a catchment analysis: names, masses (attractiveness), positions in WGS84.
public struct HubSet: Sendable {
    public var names: [String]
    public var lon: [Double]
    public var lat: [Double]
    public var mass: [Double]
    /// Where the masses come from (a field name, the census, or equal masses), for metadata.
    public var massSource = "1 for every hub"

    /// The mass name that asks for the census: each hub's mass is the 2020 census population
    /// of the prefecture-level unit containing it (Chongqing, keyed as one unit, counts whole).
    public static let censusMass = "census"

    public init(names: [String], lon: [Double], lat: [Double], mass: [Double]) {
        self.names = names; self.lon = lon; self.lat = lat; self.mass = mass
    }

    /// Reads hubs from a point layer (CSV or OGR) or the embedded `computing_hubs` /
    /// `gateways` layers; checks there are at least two, no two at one place, masses > 0.
    /// `massField` "census" (when the layer has no field of that name) gives each hub the
    /// census population of its prefecture-level unit; that needs `builder`.
    public static func read(path: String, nameField: String?, massField: String?, inputCRS: CRS?, data: EmbeddedData,
                            builder: ZoneSetBuilder? = nil) throws -> HubSet {
        if massField == censusMass, let builder, !(try hasField(censusMass, path: path, data: data)) {
            var h = try read(path: path, nameField: nameField, massField: nil, inputCRS: inputCRS, data: data)
            try h.useCensusMass(builder: builder, what: path)
            return h
        }
        var set: PointSet
        if EmbeddedData.catalog.contains(where: { $0.name == path }) && !FileManager.default.fileExists(atPath: path) {
            let t = try data.layer(path)
            guard t.geometryKind == .point else { throw HinterlandError(path, "is not a point layer") }
            set = PointSet(source: path)
            let name = nameField ?? (t.fieldIndex("cluster") != nil ? "cluster" : t.fieldIndex("node") != nil ? "node" : t.fields.first?.name)
            guard let name, let names = t.strings(name) else { throw HinterlandError(path, "no field '\(nameField ?? "")' to name the hubs") }
            for (f, n) in zip(t.features, names) {
                set.xs.append(f.geometry!.xs[0]); set.ys.append(f.geometry!.ys[0]); set.categoryNames.append(n)
            }
            set.categories = (0..<Int32(set.count)).map { $0 }
            if let massField {
                guard let m = t.column(massField) else { throw HinterlandError(path, "no field '\(massField)' for the hubs' mass") }
                set.weights = m.map { $0.doubleValue ?? .nan }
            }
        } else {
            set = try PointReader.read(path: path, options: PointReadOptions(weight: massField, category: nameField, inputCRS: inputCRS, strict: true))
        }
        var hubs = HubSet(names: [], lon: set.xs, lat: set.ys, mass: set.weights ?? [Double](repeating: 1, count: set.count))
        if let massField { hubs.massSource = "field '\(massField)'" }
        hubs.names = (0..<set.count).map { i in
            if let c = set.categories?[i], !set.categoryNames[Int(c)].isEmpty { return set.categoryNames[Int(c)] }
            return "hub \(i + 1)"
        }
        guard hubs.names.count >= 2 else {
            throw HinterlandError(path, "has \(hubs.names.count) hub\(hubs.names.count == 1 ? "" : "s"); a catchment analysis needs at least two")
        }
        for (i, m) in hubs.mass.enumerated() where !(m > 0) {
            throw HinterlandError("\(path) hub \(i + 1) (\(hubs.names[i]))", "mass \(m) must be a positive number")
        }
        let g = Geodesic()
        for i in 0..<hubs.names.count {
            for j in (i + 1)..<hubs.names.count where g.inverse(lon1: hubs.lon[i], lat1: hubs.lat[i], lon2: hubs.lon[j], lat2: hubs.lat[j]).distance < 1 {
                throw HinterlandError(path, "hubs \(i + 1) (\(hubs.names[i])) and \(j + 1) (\(hubs.names[j])) are at the same place")
            }
        }
        return hubs
    }

    /// Whether the hub layer has a field of this name (then it is read as the mass).
    static func hasField(_ field: String, path: String, data: EmbeddedData) throws -> Bool {
        if EmbeddedData.catalog.contains(where: { $0.name == path }) && !FileManager.default.fileExists(atPath: path) {
            return try data.layer(path).fieldIndex(field) != nil
        }
        guard let t = try? VectorReader.read(path: path, layer: nil) else { return false }
        return t.fieldIndex(field) != nil
    }

    /// Sets every hub's mass to the 2020 census population of the prefecture-level unit
    /// containing it (point in polygon on the embedded prefectures).
    public mutating func useCensusMass(builder: ZoneSetBuilder, what: String) throws {
        let assign = try builder.assignment(.prefecture)
        let prefectures = try builder.build(.prefecture, geometry: false)
        var p = PointSet(source: what)
        p.xs = lon; p.ys = lat
        let zone = try assign.zones(of: assign.units(of: p), in: prefectures, name: .prefecture, points: p)
        for j in names.indices {
            guard zone[j] >= 0, let pop = prefectures.zones[Int(zone[j])].population, pop > 0 else {
                throw HinterlandError("\(what) hub \(j + 1) (\(names[j]))", "lies in no prefecture with a census population")
            }
            mass[j] = Double(pop)
        }
        massSource = "census 2020 population of the hub's prefecture-level unit"
    }
}
