import Foundation
import GeoCore
import Kernels

/// MapLibre's heatmap layer: every point spreads a Gaussian of `heatmap-radius` page pixels
/// (σ = radius / 3) weighted by `heatmap-weight`; the sum, scaled to 0–1 by its maximum, is
/// `["heatmap-density"]` for `heatmap-color`. Computed at page resolution with the separable
/// convolution kernel. (For analysis-grade surfaces use a density source instead.)
enum HeatmapPainter {
    static func draw(_ features: [MapFeature], painter p: LayerPainter, transform t: PageTransform, frame: PageRect) -> [DrawItem] {
        let w = Int(frame.width.rounded()), h = Int(frame.height.rounded())
        guard w > 0, h > 0 else { return [] }
        var grid = [Float](repeating: 0, count: w * h)
        for f in features where f.geometry.kind == .point {
            for k in 0..<f.geometry.xs.count {
                let q = t.point(lon: f.geometry.xs[k], lat: f.geometry.ys[k])
                let c = Int((q.x - frame.x).rounded(.down)), r = Int((q.y - frame.y).rounded(.down))
                guard c >= 0, c < w, r >= 0, r < h else { continue }
                grid[r * w + c] += Float(p.number("heatmap-weight", f.properties, default: 1))
            }
        }
        let radius = p.number("heatmap-radius", [:], default: 30)
        let taps = KernelShape.gaussian.taps1D(bandwidthCells: max(radius / 3, 0.5)).map(Float.init)
        var smooth = grid
        smooth.withUnsafeMutableBufferPointer { SeparableConvolution.convolveInPlace($0, width: w, height: h, taps: taps) }
        let peak = smooth.max() ?? 0
        guard peak > 0 else { return [] }
        let opacity = p.number("heatmap-opacity", [:], default: 1)
        var px = [UInt8](repeating: 0, count: w * h * 4)
        var lut = [RGBA](repeating: .clear, count: 256)
        for i in 0..<256 {
            let c = p.color("heatmap-color", ["heatmap-density": .number(Double(i) / 255)], default: nil)
                ?? RGBA(0.9, 0.3, 0.1, Double(i) / 255)
            lut[i] = c.withAlpha(opacity)
        }
        for i in 0..<(w * h) {
            let d = Int((min(max(smooth[i] / peak, 0), 1) * 255).rounded())
            guard d > 0 else { continue }
            let c = lut[d]
            px[i * 4] = UInt8((c.r * 255).rounded()); px[i * 4 + 1] = UInt8((c.g * 255).rounded())
            px[i * 4 + 2] = UInt8((c.b * 255).rounded()); px[i * 4 + 3] = UInt8((min(max(c.a, 0), 1) * 255).rounded())
        }
        return [.image(pixels: px, width: w, height: h, rect: frame)]
    }
}
