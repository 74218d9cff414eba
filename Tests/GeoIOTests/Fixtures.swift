import Foundation
import GeoCore

/// Small fixtures the tests make themselves.
enum Fixtures {
    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hinterland-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    /// Two polygons (one with a hole, one multipart) and Chinese attributes.
    static func polygons() -> FeatureTable {
        var withHole = Geometry.polygon(ring: [100, 102, 102, 100], [30, 30, 32, 32])
        let hole = Geometry.polygon(ring: [100.5, 101, 101, 100.5], [30.5, 30.5, 31, 31])
        withHole.xs += hole.xs; withHole.ys += hole.ys
        withHole.partOffsets.append(withHole.xs.count); withHole.polygonOffsets = [0, 2]
        var multi = Geometry.polygon(ring: [110, 111, 111, 110], [20, 20, 21, 21])
        multi.append(.polygon(ring: [112, 113, 113, 112], [20, 20, 21, 21]))
        return FeatureTable(name: "zones", crs: .wgs84, geometryKind: .polygon,
                            fields: [Field("code", .string), Field("name", .string), Field("pop", .integer), Field("share", .real)],
                            features: [
                                Feature(geometry: withHole, values: [.string("510000"), .string("四川省"), .integer(83_674_866), .real(0.0594)]),
                                Feature(geometry: multi, values: [.string("460000"), .string("海南省"), .integer(10_081_232), .null]),
                            ])
    }

    /// A raster with nodata left of a diagonal (whole tiles of it at the top left), zeros in
    /// a block, and a smooth surface with noisy low bits elsewhere.
    static func raster(width: Int, height: Int, seed: UInt64) -> Grid {
        var g = Grid(width: width, height: height, geoTransform: [500_000, 1000, 0, 4_000_000, 0, -1000], crs: .chinaAlbers, nodata: -9999)
        var s = seed
        for r in 0..<height {
            for c in 0..<width {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                let noise = Float(s >> 40) / Float(1 << 24)
                g.values[r * width + c] = c + r < 300 ? -9999 : (r > 400 && c < 200 ? 0 : Float(r * c) / 1000 + noise)
            }
        }
        return g
    }

    /// Runs a command, returning exit status and output.
    @discardableResult
    static func run(_ exe: String, _ args: [String], env: [String: String] = [:]) -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let o = Pipe(), er = Pipe()
        p.standardOutput = o; p.standardError = er
        try! p.run()
        let od = o.fileHandleForReading.readDataToEndOfFile(), ed = er.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: od, as: UTF8.self), String(decoding: ed, as: UTF8.self))
    }
}
