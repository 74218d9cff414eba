/// The borders between groups of units of a polygonal coverage (units that share exact
/// vertices along common edges, as the embedded boundaries do): an edge that belongs to two
/// units of different groups is a border edge; border edges are chained into lines.
/// Linear in the number of edges, unlike overlaying dissolved polygons.
public enum SharedBorders {
    struct Key: Hashable { var ax, ay, bx, by: UInt64 }
    struct Point: Hashable { var x, y: UInt64 }

    /// Lines separating units of different `group` values (units with group < 0 are ignored).
    public static func between(units: [Geometry], group: [Int]) -> [(a: Int, b: Int, line: Geometry)] {
        // Every edge, canonically ordered, with the groups on its sides.
        var owners = [Key: [Int]]()
        for (u, geom) in units.enumerated() where group[u] >= 0 && geom.kind == .polygon {
            let g = group[u]
            for part in 0..<geom.partCount {
                let r = geom.partRange(part)
                for i in r.lowerBound..<(r.upperBound - 1) {
                    let p = Point(x: geom.xs[i].bitPattern, y: geom.ys[i].bitPattern), q = Point(x: geom.xs[i + 1].bitPattern, y: geom.ys[i + 1].bitPattern)
                    if p == q { continue }
                    let k = (p.x, p.y) < (q.x, q.y) ? Key(ax: p.x, ay: p.y, bx: q.x, by: q.y) : Key(ax: q.x, ay: q.y, bx: p.x, by: p.y)
                    owners[k, default: []].append(g)
                }
            }
        }
        // Border edges grouped by the pair of groups they separate.
        var byPair = [[Int]: [Key]]()
        for (k, gs) in owners where gs.count == 2 && gs[0] != gs[1] {
            byPair[[min(gs[0], gs[1]), max(gs[0], gs[1])], default: []].append(k)
        }
        var out = [(Int, Int, Geometry)]()
        for pair in byPair.keys.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            let edges = byPair[pair]!.sorted { ($0.ax, $0.ay, $0.bx, $0.by) < ($1.ax, $1.ay, $1.bx, $1.by) }
            out.append((pair[0], pair[1], chain(edges)))
        }
        return out
    }

    /// Joins edges that meet end to end into as few lines as possible.
    static func chain(_ edges: [Key]) -> Geometry {
        var adjacency = [Point: [Int]]()
        for (i, e) in edges.enumerated() {
            adjacency[Point(x: e.ax, y: e.ay), default: []].append(i)
            adjacency[Point(x: e.bx, y: e.by), default: []].append(i)
        }
        var used = [Bool](repeating: false, count: edges.count)
        var g = Geometry(kind: .lineString, xs: [], ys: [], partOffsets: [0])
        func other(_ e: Key, _ p: Point) -> Point { Point(x: e.ax, y: e.ay) == p ? Point(x: e.bx, y: e.by) : Point(x: e.ax, y: e.ay) }
        // Start at line ends (points with one edge) first, then close loops.
        let starts = adjacency.keys.filter { adjacency[$0]!.count != 2 }.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
            + adjacency.keys.filter { adjacency[$0]!.count == 2 }.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        for s in starts {
            while let first = adjacency[s]!.first(where: { !used[$0] }) {
                var pts = [s], cur = s, e = first
                while true {
                    used[e] = true
                    cur = other(edges[e], cur)
                    pts.append(cur)
                    guard let next = adjacency[cur]!.first(where: { !used[$0] }), adjacency[cur]!.count == 2 else { break }
                    e = next
                }
                g.xs += pts.map { Double(bitPattern: $0.x) }; g.ys += pts.map { Double(bitPattern: $0.y) }
                g.partOffsets.append(g.xs.count)
            }
        }
        return g
    }
}
