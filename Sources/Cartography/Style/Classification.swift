import Foundation
import GeoCore

/// Class breaks for choropleths: quantile, equal interval, Jenks natural breaks, or manual.
/// `breaks` returns the upper bounds of the first n−1 classes (the `step` stops).
public enum Classification: String, CaseIterable, Sendable {
    case quantile, equal, jenks, manual

    public func breaks(_ values: [Double], classes: Int, manual: [Double] = []) -> [Double] {
        let v = values.filter(\.isFinite).sorted()
        guard !v.isEmpty else { return [] }
        // Quantile and Jenks cannot make more classes than there are values; equal intervals can.
        let k = self == .equal ? max(classes, 1) : max(min(classes, v.count), 1)
        switch self {
        case .manual: return manual
        case .equal:
            let lo = v.first!, hi = v.last!
            return (1..<k).map { lo + (hi - lo) * Double($0) / Double(k) }
        case .quantile:
            var out = [Double]()
            for i in 1..<k {
                let b = v[min(Int((Double(i) * Double(v.count) / Double(k)).rounded(.down)), v.count - 1)]
                if out.last.map({ b > $0 }) ?? true { out.append(b) }
            }
            return out
        case .jenks: return Classification.jenks(v, k)
        }
    }

    /// Fisher–Jenks optimal breaks (dynamic programming on sorted values, minimising the
    /// within-class sum of squared deviations). O(k·n²); fine for the few thousand zones a map has.
    static func jenks(_ v: [Double], _ k: Int) -> [Double] {
        let n = v.count
        guard k > 1, n > k else { return Array(v.dropFirst().prefix(k - 1)) }
        var prefix = [0.0], prefix2 = [0.0]
        for x in v { prefix.append(prefix.last! + x); prefix2.append(prefix2.last! + x * x) }
        func ssd(_ i: Int, _ j: Int) -> Double {   // values i..<j
            let s = prefix[j] - prefix[i], s2 = prefix2[j] - prefix2[i], m = Double(j - i)
            return s2 - s * s / m
        }
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: n + 1), count: k + 1)
        var cut = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: k + 1)
        cost[0][0] = 0
        for c in 1...k {
            for j in c...n {
                for i in (c - 1)..<j where cost[c - 1][i] < .infinity {
                    let t = cost[c - 1][i] + ssd(i, j)
                    if t < cost[c][j] { cost[c][j] = t; cut[c][j] = i }
                }
            }
        }
        var bounds = [Int](), j = n
        for c in stride(from: k, to: 1, by: -1) { j = cut[c][j]; bounds.append(j) }
        return bounds.reversed().map { v[$0 - 1] }
    }
}

/// ColorBrewer palettes by name (Styles/palettes/colorbrewer.json).
public struct Palettes: Sendable {
    public struct Scheme: Sendable {
        public var type: String
        public var colorblindSafe: Bool
        public var colors: [Int: [String]]
    }

    public let schemes: [String: Scheme]

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw HinterlandError(path, "palette file missing") }
        let j = try JSONValue.parse(data, path: path)
        var s = [String: Scheme]()
        for (name, v) in j["schemes"]?.object ?? [:] {
            var colors = [Int: [String]]()
            for (n, list) in v["colors"]?.object ?? [:] { colors[Int(n) ?? 0] = list.array?.compactMap(\.string) ?? [] }
            s[name] = Scheme(type: v["type"]?.string ?? "", colorblindSafe: v["colorblind_safe"]?.bool ?? false, colors: colors)
        }
        schemes = s
    }

    /// `n` colours of a scheme (the nearest size ColorBrewer defines, interpolated if larger).
    public func colors(_ name: String, _ n: Int) -> [RGBA]? {
        guard let s = schemes[name] else { return nil }
        if let exact = s.colors[n] { return exact.compactMap(RGBA.init(css:)) }
        let sizes = s.colors.keys.sorted()
        guard let biggest = sizes.last, let base = s.colors[biggest]?.compactMap(RGBA.init(css:)), !base.isEmpty else { return nil }
        if n < sizes.first! { return Array(s.colors[sizes.first!]!.compactMap(RGBA.init(css:)).prefix(n)) }
        return (0..<n).map { i in
            let t = n == 1 ? 0 : Double(i) / Double(n - 1) * Double(base.count - 1)
            let a = Int(t.rounded(.down)), b = min(a + 1, base.count - 1)
            return base[a].mix(base[b], t - Double(a))
        }
    }
}
