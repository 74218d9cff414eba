import GeoCore
import GeoIO

extension ZoneSetBuilder {
    /// China split by the Hu Line: counties wholly on one side count whole; counties the
    /// line crosses are cut and their population split by the area fraction on each side.
    func huLineSides(_ hu: HuLine, geometry: Bool) throws -> ZoneSet {
        let split = try huLineSplit(hu)
        var eastArea = 0.0, westArea = 0.0, eastPop = 0.0, westPop = 0.0
        for i in split.countyCodes.indices {
            let f = split.eastFraction[i]
            eastArea += split.areaKm2[i] * f; westArea += split.areaKm2[i] * (1 - f)
            eastPop += split.population[i] * f; westPop += split.population[i] * (1 - f)
        }
        var se = Zone(code: "southeast", name: "东南半壁", nameEn: "South-east of the Hu Line")
        var nw = Zone(code: "northwest", name: "西北半壁", nameEn: "North-west of the Hu Line")
        // The split's areas are already land or administrative as the builder measures.
        se.areaKm2 = eastArea; nw.areaKm2 = westArea
        se.areaBasis = .admin; nw.areaBasis = .admin
        se.population = Int64(eastPop.rounded()); nw.population = Int64(westPop.rounded())
        let note = "census 2020, county level, split by area in the \(split.cutCount) counties the line cuts" +
            (accounting.includeSARTW ? "; HK, MO, TW: end-2020 government figures" : "; excludes HK, MO, TW from area and population")
        se.populationNote = note; nw.populationNote = note
        if geometry {
            let sides = try huLineSidePolygons(hu)
            se.geometry = sides.east; nw.geometry = sides.west
        }
        return ZoneSet(name: "huline", description: ZoneSetName.huline.summary, zones: [se, nw],
                       method: "Hu Line \(hu.describe); counties cut by the line, area ellipsoidal (\(accounting.area == .land ? "land" : "administrative polygons")); population: county crosswalk summing to prefecture totals, split by area; " + accounting.note)
    }

    /// The country outline cut by the line: the south-east and north-west halves.
    public func huLineSidePolygons(_ hu: HuLine) throws -> (east: Geometry, west: Geometry) {
        let parts = try data.countryOutline()
        let outline = parts.count == 1 ? parts[0] : try GeometryOperations.union(parts)
        let sides = hu.sidePolygons
        return (try GeometryOperations.intersection(outline, sides.east), try GeometryOperations.intersection(outline, sides.west))
    }
}
