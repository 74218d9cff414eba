import CGDAL
import Foundation
import GeoCore

/// Points read through OGR's Arrow stream (`OGR_L_GetArrowStream`, the Arrow C stream
/// interface): GDAL fills columns of tens of thousands of features at a time, the geometry
/// as a column of WKB and only the weight and category fields, and the columns are read here
/// in place. Reading feature by feature through OGR's C API costs about four times the CPU on
/// a GeoPackage (an OGR feature, a geometry object and several calls per point).
///
/// Same rules as the feature-by-feature reader: a missing geometry or weight skips the
/// feature (an error in strict mode), a weight must be a non-negative number (text that parses
/// is accepted), a category is the field's text.
enum ArrowPointReader {
    /// The points of layer `l`, or nil when the layer offers no Arrow stream (the caller then
    /// reads feature by feature). `weight` and `category` are field indices in the layer.
    static func read(_ l: OGRLayerH, path: String, options o: PointReadOptions, weight: Int32?, category: Int32?) throws -> PointSet? {
        let defn = OGR_L_GetLayerDefn(l)
        let wanted = [weight, category].compactMap { $0 }
        // GDAL 3.6's GeoPackage stream leaves every geometry empty when all fields are ignored:
        // one field is always kept.
        let keep = wanted.isEmpty ? [Int32(0)] : wanted
        let ignored = (0..<OGR_FD_GetFieldCount(defn)).filter { !keep.contains($0) }
            .map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, $0))) }
        let ignore = StringList(names: ignored)
        guard withExtendedLifetime(ignore, { OGR_L_SetIgnoredFields(l, ignore.mutableConstPointer) }) == OGRERR_NONE else { return nil }
        defer { _ = OGR_L_SetIgnoredFields(l, nil) }
        OGR_L_ResetReading(l)
        var stream = ArrowArrayStream()
        let opts = StringList([("INCLUDE_FID", "NO")])
        GDAL.clearErrors()
        guard withExtendedLifetime(opts, { OGR_L_GetArrowStream(l, &stream, opts.pointer) }) else { return nil }
        defer { stream.release?(&stream) }
        var schema = ArrowSchema()
        guard stream.get_schema!(&stream, &schema) == 0 else { return nil }
        defer { schema.release?(&schema) }
        let names = (0..<Int(schema.n_children)).map { String(cString: schema.children[$0]!.pointee.name) }
        let formats = (0..<Int(schema.n_children)).map { String(cString: schema.children[$0]!.pointee.format) }
        func column(_ field: Int32?) -> Int? {
            guard let field else { return nil }
            return names.firstIndex(of: String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, field))))
        }
        let geomName = OGR_L_GetGeometryColumn(l).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "wkb_geometry"
        guard let g = names.firstIndex(of: geomName) ?? formats.lastIndex(where: { $0 == "z" || $0 == "Z" }),
              formats[g] == "z" || formats[g] == "Z" else { return nil }
        let wc = column(weight), cc = column(category)
        if weight != nil && wc == nil || category != nil && cc == nil { return nil }
        guard wc.map({ Column.Kind(format: formats[$0]) != nil }) ?? true, cc.map({ Column.Kind(format: formats[$0]) != nil }) ?? true else { return nil }

        var set = PointSet(source: path)
        if weight != nil { set.weights = [] }
        if category != nil { set.categories = [] }
        var catIndex = [String: Int32]()
        var n = 0
        while true {
            var batch = ArrowArray()
            guard stream.get_next!(&stream, &batch) == 0 else {
                let msg = stream.get_last_error.flatMap { $0(&stream) }.map { String(cString: $0) } ?? GDAL.lastError(or: "Arrow stream failed")
                throw HinterlandError(path, "read failed after \(n) features (\(Dataset.shorten(msg, path: path)))")
            }
            guard batch.release != nil else { break }
            defer { batch.release?(&batch) }
            let count = Int(batch.length)
            set.xs.reserveCapacity(set.xs.count + count); set.ys.reserveCapacity(set.ys.count + count)
            let geoms = Column(batch.children[g]!.pointee, kind: formats[g] == "Z" ? .largeBinary : .binary)
            let weights = wc.map { Column(batch.children[$0]!.pointee, kind: Column.Kind(format: formats[$0])!) }
            let cats = cc.map { Column(batch.children[$0]!.pointee, kind: Column.Kind(format: formats[$0])!) }
            var parts = [(x: Double, y: Double)]()
            for i in 0..<count {
                n += 1
                // In the order the feature-by-feature reader checks: geometry, weight, category.
                guard geoms.isValid(i), let wkb = geoms.bytes(i), !wkb.isEmpty else { set.skip("feature \(n), no geometry"); continue }
                parts.removeAll(keepingCapacity: true)
                // A little-endian 2D point (nearly every file): read in place.
                if wkb.count >= 21, wkb[0] == 1, wkb.loadUnaligned(fromByteOffset: 1, as: UInt32.self) == 1 {
                    let x = wkb.loadUnaligned(fromByteOffset: 5, as: Double.self), y = wkb.loadUnaligned(fromByteOffset: 13, as: Double.self)
                    if x.isNaN && y.isNaN { set.skip("feature \(n), no geometry"); continue }   // WKB's empty point
                    parts.append((x, y))
                } else {
                    guard let parsed = WKBReader.geometry(wkb: wkb) else {
                        throw HinterlandError("\(path) feature \(n)", "has a geometry that cannot be read; a point layer is expected")
                    }
                    guard let geom = parsed, !geom.isEmpty else { set.skip("feature \(n), no geometry"); continue }
                    guard geom.kind == .point else {
                        throw HinterlandError("\(path) feature \(n)", "is a \(geom.kind.rawValue); a point layer is expected")
                    }
                    for k in 0..<geom.xs.count { parts.append((geom.xs[k], geom.ys[k])) }
                }
                var w = 1.0
                if let weights {
                    guard weights.isValid(i) else {
                        if o.strict { throw HinterlandError("\(path) feature \(n)", "empty weight") }
                        set.skip("feature \(n), empty weight"); continue
                    }
                    guard let v = weights.number(i) else {
                        throw HinterlandError("\(path) feature \(n)", "weight field '\(o.weight!)' has text '\(weights.text(i))'; weights must be numbers")
                    }
                    guard v >= 0 else { throw HinterlandError("\(path) feature \(n)", "weight field '\(o.weight!)' has a negative value \(v)") }
                    w = v
                }
                var cat: Int32 = 0
                if let cats {
                    let name = cats.isValid(i) ? cats.text(i) : ""
                    if let k = catIndex[name] { cat = k } else {
                        cat = Int32(set.categoryNames.count); catIndex[name] = cat; set.categoryNames.append(name)
                    }
                }
                for (x, y) in parts {
                    guard x.isFinite, y.isFinite else { set.skip("feature \(n), coordinate \(x), \(y)"); continue }
                    set.xs.append(x); set.ys.append(y)
                    if weight != nil { set.weights!.append(w) }
                    if category != nil { set.categories!.append(cat) }
                }
            }
        }
        if let err = GDAL.failureSinceClear {
            throw HinterlandError(path, "read failed after \(n) features (\(Dataset.shorten(err, path: path)))")
        }
        return set
    }

    /// One column of an Arrow batch (Arrow C data interface, columnar format).
    private struct Column {
        enum Kind {
            case binary, largeBinary, utf8, largeUtf8, float64, float32, int64, int32, int16, int8, bool
            init?(format: String) {
                switch format {
                case "z": self = .binary
                case "Z": self = .largeBinary
                case "u": self = .utf8
                case "U": self = .largeUtf8
                case "g": self = .float64
                case "f": self = .float32
                case "l": self = .int64
                case "i": self = .int32
                case "s": self = .int16
                case "c": self = .int8
                case "b": self = .bool
                default: return nil
                }
            }
        }
        let kind: Kind
        let offset: Int
        let validity: UnsafePointer<UInt8>?
        let values: UnsafeRawPointer?
        let data: UnsafeRawPointer?

        init(_ a: ArrowArray, kind: Kind) {
            self.kind = kind
            offset = Int(a.offset)
            validity = a.null_count == 0 ? nil : a.buffers[0]?.assumingMemoryBound(to: UInt8.self)
            values = a.n_buffers > 1 ? a.buffers[1] : nil
            data = a.n_buffers > 2 ? a.buffers[2] : nil
        }

        func isValid(_ i: Int) -> Bool {
            guard let validity else { return true }
            let j = i + offset
            return validity[j >> 3] & (1 << UInt8(j & 7)) != 0
        }

        /// The bytes of a binary or text value.
        func bytes(_ i: Int) -> UnsafeRawBufferPointer? {
            guard let values, let data else { return nil }
            let j = i + offset
            let (s, e): (Int, Int)
            switch kind {
            case .binary, .utf8:
                let o = values.assumingMemoryBound(to: Int32.self); (s, e) = (Int(o[j]), Int(o[j + 1]))
            case .largeBinary, .largeUtf8:
                let o = values.assumingMemoryBound(to: Int64.self); (s, e) = (Int(o[j]), Int(o[j + 1]))
            default: return nil
            }
            return UnsafeRawBufferPointer(start: data + s, count: e - s)
        }

        /// A numeric value, or a text value that reads as a finite number.
        func number(_ i: Int) -> Double? {
            let j = i + offset
            switch kind {
            case .float64: let v = values!.load(fromByteOffset: 8 * j, as: Double.self); return v.isFinite ? v : nil
            case .float32: let v = Double(values!.load(fromByteOffset: 4 * j, as: Float.self)); return v.isFinite ? v : nil
            case .int64: return Double(values!.load(fromByteOffset: 8 * j, as: Int64.self))
            case .int32: return Double(values!.load(fromByteOffset: 4 * j, as: Int32.self))
            case .int16: return Double(values!.load(fromByteOffset: 2 * j, as: Int16.self))
            case .int8: return Double(values!.load(fromByteOffset: j, as: Int8.self))
            case .bool: return values!.load(fromByteOffset: j >> 3, as: UInt8.self) & (1 << UInt8(j & 7)) != 0 ? 1 : 0
            case .utf8, .largeUtf8:
                guard let b = bytes(i) else { return nil }
                if b.count > 0, let v = FastNumber.plain(b.baseAddress!.assumingMemoryBound(to: UInt8.self), b.count) { return v }
                guard let v = Double(text(i).trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
                return v
            case .binary, .largeBinary: return nil
            }
        }

        /// The value as OGR writes it as text.
        func text(_ i: Int) -> String {
            let j = i + offset
            switch kind {
            case .utf8, .largeUtf8, .binary, .largeBinary: return bytes(i).map { String(decoding: $0, as: UTF8.self) } ?? ""
            case .int64: return String(values!.load(fromByteOffset: 8 * j, as: Int64.self))
            case .int32: return String(values!.load(fromByteOffset: 4 * j, as: Int32.self))
            case .int16: return String(values!.load(fromByteOffset: 2 * j, as: Int16.self))
            case .int8: return String(values!.load(fromByteOffset: j, as: Int8.self))
            case .bool: return number(i) == 1 ? "1" : "0"
            case .float64, .float32:
                let v = number(i) ?? .nan
                return String(format: "%.15g", v)
            }
        }
    }
}
