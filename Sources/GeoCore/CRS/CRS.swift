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
