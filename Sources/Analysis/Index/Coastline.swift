import Foundation
import GeoCore

/// China's sea coast as points: the vertices of the national outline that lie on the
/// border of a county whose polygon holds sea (unit_land_areas.csv). Levels are dissolved
/// from the same county coverage, so these vertices are shared exactly. A coastal county's
/// short land border abroad (the Yalu and Beilun mouths) comes along, tens of km at most.
enum Coastline {
    static func points(builder: ZoneSetBuilder) throws -> (xs: [Double], ys: [Double]) {
        let counties = try builder.data.layer("counties")
        let codes = counties.strings("adcode")!
        let admin = try builder.unitAreas("counties"), land = try builder.unitLandAreas("counties")
        var onCoastalCounty = Set<Key>()
        for (i, f) in counties.features.enumerated() {
            guard let g = f.geometry, IndexEligibility.touchesSea(adminKm2: admin[codes[i]], landKm2: land[codes[i]]) else { continue }
            for k in g.xs.indices { onCoastalCounty.insert(Key(g.xs[k], g.ys[k])) }
        }
        var xs = [Double](), ys = [Double]()
        var seen = Set<Key>()
        for g in try builder.data.countryOutline() {
            for k in g.xs.indices {
                let key = Key(g.xs[k], g.ys[k])
                if onCoastalCounty.contains(key), seen.insert(key).inserted { xs.append(g.xs[k]); ys.append(g.ys[k]) }
            }
        }
        try CoordinateTransform(from: .wgs84, to: .chinaAlbers).apply(xs: &xs, ys: &ys)
        return (xs, ys)
    }

    struct Key: Hashable {
        let x: UInt64, y: UInt64
        init(_ x: Double, _ y: Double) { self.x = x.bitPattern; self.y = y.bitPattern }
    }
}
