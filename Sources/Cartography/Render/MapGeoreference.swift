import CGDAL
import Foundation
import GeoCore
import GeoIO

/// Georeferenced map outputs: a world file (.pgw) and a GDAL .aux.xml with the CRS next to a
/// PNG, and a GeoPDF written by GDAL's PDF driver (ISO 32000 georeferencing, the map frame as
/// its neatline). Both place the page by the main map frame's transform: the inset and the
/// furniture carry the same affine coordinates but are not part of the map.
enum MapGeoreference {
    /// The six world-file lines for a PNG at `scale` × the page: pixel size, rotations (0),
    /// then the plane coordinates of the centre of the top-left pixel.
    static func worldFile(_ g: PageGeoreference, scale: Double) -> String {
        let a = 1 / (g.scale * scale)
        let c = g.x0 + (0.5 / scale - g.offsetX) / g.scale, f = g.y1 - (0.5 / scale - g.offsetY) / g.scale
        return [a, 0, 0, -a, c, f].map { String(format: "%.10f", $0) }.joined(separator: "\n") + "\n"
    }

    static func wkt(_ crs: String) throws -> String {
        GDALAllRegister()
        guard let srs = OSRNewSpatialReference(nil) else { throw HinterlandError("CRS", "cannot allocate") }
        defer { OSRRelease(srs) }
        guard OSRSetFromUserInput(srs, crs) == OGRERR_NONE else { throw HinterlandError("CRS '\(crs)'", "not a CRS GDAL/PROJ understands") }
        var out: UnsafeMutablePointer<CChar>?
        guard OSRExportToWkt(srs, &out) == OGRERR_NONE, let out else { throw HinterlandError("CRS '\(crs)'", "cannot write as WKT") }
        defer { VSIFree(out) }
        return String(cString: out)
    }

    static func auxXML(_ g: PageGeoreference) throws -> String {
        let w = try wkt(g.crsWKT).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        return "<PAMDataset>\n  <SRS>\(w)</SRS>\n</PAMDataset>\n"
    }

    static func writeGeoPDF(_ list: DisplayList, georeference g: PageGeoreference, to path: String, scale: Double) throws {
        // 2 × the page (192 dpi) unless asked for more: legible text in a raster PDF.
        let s = max(scale, 2)
        let (rgba, w, h) = try CairoRenderer.pixels(list, scale: s, what: path)
        GDALAllRegister()
        guard let mem = GDALGetDriverByName("MEM"), let pdf = GDALGetDriverByName("PDF") else {
            throw HinterlandError(path, "this GDAL has no PDF driver")
        }
        guard let ds = GDALCreate(mem, "", Int32(w), Int32(h), 3, GDT_Byte, nil) else { throw HinterlandError(path, "cannot make the image") }
        defer { GDALClose(ds) }
        var band = [UInt8](repeating: 255, count: w * h)
        for b in 0..<3 {
            for i in 0..<(w * h) {
                // Composite on white (the page background is opaque; this only guards transparency).
                let a = Int(rgba[i * 4 + 3]), v = Int(rgba[i * 4 + b])
                band[i] = UInt8((v * a + 255 * (255 - a)) / 255)
            }
            let err = band.withUnsafeMutableBytes {
                GDALRasterIO(GDALGetRasterBand(ds, Int32(b + 1)), GF_Write, 0, 0, Int32(w), Int32(h), $0.baseAddress, Int32(w), Int32(h), GDT_Byte, 0, 0)
            }
            guard err == CE_None else { throw HinterlandError(path, "cannot fill the image") }
        }
        let px = 1 / (g.scale * s)
        var gt = [g.x0 - g.offsetX / g.scale, px, 0, g.y1 + g.offsetY / g.scale, 0, -px]
        GDALSetGeoTransform(ds, &gt)
        let wkt = try wkt(g.crsWKT)
        GDALSetProjection(ds, wkt)
        // The neatline: the map frame's corners in the plane.
        var corners = [(Double, Double)]()
        if let frame = list.mapFrame {
            for (x, y) in [(frame.x, frame.y), (frame.maxX, frame.y), (frame.maxX, frame.maxY), (frame.x, frame.maxY), (frame.x, frame.y)] {
                corners.append((g.x0 + (x - g.offsetX) / g.scale, g.y1 - (y - g.offsetY) / g.scale))
            }
        }
        var options: [String] = ["DPI=\(Int((96 * s).rounded()))", "GEO_ENCODING=ISO32000", "COMPRESS=DEFLATE"]
        if !corners.isEmpty { options.append("NEATLINE=POLYGON((" + corners.map { String(format: "%.3f %.3f", $0.0, $0.1) }.joined(separator: ",") + "))") }
        if let title = list.title { options.append("TITLE=\(title)") }
        var cOptions: [UnsafeMutablePointer<CChar>?] = options.map { strdup($0) } + [nil]
        defer { for p in cOptions { free(p) } }
        guard let out = GDALCreateCopy(pdf, path, ds, 0, &cOptions, nil, nil) else {
            throw HinterlandError(path, "GDAL could not write the GeoPDF (\(String(cString: CPLGetLastErrorMsg())))")
        }
        GDALClose(out)
    }
}
