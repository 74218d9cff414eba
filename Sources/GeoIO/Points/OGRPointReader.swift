import CGDAL
import Foundation
import GeoCore

/// Streams points out of any OGR layer, reading only the geometry and the weight and
/// category fields (no full attribute copy). MultiPoints give one point per part.
/// Columns at a time through OGR's Arrow stream where the driver offers one (`bulk`), else
/// feature by feature.
enum OGRPointReader {
    static func read(path: String, options o: PointReadOptions, bulk: Bool = true) throws -> (PointSet, CRS) {
        let ds = try Dataset(path: path)
        let l = try ds.layer(named: o.layer)
        let defn = OGR_L_GetLayerDefn(l)
        func field(_ name: String?, _ option: String) throws -> Int32? {
            guard let name else { return nil }
            let i = OGR_FD_GetFieldIndex(defn, name)
            guard i >= 0 else {
                throw HinterlandError(DataSource.displayName(path), "no \(option) field '\(name)' (fields: \(VectorReader.allFieldNames(defn).joined(separator: ", ")))")
            }
            return i
        }
        let wI = try field(o.weight, "weight"), cI = try field(o.category, "category")
        if let wI, ![OFTInteger, OFTInteger64, OFTReal].contains(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, wI))) {
            // Text weight fields are allowed if every value parses; checked per feature below.
        }
        let crs = o.inputCRS ?? SpatialReference.crs(of: OGR_L_GetSpatialRef(l)) ?? .wgs84
        if bulk, let set = try ShapefilePointReader.read(path: path, options: o) { return (set, crs) }
        if bulk, let set = try ArrowPointReader.read(l, path: path, options: o, weight: wI, category: cI) { return (set, crs) }
        var set = PointSet(source: path)
        if wI != nil { set.weights = [] }
        if cI != nil { set.categories = [] }
        var catIndex = [String: Int32]()
        GDAL.clearErrors()
        OGR_L_ResetReading(l)
        var n = 0
        while let f = OGR_L_GetNextFeature(l) {
            defer { OGR_F_Destroy(f) }
            n += 1
            guard let g = OGR_F_GetGeometryRef(f), OGR_G_IsEmpty(g) == 0 else { set.skip("feature \(n), no geometry"); continue }
            var pts = [(Double, Double)]()
            switch OGR_GT_Flatten(OGR_G_GetGeometryType(g)) {
            case wkbPoint: pts.append((OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)))
            case wkbMultiPoint:
                for k in 0..<OGR_G_GetGeometryCount(g) {
                    let p = OGR_G_GetGeometryRef(g, k)
                    pts.append((OGR_G_GetX(p, 0), OGR_G_GetY(p, 0)))
                }
            default:
                let type = String(cString: OGRGeometryTypeToName(OGR_G_GetGeometryType(g)))
                throw HinterlandError("\(DataSource.displayName(path)) feature \(n)", "is a \(type); a point layer is expected")
            }
            var w = 1.0
            if let wI {
                guard OGR_F_IsFieldSetAndNotNull(f, wI) != 0 else {
                    if o.strict { throw HinterlandError("\(DataSource.displayName(path)) feature \(n)", "empty weight") }
                    set.skip("feature \(n), empty weight"); continue
                }
                let s = String(cString: OGR_F_GetFieldAsString(f, wI))
                guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw HinterlandError("\(DataSource.displayName(path)) feature \(n)", "weight field '\(o.weight!)' has text '\(s)'; weights must be numbers")
                }
                guard v >= 0 else { throw HinterlandError("\(DataSource.displayName(path)) feature \(n)", "weight field '\(o.weight!)' has a negative value \(v)") }
                w = v
            }
            var cat: Int32 = 0
            if let cI {
                let name = String(cString: OGR_F_GetFieldAsString(f, cI))
                if let k = catIndex[name] { cat = k } else {
                    cat = Int32(set.categoryNames.count); catIndex[name] = cat; set.categoryNames.append(name)
                }
            }
            for (x, y) in pts {
                guard x.isFinite, y.isFinite else { set.skip("feature \(n), coordinate \(x), \(y)"); continue }
                set.xs.append(x); set.ys.append(y)
                if wI != nil { set.weights!.append(w) }
                if cI != nil { set.categories!.append(cat) }
            }
        }
        if let err = GDAL.failureSinceClear {
            throw HinterlandError(DataSource.displayName(path), "read failed after \(n) features (\(Dataset.shorten(err, path: path)))")
        }
        return (set, crs)
    }
}
