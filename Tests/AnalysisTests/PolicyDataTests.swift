import Analysis
import Foundation
import GeoCore
import GeoIO
import Testing

/// The policy layers and tables: corridor gateways inside the country, the corridors
/// connected as described, the Qinling–Huaihe line where the descriptions put it.
struct PolicyDataTests {
    static func outline() throws -> [Geometry] { try Shared.with { try $0.data.countryOutline() } }

    @Test func everyGatewayAndCorridorNodeLiesInsideChina() throws {
        let country = try Self.outline()
        for table in ["corridor_gateways", "land_sea_corridor"] {
            let rows = try Shared.with { try $0.data.table(table).records }
            #expect(!rows.isEmpty)
            for r in rows {
                let x = Double(r["lon_wgs84"]!)!, y = Double(r["lat_wgs84"]!)!
                #expect(country.contains { $0.contains(x: x, y: y) }, "\(table): \(r["node"]!) (\(x), \(y)) lies outside the national outline")
            }
        }
    }

    /// The China–Mongolia–Russia north-east channel runs 天津—沈阳—长春—哈尔滨—满洲里, with
    /// 大连 joined at 沈阳: every branch starts at a node of the corridor.
    @Test func northEastCorridorIsConnected() throws {
        let rows = try Shared.with { try $0.data.table("corridor_gateways").records }.filter { $0["corridor"] == "中蒙俄" }
        func branch(_ b: String) -> [String] { rows.filter { $0["branch"] == b }.map { $0["node"]! } }
        #expect(branch("b") == ["天津", "沈阳", "长春", "哈尔滨", "满洲里"])
        #expect(rows.first { $0["node"] == "大连" }?["branch_from"] == "沈阳")
        let nodes = Set(rows.map { $0["node"]! })
        for r in rows where !(r["branch_from"] ?? "").isEmpty { #expect(nodes.contains(r["branch_from"]!), "\(r["node"]!) branches from a node not on the corridor") }
        // 天津 (start of branch b) is on the 北京 end of the corridor's network: within 120 km of 北京.
        let g = Geodesic()
        let tj = rows.first { $0["node"] == "天津" }!, bj = rows.first { $0["node"] == "北京" }!
        #expect(g.inverse(lon1: Double(tj["lon_wgs84"]!)!, lat1: Double(tj["lat_wgs84"]!)!, lon2: Double(bj["lon_wgs84"]!)!, lat2: Double(bj["lat_wgs84"]!)!).distance < 120_000)
    }

    /// The line runs from the 迭山 north of 迭部 (about 103.2°E) to the Yellow Sea coast of 滨海县
    /// (about 120.3°E), everywhere between 32°N and 35°N, and never touches 新疆 or 西藏.
    @Test func qinlingHuaiheLineRunsFromDiebuToTheSea() throws {
        let line = try Shared.with { try $0.data.layer("qinling_huaihe") }
        let xs = line.features.flatMap { $0.geometry!.xs }, ys = line.features.flatMap { $0.geometry!.ys }
        #expect(abs(xs.min()! - 103.25) < 0.3 && abs(xs.max()! - 120.3) < 0.3)
        #expect(ys.allSatisfy { $0 > 32 && $0 < 35 })
        let provinces = try Shared.with { try $0.data.layer("provinces") }
        let codes = provinces.strings("adcode")!
        for (c, f) in zip(codes, provinces.features) where c == "650000" || c == "540000" {
            #expect(!zip(xs, ys).contains { f.geometry!.contains(x: $0.0, y: $0.1) }, "\(c)")
        }
    }
}
