import Analysis
import ArgumentParser
import Foundation
import GeoCore
import GeoIO
import Kernels

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Generate the seeded benchmark workloads and time the kernels on them (medians).",
        discussion: Help.reflow("""
        Writes into --out: points.csv (N points drawn from the county seats weighted by census population,
        with 10 km Gaussian jitter, seeded), provinces.gpkg and prefectures.gpkg (WGS84), kde.tif
        (Gaussian KDE, 20 km bandwidth, 1 km China Albers grid, per cell) and the tables, then prints
        the median in-process time of each kernel. Benchmarks/run.sh times whole commands against
        the peers (geopandas, scipy, KDEpy, exactextract, rasterstats, GRASS) on the same files.
        """)
    )

    @Option(name: .long, help: "Folder for the generated data and results.")
    var out: String = "Output/bench"

    @Option(name: .long, help: "Number of points.")
    var points: Int = 1_000_000

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Timed runs per kernel (the median is reported).")
    var runs: Int = 5

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let data = try EmbeddedData()
        let set = try BenchData.generate(data: data, count: points, seed: seed)
        try BenchData.writeCSV(set, to: "\(out)/points.csv")
        for layer in ["provinces", "prefectures"] { try VectorWriter.write([try data.layer(layer)], to: "\(out)/\(layer).gpkg") }
        // The 20 most populous cities as hubs for the catchment workloads.
        let cities = try data.layer("county_seats")
        let pops = cities.column("population_2020")!.map { $0.doubleValue ?? 0 }
        let names = zip(cities.strings("name_en")!, cities.strings("adcode")!).map { $0.isEmpty ? $1 : $0 }
        let top = pops.indices.sorted { pops[$0] != pops[$1] ? pops[$0] > pops[$1] : $0 < $1 }.prefix(20)
        var hubsCSV = "name,lon,lat,population\n"
        for i in top { hubsCSV += "\(names[i]),\(cities.features[i].geometry!.xs[0]),\(cities.features[i].geometry!.ys[0]),\(Int(pops[i]))\n" }
        try AtomicOutput.write(text: hubsCSV, to: "\(out)/hubs20.csv")
        Diagnostics.note("wrote \(out)/points.csv (\(set.count) points), hubs20.csv, provinces.gpkg, prefectures.gpkg")

        let builder = try ZoneSetBuilder(data: data)
        var rows: [(String, Double)] = []
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            var t = [Double]()
            for _ in 0..<max(runs, 1) {
                let s = Date()
                try body()
                t.append(Date().timeIntervalSince(s))
            }
            t.sort()
            rows.append((name, t[t.count / 2]))
        }
        var assignment: UnitAssignment?
        try time("prefecture index build (370 polygons)") { assignment = try UnitAssignment(data: data, level: .prefecture) }
        let province = try builder.build(.province), prefecture = try builder.build(.prefecture)
        var units = [Int32]()
        time("point-in-polygon, \(set.count) points → prefecture") { units = assignment!.units(of: set) }
        try time("count per province and prefecture") {
            for (s, n) in [(province, ZoneSetName.province), (prefecture, .prefecture)] {
                _ = PointStatistics(set: s, zoneOfPoint: try assignment!.zones(of: units, in: s, name: n, points: set), points: set)
            }
        }
        var o = DensityOptions()
        o.units = .perCell
        let clip = try data.countryOutline()
        var kde: KernelDensity.Result?
        try time("Gaussian KDE 20 km on the 1 km Albers grid") { kde = try KernelDensity.estimate(points: set, options: o, clip: clip) }
        try RasterWriter.writeGeoTIFF(kde!.grid, to: "\(out)/kde.tif", metadata: kde!.metadata)
        let zones = try builder.build(.prefecture, geometry: true).zones
        let raster = try RasterSource(path: "\(out)/kde.tif")
        var zonal = [ZonalStatistics]()
        try time("exact zonal sum per prefecture (370)") { zonal = try ZonalAnalysis.run(raster: raster, zones: zones) }
        try AtomicOutput.write(text: ZonalAnalysis.csv(zones: zones, stats: zonal, columns: ["sum"]), to: "\(out)/zonal_ours.csv")
        print("kernel\tmedian_s")
        for (name, t) in rows { print(String(format: "%@\t%.4f", name, t)) }
        print(String(format: "grid\t%d x %d cells, threads %d", kde!.grid.width, kde!.grid.height, Parallel.threads))
    }
}

/// The seeded synthetic point layer of the benchmarks.
enum BenchData {
    /// `count` points drawn from the GeoNames cities in proportion to their population, each
    /// moved by a Gaussian offset of 10 km (in the Albers), weight = the city's population.
    static func generate(data: EmbeddedData, count: Int, seed: UInt64) throws -> PointSet {
        let cities = try data.layer("county_seats")
        let pop = cities.column("population_2020")!.map { $0.doubleValue ?? 0 }
        var cum = [Double](), acc = 0.0
        for p in pop { acc += p; cum.append(acc) }
        let fwd = try CoordinateTransform(from: .wgs84, to: .chinaAlbers), inv = try CoordinateTransform(from: .chinaAlbers, to: .wgs84)
        var cx = cities.features.map { $0.geometry!.xs[0] }, cy = cities.features.map { $0.geometry!.ys[0] }
        fwd.apply(xs: &cx, ys: &cy)
        var state = seed
        func next() -> Double {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; z ^= z >> 31
            return (Double(z >> 11) + 0.5) / Double(1 << 53)
        }
        var set = PointSet(source: "bench")
        set.weights = []
        for _ in 0..<count {
            let u = next() * acc
            var lo = 0, hi = cum.count - 1
            while lo < hi { let m = (lo + hi) / 2; if cum[m] < u { lo = m + 1 } else { hi = m } }
            let r = (-2 * log(next())).squareRoot(), a = 2 * Double.pi * next()
            set.xs.append(cx[lo] + 10_000 * r * cos(a)); set.ys.append(cy[lo] + 10_000 * r * sin(a))
            set.weights!.append(pop[lo])
        }
        inv.apply(xs: &set.xs, ys: &set.ys)
        return set
    }

    static func writeCSV(_ set: PointSet, to path: String) throws {
        var s = "id,lon,lat,weight\n"
        s.reserveCapacity(set.count * 40)
        for i in 0..<set.count {
            s += "\(i),\(String(format: "%.6f", set.xs[i])),\(String(format: "%.6f", set.ys[i])),\(Int(set.weights![i]))\n"
        }
        try AtomicOutput.write(text: s, to: path)
    }
}
