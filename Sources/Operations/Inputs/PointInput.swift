import Foundation
import Analysis
import GeoCore
import GeoIO

/// A point layer: a file (CSV/TSV or any OGR source), a PostGIS connection, or a built-in
/// layer of the embedded data (`county_seats`, `computing_hubs`, `gateways`), and how to read it.
/// In JSON either a string (the path) or an object with these keys.
public struct PointInput: Codable, Hashable, Sendable {
    public var path: String
    /// The layer's label in tables (default: the file name without extension).
    public var name: String?
    public var lon: String?
    public var lat: String?
    public var weight: String?
    public var inputCrs: String?
    public var encoding: String?
    public var layer: String?
    public var strict = false

    public init(path: String, name: String? = nil, lon: String? = nil, lat: String? = nil, weight: String? = nil,
                inputCrs: String? = nil, encoding: String? = nil, layer: String? = nil, strict: Bool = false) {
        self.path = path; self.name = name; self.lon = lon; self.lat = lat; self.weight = weight
        self.inputCrs = inputCrs; self.encoding = encoding; self.layer = layer; self.strict = strict
    }

    enum CodingKeys: String, CodingKey { case path, name, lon, lat, weight, inputCrs, encoding, layer, strict }

    public init(from decoder: Decoder) throws {
        if let path = try? decoder.singleValueContainer().decode(String.self) { self.init(path: path); return }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(path: try c.decode(String.self, forKey: .path), name: try c.decodeIfPresent(String.self, forKey: .name),
                  lon: try c.decodeIfPresent(String.self, forKey: .lon), lat: try c.decodeIfPresent(String.self, forKey: .lat),
                  weight: try c.decodeIfPresent(String.self, forKey: .weight), inputCrs: try c.decodeIfPresent(String.self, forKey: .inputCrs),
                  encoding: try c.decodeIfPresent(String.self, forKey: .encoding), layer: try c.decodeIfPresent(String.self, forKey: .layer),
                  strict: try c.decodeIfPresent(Bool.self, forKey: .strict) ?? false)
    }

    /// Point layers of the embedded data that can stand wherever a point file can.
    public static let builtIn = ["county_seats", "computing_hubs", "gateways"]

    public var isBuiltIn: Bool { PointInput.builtIn.contains(path) && !FileManager.default.fileExists(atPath: path) }

    /// The label in tables: `name`, else the file name without its extension.
    public var label: String {
        name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `name=path` (a label for the layer's rows) or a plain path.
    public static func parse(_ text: String) -> PointInput {
        if let eq = text.firstIndex(of: "="), !text.hasPrefix("PG:") {
            let name = String(text[..<eq]), path = String(text[text.index(after: eq)...])
            if !name.isEmpty, !name.contains("/"), !path.isEmpty, !FileManager.default.fileExists(atPath: text) {
                return PointInput(path: path, name: name)
            }
        }
        return PointInput(path: text)
    }

    /// A delimited file too large to hold comfortably (past 256 MB, or any with
    /// HINTERLAND_STREAM_POINTS=1; never with 0) as a stream read a block at a time.
    func stream(category: String?) throws -> PointStream? {
        guard !isBuiltIn else { return nil }
        let env = ProcessInfo.processInfo.environment["HINTERLAND_STREAM_POINTS"]
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let s = PointStream(path: path, options: try readOptions(category: category))
        guard s.isDelimitedText, env != "0", env == "1" || size > 256 << 20 else { return nil }
        return s
    }

    /// The warnings and checks after a layer is read, whole or as a stream (`account`: its skips).
    func report(_ account: PointSet, count: Int, context: RunContext) throws {
        if let r = account.skipReport { context.warn("\(path): \(r)") }
        if account.swappedLooking > 0 {
            context.warn("\(path): \(account.swappedLooking) points have latitude beyond ±90 but would be valid with longitude and latitude swapped; check the coordinate columns")
        }
        guard count > 0 else {
            throw HinterlandError(path, account.skipped > 0 ? "no usable points (\(account.skipReport!))" : "no points (empty layer or header only)")
        }
    }

    func read(category: String?, context: RunContext) throws -> PointSet {
        if isBuiltIn { return try readBuiltIn(category: category, data: context.data) }
        if let encoding { GDAL.assumeEncoding(try TextEncoding(name: encoding) == .gb18030 ? "CP936" : "UTF-8") }
        var opts = try readOptions(category: category)
        let shown = (path as NSString).lastPathComponent
        if let progress = context.readingProgress { opts.progress = { progress(shown, $0) } }
        let set = try PointReader.read(path: path, options: opts)
        context.readingProgress?(shown + ": done, \(set.count) points", nil)
        try report(set, count: set.count, context: context)
        return set
    }

    /// How the reader reads this layer.
    func readOptions(category: String?) throws -> PointReadOptions {
        PointReadOptions(lon: lon, lat: lat, weight: weight, category: category, inputCRS: inputCrs.map(CRS.init),
                         encoding: try encoding.map(TextEncoding.init(name:)), layer: layer, strict: strict)
    }

    /// A built-in layer: its points, `weight` from one of its numeric fields (county seats:
    /// e.g. population_2020), `category` from one of its fields.
    func readBuiltIn(category: String?, data: EmbeddedData) throws -> PointSet {
        let t = try data.layer(path)
        var p = PointSet(source: "\(t.features.count) \(path.replacingOccurrences(of: "_", with: " "))")
        for f in t.features { p.xs.append(f.geometry!.xs[0]); p.ys.append(f.geometry!.ys[0]) }
        if let weight {
            guard let c = t.column(weight) else { throw HinterlandError("\(path): weight \(weight)", "no such field (fields: \(t.fields.map(\.name).joined(separator: ", ")))") }
            p.weights = c.map { $0.doubleValue ?? 0 }
        }
        if let category {
            guard let c = t.strings(category) else { throw HinterlandError("\(path): category \(category)", "no such field (fields: \(t.fields.map(\.name).joined(separator: ", ")))") }
            var index = [String: Int32]()
            p.categories = c.map { name in
                if let k = index[name] { return k }
                let k = Int32(p.categoryNames.count); index[name] = k; p.categoryNames.append(name); return k
            }
        }
        return p
    }
}
