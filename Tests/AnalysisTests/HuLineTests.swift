import Foundation
import Testing
@testable import Analysis
@testable import GeoCore

struct HuLineTests {
    /// Published recomputations (shared reference hu_line.md): south-east area share 42.9%
    /// (1982, Hu & Wu), 43.8% (2000, GIS), ≈43.4% implied (2020, prefecture quasi-line);
    /// population share 93.5% (2020, prefecture quasi-line) to 94.4% (1982). Cutting
    /// counties with a geodesic should land inside that range, widened by ±0.5 points for
    /// the endpoint choice (Heihe vs old Aihui moves the area share by 0.2–0.4 points) and
    /// the territory question (HK, MO, TW left out of area and population, as the census
    /// leaves them out; areas are land areas).
    @Test func sharesFallInThePublishedRange() throws {
        let s = try Shared.with { try $0.build(.huline) }
        let se = s.zones[0], nw = s.zones[1]
        let areaShare = se.areaKm2 / (se.areaKm2 + nw.areaKm2)
        let popShare = Double(se.population!) / Double(se.population! + nw.population!)
        #expect(areaShare > 0.424 && areaShare < 0.443, "area share \(areaShare)")
        #expect(popShare > 0.930 && popShare < 0.949, "population share \(popShare)")
        #expect(se.population! + nw.population! == 1_409_778_724)
    }

    /// The latitude where the densified line crosses a meridian.
    func latitude(of line: Geometry, atLongitude lon: Double) -> Double? {
        for i in 0..<(line.xs.count - 1) where (line.xs[i] - lon) * (line.xs[i + 1] - lon) <= 0 {
            let t = (lon - line.xs[i]) / (line.xs[i + 1] - line.xs[i])
            return line.ys[i] + t * (line.ys[i + 1] - line.ys[i])
        }
        return nil
    }

    /// The geodesic passes "about 41.0°N" at 113°E (shared reference, pyproj Geod.npts);
    /// a two-point lon/lat line would pass 37.6°N, ~380 km further south-east.
    @Test func theLineIsAGeodesicNotALonLatSegment() throws {
        let hu = try HuLine(variant: .geodesic)
        let lat = try #require(latitude(of: hu.line, atLongitude: 113))
        #expect(abs(lat - 41.0) < 0.3, "at 113°E the line is at \(lat)°N")
        let lonLatSegment = 50.24413 + (113 - 127.49016) / (98.51276 - 127.49016) * (24.99492 - 50.24413)
        #expect(abs(lonLatSegment - 37.6) < 0.1 && lat - lonLatSegment > 3)
        // A straight line in the Albers is within ~0.4° of the geodesic (tens of km, not hundreds).
        let conic = try HuLine(variant: .conic)
        #expect(abs(try #require(latitude(of: conic.line, atLongitude: 113)) - lat) < 0.4)
        #expect(hu.isEast(lon: 121.47, lat: 31.23))   // Shanghai
        #expect(!hu.isEast(lon: 87.6, lat: 43.8))     // Urumqi
        #expect(!hu.isEast(lon: 122.5, lat: 52.9))    // Mohe, north of Heihe
    }
}

struct HuLineReportTests {
    /// The whole-county quasi-line (interior points) against 戚伟 et al. 2022's 93.5% for
    /// 2020 (prefecture-level quasi-line): county units follow the line more closely, so
    /// the share should fall within a point of it.
    @Test func quasiLinePopulationShareIsNearThePublished2020Figure() throws {
        let r = try Shared.with { b in HuLineReport(split: try b.huLineSplit(try HuLine()), assign: .centroid, accounting: b.accounting) }
        let pop = r.measures.first { $0.name == "population_2020" }!
        #expect(abs(pop.share - 0.935) < 0.01, "quasi-line population share \(pop.share)")
    }

    @Test func theLineCrossesTheExpectedProvinces() throws {
        let rows = try Shared.with { b -> [[String]] in
            let split = try b.huLineSplit(try HuLine())
            var r = HuLineReport(split: split, assign: .cut, accounting: b.accounting)
            let set = try b.build(.province)
            r.addZones(set, try b.huLineZoneSplit(split, set: set, name: .province, assign: .cut, level: .prefecture))
            return r.zoneRows
        }
        let crossed = Set(rows.filter { $0[5] == "yes" }.map { $0[0] })
        // Heihe (黑龙江) to Tengchong (云南) through 内蒙古, 陕西/山西 and 四川.
        for code in ["230000", "150000", "510000", "530000"] { #expect(crossed.contains(code), "\(code) not crossed") }
        for code in ["310000", "650000", "540000", "440000"] { #expect(!crossed.contains(code), "\(code) crossed") }
    }
}
