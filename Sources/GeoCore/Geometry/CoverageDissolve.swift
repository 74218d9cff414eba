/// Dissolves polygons of a coverage (neighbours share exact vertices along common edges, as
/// the embedded boundaries do) without an overlay: every ring is oriented (exteriors
/// counter-clockwise, holes clockwise) and split into directed edges; an edge shared by two
/// members appears once in each direction and cancels; what is left is the outline of the
/// union, already oriented, and is chained into rings. Holes go to the smallest exterior
/// that contains them. Linear in the number of edges.
public enum CoverageDissolve {
    struct P: Hashable { var x, y: UInt64 }
    struct E: Hashable { var a, b: P }

    public static func union(_ members: [Geometry]) -> Geometry {
        var count = [E: Int]()
        var order = [E]()
        for g in members where g.kind == .polygon {
            for p in 0..<g.polygonCount {
                for (k, ring) in g.ringRange(p).enumerated() {
                    let r = g.partRange(ring)
                    guard r.count >= 4 else { continue }
                    let area = g.planarRingArea(ring)
                    // Exterior rings counter-clockwise (area > 0), holes clockwise.
                    let forward = (k == 0) == (area > 0)
                    let idx = forward ? Array(r) : Array(r.reversed())
                    for i in 0..<(idx.count - 1) {
                        let a = P(x: g.xs[idx[i]].bitPattern, y: g.ys[idx[i]].bitPattern)
                        let b = P(x: g.xs[idx[i + 1]].bitPattern, y: g.ys[idx[i + 1]].bitPattern)
                        if a == b { continue }
                        let e = E(a: a, b: b), rev = E(a: b, b: a)
                        if let n = count[rev], n > 0 { count[rev] = n - 1; continue }
                        if count[e] == nil { order.append(e) }
                        count[e, default: 0] += 1
                    }
                }
            }
        }
        // Outgoing edges per vertex, in first-seen order (deterministic).
        var outgoing = [P: [E]]()
        for e in order { for _ in 0..<(count[e] ?? 0) { outgoing[e.a, default: []].append(e) } }
        var rings = [([Double], [Double])]()
        for e0 in order {
            while let start = outgoing[e0.a]?.firstIndex(of: e0) {
                var xs = [Double](), ys = [Double]()
                var e = outgoing[e0.a]!.remove(at: start)
                let origin = e.a
                xs.append(Double(bitPattern: e.a.x)); ys.append(Double(bitPattern: e.a.y))
                while true {
                    xs.append(Double(bitPattern: e.b.x)); ys.append(Double(bitPattern: e.b.y))
                    if e.b == origin { break }
                    guard var next = outgoing[e.b], !next.isEmpty else { break }
                    e = next.removeFirst()
                    outgoing[e.a] = next
                }
                if xs.count >= 4 && xs.first == xs.last && ys.first == ys.last { rings.append((xs, ys)) }
            }
        }
        // Exteriors (positive area) and holes (negative), holes into their smallest container.
        func area(_ r: ([Double], [Double])) -> Double {
            Geometry(kind: .polygon, xs: r.0, ys: r.1, partOffsets: [0, r.0.count], polygonOffsets: [0, 1]).planarRingArea(0)
        }
        let areas = rings.map(area)
        let exteriors = rings.indices.filter { areas[$0] > 0 }.sorted { areas[$0] > areas[$1] }
        var holesOf = [Int: [Int]]()
        for h in rings.indices where areas[h] < 0 {
            let (hx, hy) = (rings[h].0[0], rings[h].1[0])
            let container = exteriors.reversed().first { e in
                Geometry(kind: .polygon, xs: rings[e].0, ys: rings[e].1, partOffsets: [0, rings[e].0.count], polygonOffsets: [0, 1]).contains(x: hx, y: hy)
            }
            if let c = container { holesOf[c, default: []].append(h) }
        }
        var out = Geometry(kind: .polygon, xs: [], ys: [], partOffsets: [0], polygonOffsets: [0])
        for e in exteriors {
            for r in [e] + (holesOf[e] ?? []) {
                out.xs += rings[r].0; out.ys += rings[r].1
                out.partOffsets.append(out.xs.count)
            }
            out.polygonOffsets.append(out.partOffsets.count - 1)
        }
        return out
    }
}
