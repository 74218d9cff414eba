/// A coordinate reference system, kept as the user's definition string and resolved by PROJ
/// (or GDAL) where it is used. Two pseudo-CRSs name the Chinese obfuscated datums, which
/// PROJ does not know: `gcj02` (Mars coordinates, used by Amap, Tencent, Apple in China) and
/// `bd09` (Baidu). Both are WGS84 plus a closed-form offset; see `ChineseOffsets`.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
    public var definition: String

    public init(_ definition: String) {
        self.definition = definition.trimmingCharacters(in: .whitespaces)
    }

    public static let wgs84 = CRS("EPSG:4326")
    /// The China Albers equal-area conic used for every area and grid: standard parallels
    /// 25°N and 47°N, central meridian 105°E, WGS84.
    public static let chinaAlbers = CRS("+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs")
    /// The name the China Albers carries in every file the tool writes (GeoTIFF citation,
    /// GeoPackage `srs_name`, WKT2), so GIS software shows it instead of "unknown".
    public static let chinaAlbersName = "China Albers Equal Area (25N, 47N, 105E)"
    /// The China Albers as a full WKT2 (ISO 19162:2019) definition with its name: the same
    /// system as `chinaAlbers` (PROJ finds them equivalent), written into files.
    public static let chinaAlbersWKT2 = """
        PROJCRS["\(chinaAlbersName)",
            BASEGEOGCRS["WGS 84",
                DATUM["World Geodetic System 1984",
                    ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],
                PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],
                ID["EPSG",4326]],
            CONVERSION["Albers Equal Area (25N, 47N, 105E)",
                METHOD["Albers Equal Area",ID["EPSG",9822]],
                PARAMETER["Latitude of false origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8821]],
                PARAMETER["Longitude of false origin",105,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8822]],
                PARAMETER["Latitude of 1st standard parallel",25,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8823]],
                PARAMETER["Latitude of 2nd standard parallel",47,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8824]],
                PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1],ID["EPSG",8826]],
                PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1],ID["EPSG",8827]]],
            CS[Cartesian,2],
                AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],
                AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]],
            USAGE[
                SCOPE["Equal-area statistics and maps of China."],
                AREA["China."],
                BBOX[3.4,73.4,53.6,135.1]]]
        """
    public static let gcj02 = CRS("gcj02")
    public static let bd09 = CRS("bd09")

    /// The Chinese offset datum this CRS names, if any.
    public var chineseOffset: ChineseOffsets.Datum? {
        switch definition.lowercased() {
        case "gcj02", "gcj-02", "gcj_02": return .gcj02
        case "bd09", "bd-09", "bd_09", "bd09ll": return .bd09
        default: return nil
        }
    }

    public var description: String { definition }
}

import Foundation
