import Foundation
import GeoCore
import GeoIO

/// The hubs of a catchment analysis: names, masses (attractiveness), positions in WGS84.
public struct HubSet: Sendable {
    public var names: [String]
    public var lon: [Double]
    public var lat: [Double]
    public var mass: [Double]

    /// Reads hubs from a point layer (CSV or OGR) or the embedded `computing_hubs` /
    /// `gateways` layers; checks there are at least two, no two at one place, masses > 0.
    public static func read(path: String, nameField: String?, massField: String?, inputCRS: CRS?, data: EmbeddedData) throws -> HubSet {
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
}
