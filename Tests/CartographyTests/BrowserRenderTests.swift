import CCairo
import Foundation
import Testing
@testable import Cartography

/// The SVG opens in a browser and looks like the Cairo PNG: headless Chromium (Debian
/// `chromium`) screenshots it, and the two images' colour histograms must nearly coincide.
struct BrowserRenderTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// A colour histogram (4 bits per channel) of a PNG, normalised; nil if it cannot be read.
    static func histogram(_ path: String) -> (width: Int, height: Int, bins: [Double])? {
        guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { return nil }
        defer { cairo_surface_destroy(s) }
        let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s)), stride = Int(cairo_image_surface_get_stride(s))
        guard let data = cairo_image_surface_get_data(s) else { return nil }
        var bins = [Double](repeating: 0, count: 4096)
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let p = row[x]
                let r = (p >> 20) & 0xF, g = (p >> 12) & 0xF, b = (p >> 4) & 0xF
                bins[Int(r << 8 | g << 4 | b)] += 1
            }
        }
        let n = Double(w * h)
        return (w, h, bins.map { $0 / n })
    }

    @Test func chromiumRendersTheSVGLikeCairo() throws {
        guard let chromium = Self.chromium else {
            #expect(!Self.onCI, "CI must have chromium (make test installs it)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let doc = try RenderTests.document(RenderTests.root.appendingPathComponent("Styles/fig1_population_density.json").path)
        try doc.write(to: "\(dir)/map.svg")
        try doc.write(to: "\(dir)/map.png")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir)/profile",
                       "--window-size=\(Int(doc.list.width)),\(Int(doc.list.height))", "--screenshot=\(dir)/chrome.png", "file://\(dir)/map.svg"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let a = try #require(Self.histogram("\(dir)/map.png")), b = try #require(Self.histogram("\(dir)/chrome.png"))
        #expect(a.width == b.width && a.height == b.height)
        let overlap = zip(a.bins, b.bins).reduce(0) { $0 + min($1.0, $1.1) }
        #expect(overlap > 0.95, "colour histograms overlap only \(overlap)")
    }
}
