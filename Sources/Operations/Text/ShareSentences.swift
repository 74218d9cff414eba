import Foundation
import Analysis

/// The sentences papers write from a shares table — "华东占43.2%，华南占19.1%", "clusters
/// above 5 %: …", "77 % of the energy bases lie in the north", "the west's share rose from …
/// to …" — one paragraph per layer × zone set, shares rounded to one decimal as papers print
/// them. Weighted layers speak of weight shares.
struct ShareSentences {
    var language: Language
    var minShare: Double

    func text(_ entries: [StatsRequest.Entry]) -> String {
        var out = [String]()
        var groups = [(String, String)]()
        for e in entries where !groups.contains(where: { $0 == (e.layer, e.stats.zoneSet) }) { groups.append((e.layer, e.stats.zoneSet)) }
        for (layer, set) in groups {
            let g = entries.filter { $0.layer == layer && $0.stats.zoneSet == set }
            var para = g.map { paragraph($0) }
            if g.count > 1 { para.append(change(first: g.first!, last: g.last!)) }
            out.append(para.joined(separator: language == .zh ? "" : " "))
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    /// How papers name each zone set.
    static let setNames: [String: (zh: String, en: String)] = [
        "province": ("省级行政区", "province"), "prefecture": ("地级行政区", "prefecture"), "county": ("县级行政区", "county"),
        "region4": ("四大区域", "the four economic regions"), "region7": ("七大地理分区", "the seven geographic regions"),
        "northsouth": ("南北方（秦岭—淮河）", "north and south (Qinling–Huaihe)"), "cluster": ("城市群", "urban cluster"),
        "huline": ("胡焕庸线两侧", "the two sides of the Hu Line"), "thirdfront": ("三线地区", "the Third Front"),
        "yangtze_belt": ("长江经济带", "the Yangtze River Economic Belt"), "yellow_river": ("黄河流域", "the Yellow River basin"),
    ]

    func setName(_ s: String) -> String {
        Self.setNames[s].map { language == .zh ? $0.zh : $0.en } ?? s
    }

    func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    func name(_ r: PointStatistics.Row, _ set: ZoneSet) -> String {
        if language == .en, let z = set.zones.first(where: { $0.code == r.code }), !z.nameEn.isEmpty { return z.nameEn }
        return r.name
    }

    func share(_ r: PointStatistics.Row, _ s: PointStatistics) -> Double { s.weighted ? r.weightShare : r.share }

    func paragraph(_ e: StatsRequest.Entry) -> String {
        let s = e.stats
        let rows = s.orderedRows(sorted: true).filter { $0.code != "(outside)" }
        let top = Array(rows.prefix(s.rows.count <= 4 ? s.rows.count : 3))
        let above = rows.filter { share($0, s) >= minShare }
        let total = s.weighted ? String(format: "%.6g", s.totalWeight) : String(s.totalCount)
        let when = e.period.isEmpty ? "" : (language == .zh ? "\(e.period)年，" : "In \(e.period), ")
        var text: String
        if language == .zh {
            let what = s.weighted ? "\(e.layer)（权重合计\(total)）" : "\(e.layer)（共\(total)个）"
            text = when + "按\(setName(s.zoneSet))划分，\(what)中" + top.map { "\(name($0, e.set))占\(pct(share($0, s)))" }.joined(separator: "，") + "。"
            if !above.isEmpty && above.count < rows.count {
                text += "占比\(pct(minShare))以上的有\(above.map { name($0, e.set) }.joined(separator: "、"))，合计\(pct(above.reduce(0) { $0 + share($1, s) }))。"
            }
            if s.outside.count > 0 { text += "另有\(pct(share(s.outside, s)))不在任何分区内。" }
        } else {
            let what = s.weighted ? "the weight of \(e.layer) (total \(total))" : "the \(total) points of \(e.layer)"
            text = when.isEmpty ? "By \(setName(s.zoneSet)), " : when + "by \(setName(s.zoneSet)), "
            text += "\(pct(share(top[0], s))) of \(what) lie in \(name(top[0], e.set))"
            let rest = top.dropFirst().map { "\(pct(share($0, s))) in \(name($0, e.set))" }
            text += rest.isEmpty ? "." : ", " + rest.joined(separator: ", ") + "."
            if !above.isEmpty && above.count < rows.count {
                text += " Zones at or above \(pct(minShare)): \(above.map { name($0, e.set) }.joined(separator: ", ")) (together \(pct(above.reduce(0) { $0 + share($1, s) })))."
            }
            if s.outside.count > 0 { text += " \(pct(share(s.outside, s))) lie in no zone." }
        }
        for (c, cat) in s.categoryNames.enumerated() where s.categoryTotals[c] > 0 {
            guard let best = rows.max(by: { $0.byCategory[c] < $1.byCategory[c] }) else { continue }
            let v = best.byCategory[c] / s.categoryTotals[c]
            text += language == .zh ? "\(cat)的\(pct(v))位于\(name(best, e.set))。" : " \(pct(v)) of \(cat) lie in \(name(best, e.set))."
        }
        return text
    }

    /// The change of each zone at or above the threshold in the last period.
    func change(first: StatsRequest.Entry, last: StatsRequest.Entry) -> String {
        let a = first.stats, b = last.stats
        var parts = [String]()
        for r in b.orderedRows(sorted: true) where r.code != "(outside)" && share(r, b) >= minShare {
            guard let r0 = (a.rows + [a.outside]).first(where: { $0.code == r.code }) else { continue }
            let s0 = share(r0, a), s1 = share(r, b), d = (s1 - s0) * 100
            if language == .zh {
                parts.append("\(name(r, last.set))的占比由\(first.period)年的\(pct(s0))\(d >= 0 ? "升至" : "降至")\(last.period)年的\(pct(s1))（\(String(format: "%+.1f", d))个百分点）")
            } else {
                parts.append("\(name(r, last.set))'s share \(d >= 0 ? "rose" : "fell") from \(pct(s0)) in \(first.period) to \(pct(s1)) in \(last.period) (\(String(format: "%+.1f", d)) percentage points)")
            }
        }
        guard !parts.isEmpty else { return "" }
        return language == .zh ? parts.joined(separator: "；") + "。" : " " + parts.joined(separator: "; ") + "."
    }
}
