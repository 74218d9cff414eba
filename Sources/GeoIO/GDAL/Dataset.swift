import CGDAL
import Foundation
import GeoCore

/// An open GDAL dataset (vector, raster or both), closed when released.
final class Dataset {
    let handle: GDALDatasetH
    let path: String

    /// Opens `path` read-only (or for update), turning every failure into one clear line.
    init(path: String, vector: Bool = true, raster: Bool = false, update: Bool = false) throws {
        GDAL.clearErrors()
        let isConnection = DataSource.isConnection(path)
        if !isConnection {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw HinterlandError(path, "no such file")
            }
            if !isDir.boolValue && !FileManager.default.isReadableFile(atPath: path) {
                throw HinterlandError(path, "file is not readable (permission denied)")
            }
        }
        var flags = UInt32(GDAL_OF_VERBOSE_ERROR)
        if vector { flags |= UInt32(GDAL_OF_VECTOR) }
        if raster { flags |= UInt32(GDAL_OF_RASTER) }
        flags |= update ? UInt32(GDAL_OF_UPDATE) : UInt32(GDAL_OF_READONLY)
        // Shapefiles: GDAL recodes attributes to UTF-8 from the .cpg; without one it would assume
        // Latin-1. Chinese shapefiles without a .cpg are usually GBK: detect it from the .dbf.
        let openOptions = StringList()
        if let enc = Dataset.shapefileEncoding(path) { openOptions.set("ENCODING", enc) }
        guard let h = GDALOpenEx(path, flags, nil, openOptions.constPointer, nil) else {
            let what = vector && raster ? "a geospatial dataset" : vector ? "a vector dataset" : "a raster dataset"
            let msg = GDAL.lastError(or: "GDAL cannot open it")
            throw HinterlandError(DataSource.displayName(path), "not \(what) GDAL can read (\(Dataset.shorten(msg, path: path).replacingOccurrences(of: path, with: DataSource.displayName(path))))")
        }
        handle = h
        self.path = DataSource.displayName(path)
    }

    deinit { GDALClose(handle) }

    /// Process-wide override from --encoding for inputs without a declared encoding.
    nonisolated(unsafe) public static var declaredEncoding: String?

    /// The encoding to open a .shp with when it has no .cpg: --encoding, or GBK (CP936) when
    /// the .dbf's text is not valid UTF-8; nil to let GDAL decide.
    static func shapefileEncoding(_ path: String) -> String? {
        guard (path as NSString).pathExtension.lowercased() == "shp" else { return nil }
        let base = (path as NSString).deletingPathExtension
        let fm = FileManager.default
        if fm.fileExists(atPath: base + ".cpg") || fm.fileExists(atPath: base + ".CPG") { return nil }
        if let e = declaredEncoding { return e }
        guard let h = FileHandle(forReadingAtPath: base + ".dbf") ?? FileHandle(forReadingAtPath: base + ".DBF") else { return nil }
        defer { try? h.close() }
        let data = h.readData(ofLength: 1 << 20)
        return data.withUnsafeBytes { TextEncoding.detect($0) } == .gb18030 ? "CP936" : nil
    }

    var driverName: String {
        guard let d = GDALGetDatasetDriver(handle) else { return "?" }
        return String(cString: GDALGetDriverShortName(d))
    }

    var layerCount: Int { Int(GDALDatasetGetLayerCount(handle)) }

    func layer(named name: String?) throws -> OGRLayerH {
        if let name {
            guard let l = GDALDatasetGetLayerByName(handle, name) else {
                let names = (0..<layerCount).compactMap { GDALDatasetGetLayer(handle, Int32($0)) }
                    .map { String(cString: OGR_L_GetName($0)) }
                throw HinterlandError(path, "no layer '\(name)' (layers: \(names.joined(separator: ", ")))")
            }
            return l
        }
        guard layerCount > 0, let l = GDALDatasetGetLayer(handle, 0) else {
            throw HinterlandError(path, "has no vector layer")
        }
        return l
    }

    /// GDAL messages often repeat the path; keep them short.
    static func shorten(_ msg: String, path: String) -> String {
        var m = msg.replacingOccurrences(of: "`\(path)' ", with: "").replacingOccurrences(of: "'\(path)'", with: "it")
            .replacingOccurrences(of: path, with: "it")
        if m.count > 200 { m = String(m.prefix(200)) + "…" }
        return m
    }
}
