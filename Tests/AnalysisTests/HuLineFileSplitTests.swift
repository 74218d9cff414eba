import Foundation
import Testing
@testable import Analysis
@testable import GeoCore
@testable import GeoIO

/// The per-zone Hu Line split of a zone file against the same zones built in: the provinces
/// of the embedded layer written to a GeoPackage are split by cutting each polygon once,
/// the built-in provinces by summing their counties' cuts; two independent paths.
struct HuLineFileSplitTests {
    static func provincesFile(_ builder: ZoneSetBuilder) throws -> (dir: String, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try VectorWriter.write([try builder.data.layer("provinces")], to: "\(dir)/prov.gpkg")
        return (dir, "\(dir)/prov.gpkg")
    }

    /// Administrative areas on both sides: the same areas to 1 km² (0.01%), the same
    /// populations. With land areas (the default) the built-in set measures land and the
    /// file its polygons, so there only the populations agree.
    @Test(arguments: [AreaBasis.admin, .land])
    func aProvinceFileSplitsAsTheBuiltInProvinces(_ area: AreaBasis) throws {
        let builder = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root), accounting: ZoneAccounting(area: area))
        builder.validityCache = .disabled
        let (dir, path) = try Self.provincesFile(builder)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let split = try builder.huLineSplit(try HuLine(variant: .geodesic))
        let named = try builder.build(.province)
        let a = try builder.huLineZoneSplit(split, set: named, name: .province, assign: .cut, level: .prefecture)
        let file = try builder.polygonFile(path: path, layer: nil, key: "adcode", nameField: nil, strict: false)
        #expect(file.set.zones.map(\.code) == named.zones.map(\.code))
        let b = try builder.huLineZoneSplit(split, file: file, assign: .cut)
        for k in named.zones.indices {
            let code = named.zones[k].code
            #expect(abs(a.population[k] - b.population[k]) < 0.5, "\(code) population")
            #expect(abs(a.eastPopulation[k] - b.eastPopulation[k]) < 0.5, "\(code) south-east population")
            guard area == .admin else { continue }
            #expect(abs(a.areaKm2[k] - b.areaKm2[k]) < max(1, 1e-4 * a.areaKm2[k]), "\(code) area \(a.areaKm2[k]) vs \(b.areaKm2[k])")
            #expect(abs(a.eastAreaKm2[k] - b.eastAreaKm2[k]) < max(1, 1e-4 * a.areaKm2[k]), "\(code) south-east area")
        }
        // The line crosses eight provinces, Heilongjiang to Yunnan; Tibet lies wholly north-west.
        let crossed = b.areaKm2.indices.filter { b.eastAreaKm2[$0] > 1 && b.eastAreaKm2[$0] < b.areaKm2[$0] - 1 }
        #expect(crossed.map { named.zones[$0].code } == ["130000", "140000", "150000", "230000", "510000", "530000", "610000", "620000"])
        let tibet = try #require(named.zones.firstIndex { $0.code == "540000" })
        #expect(b.eastAreaKm2[tibet] == 0 && b.eastPopulation[tibet] == 0)
    }

    /// Whole zones: each zone on one side with all its area and population; under majority
    /// the side of the larger part of the cut (Sichuan: 50.03% south-east).
    @Test func wholeZonesGoToOneSide() throws {
        try Shared.with { builder in
            let (dir, path) = try Self.provincesFile(builder)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let split = try builder.huLineSplit(try HuLine(variant: .geodesic))
            let file = try builder.polygonFile(path: path, layer: nil, key: "adcode", nameField: nil, strict: false)
            let cut = try builder.huLineZoneSplit(split, file: file, assign: .cut)
            for rule in [HuLineAssign.centroid, .majority] {
                let z = try builder.huLineZoneSplit(split, file: file, assign: rule)
                for k in z.areaKm2.indices {
                    #expect(z.eastAreaKm2[k] == 0 || z.eastAreaKm2[k] == z.areaKm2[k])
                    #expect(z.eastPopulation[k] == 0 || z.eastPopulation[k] == z.population[k])
                    if rule == .majority { #expect((z.eastAreaKm2[k] > 0) == (cut.eastAreaKm2[k] >= 0.5 * cut.areaKm2[k]) || z.areaKm2[k] == 0) }
                }
            }
            let sichuan = try #require(file.set.zones.firstIndex { $0.code == "510000" })
            let f = cut.eastAreaKm2[sichuan] / cut.areaKm2[sichuan]
            #expect(f > 0.5 && f < 0.501, "Sichuan \(f)")
        }
    }

    /// The cut is remembered per file version and line: a second builder takes the areas
    /// from the cache (here a doctored entry, to see that it is used), another line cuts anew.
    @Test func theCutIsRememberedPerFileAndLine() throws {
        let builder = try ZoneSetBuilder(data: try EmbeddedData(root: Shared.root))
        let (dir, path) = try Self.provincesFile(builder)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        builder.validityCache = ValidityCache(directory: dir + "/cache")
        let hu = try HuLine(variant: .geodesic)
        let file = try builder.polygonFile(path: path, layer: nil, key: "adcode", nameField: nil, strict: false)
        let first = try builder.westAreas(file, line: hu)
        #expect(first.filter { $0 >= 0 }.count == 8)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir + "/cache").count
        #expect(entries == 3)   // the validity facts, the HK, MO and TW cut, and the line's cut
        let lineKeyed = try #require(ZoneSetBuilder.westAreasKey(file, line: hu))
        #expect(builder.validityCache.facts(key: lineKeyed)?.areas == first)
        var doctored = first
        let sichuan = try #require(file.set.zones.firstIndex { $0.code == "510000" })
        doctored[sichuan] = 1
        builder.validityCache.record(key: lineKeyed, .init(invalid: [], areas: doctored))
        #expect(try builder.westAreas(file, line: hu)[sichuan] == 1)
        let conic = try builder.westAreas(file, line: try HuLine(variant: .conic))
        #expect(abs(conic[sichuan] - first[sichuan]) / first[sichuan] < 0.1 && conic[sichuan] != first[sichuan])
    }

    /// The areas of HK, MO and TW cut out of a file's zones are remembered too: a second
    /// builder reads them back bit for bit, and uses a doctored entry (no overlap) as it is.
    @Test func theHongKongMacaoTaiwanCutIsRemembered() throws {
        let data = try EmbeddedData(root: Shared.root)
        let builder = try ZoneSetBuilder(data: data)
        let (dir, path) = try Self.provincesFile(builder)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = ValidityCache(directory: dir + "/cache")
        func load() throws -> ZoneSet {
            let b = try ZoneSetBuilder(data: data)
            b.validityCache = cache
            return try b.polygonFile(path: path, layer: nil, key: "adcode", nameField: nil, strict: false).set
        }
        let excludes = { (z: Zone) in (z.populationNote ?? "").contains("excludes HK, MO, TW") }
        let first = try load()
        #expect(first.zones.contains(where: excludes))
        #expect(try load().zones.map(\.areaKm2) == first.zones.map(\.areaKm2))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/cache").map { "\(dir)/cache/\($0)" }
        let text = try #require(files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.first { $0.contains("HK MO TW cut km2") })
        let key = String(text[..<text.range(of: "\ninvalid:")!.lowerBound])
        let known = try #require(cache.facts(key: key))
        cache.record(key: key, .init(invalid: [], areas: known.areas.map { _ in 0 }))
        #expect(!(try load().zones.contains(where: excludes)))
    }

    /// A database table's cache key is its geometries': the same for the same polygons, new
    /// when one coordinate moves by the least step or two features swap.
    @Test func contentKeysFollowTheGeometries() throws {
        let a = Geometry.polygon(ring: [100, 101, 101, 100, 100], [30, 30, 31, 31, 30])
        var b = a
        b.xs[1] = b.xs[1].nextUp
        let key = ValidityCache.key(contentOf: [a, b], layer: "t")
        #expect(key == ValidityCache.key(contentOf: [a, b], layer: "t"))
        #expect(key != ValidityCache.key(contentOf: [a, a], layer: "t"))
        #expect(key != ValidityCache.key(contentOf: [b, a], layer: "t"))
        #expect(key != ValidityCache.key(contentOf: [a, b], layer: "u"))
        #expect(key != ValidityCache.key(contentOf: [a, b, nil], layer: "t"))
    }
}
