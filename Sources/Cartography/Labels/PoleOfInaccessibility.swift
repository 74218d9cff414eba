import Foundation

/// The pole of inaccessibility of a polygon in page pixels: the interior point farthest
/// from its outline, where a label fits best (the polylabel idea: a best-first search over
/// square cells, pruned by the most a cell could still gain). Works on the largest part.
public enum PoleOfInaccessibility {
    public static func find(_ rings: [[PagePoint]], precision: Double = 1) -> (point: PagePoint, distance: Double)? {
        // Placement needs no more than ~1,500 vertices a ring: thin long rings evenly.
        let rings = rings.map { r in r.count <= 1500 ? r : stride(from: 0, to: r.count, by: (r.count + 1499) / 1500).map { r[$0] } }
        guard let outer = rings.max(by: { area($0) < area($1) }), outer.count >= 3 else { return nil }
        // Holes of the largest ring: rings inside its box (good enough for labels).
        let box = bounds(outer)
        let poly = [outer] + rings.filter { $0 != outer && bounds($0).x >= box.x && bounds($0).maxX <= box.maxX && area($0) < area(outer) && contains([outer], centroid($0)) }
        let size = min(box.width, box.height)
        guard size > 0 else { return (PagePoint(box.x, box.y), 0) }
        var h = size / 2
        struct Cell { var x, y, h, d, max: Double }
        func cell(_ x: Double, _ y: Double, _ h: Double) -> Cell {
            let d = signedDistance(PagePoint(x, y), poly)
            return Cell(x: x, y: y, h: h, d: d, max: d + h * 2.0.squareRoot())
        }
        var queue = [Cell]()
        var x = box.x
        while x < box.maxX { var y = box.y; while y < box.maxY { queue.append(cell(x + h, y + h, h)); y += size }; x += size }
        let c = centroid(outer)
        var best = cell(c.x, c.y, 0)
        let bboxCentre = cell(box.x + box.width / 2, box.y + box.height / 2, 0)
        if bboxCentre.d > best.d { best = bboxCentre }
        // Best-first by potential, from a binary max-heap (ties by position: deterministic).
        func before(_ a: Cell, _ b: Cell) -> Bool { (a.max, -a.x, -a.y) > (b.max, -b.x, -b.y) }
        func push(_ c: Cell) {
            queue.append(c)
            var i = queue.count - 1
            while i > 0, before(queue[i], queue[(i - 1) / 2]) { queue.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> Cell {
            let top = queue[0], last = queue.removeLast()
            if !queue.isEmpty {
                queue[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < queue.count, before(queue[l], queue[m]) { m = l }
                    if r < queue.count, before(queue[r], queue[m]) { m = r }
                    if m == i { break }
                    queue.swapAt(i, m); i = m
                }
            }
            return top
        }
        let initial = queue
        queue = []
        for c in initial { push(c) }
        var iterations = 0
        while !queue.isEmpty && iterations < 5_000 {
            iterations += 1
            let cur = pop()
            if cur.d > best.d { best = cur }
            if cur.max - best.d <= precision { continue }
            h = cur.h / 2
            for c in [cell(cur.x - h, cur.y - h, h), cell(cur.x + h, cur.y - h, h), cell(cur.x - h, cur.y + h, h), cell(cur.x + h, cur.y + h, h)] { push(c) }
        }
        return (PagePoint(best.x, best.y), best.d)
    }

    static func area(_ r: [PagePoint]) -> Double {
        var s = 0.0
        for i in 0..<r.count { let a = r[i], b = r[(i + 1) % r.count]; s += a.x * b.y - b.x * a.y }
        return abs(s / 2)
    }

    static func bounds(_ r: [PagePoint]) -> PageRect {
        let xs = r.map(\.x), ys = r.map(\.y)
        return PageRect(xs.min()!, ys.min()!, xs.max()! - xs.min()!, ys.max()! - ys.min()!)
    }

    static func centroid(_ r: [PagePoint]) -> PagePoint {
        var cx = 0.0, cy = 0.0, a = 0.0
        for i in 0..<r.count {
            let p = r[i], q = r[(i + 1) % r.count], f = p.x * q.y - q.x * p.y
            cx += (p.x + q.x) * f; cy += (p.y + q.y) * f; a += f
        }
        if a == 0 { return r[0] }
        return PagePoint(cx / (3 * a), cy / (3 * a))
    }

    static func contains(_ rings: [[PagePoint]], _ p: PagePoint) -> Bool {
        var inside = false
        for r in rings { var j = r.count - 1
            for i in 0..<r.count {
                if (r[i].y > p.y) != (r[j].y > p.y), p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x { inside.toggle() }
                j = i
            } }
        return inside
    }

    /// Distance to the outline, negative outside.
    static func signedDistance(_ p: PagePoint, _ rings: [[PagePoint]]) -> Double {
        var best = Double.infinity
        for r in rings { var j = r.count - 1
            for i in 0..<r.count {
                let a = r[j], b = r[i]
                let dx = b.x - a.x, dy = b.y - a.y
                var t = dx == 0 && dy == 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)
                t = min(max(t, 0), 1)
                let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
                best = min(best, ex * ex + ey * ey)
                j = i
            } }
        return (contains(rings, p) ? 1 : -1) * best.squareRoot()
    }
}

/// Page rectangles already taken by labels and symbols.
public struct CollisionIndex: Sendable {
    var rects: [PageRect] = []
    public init() {}
    public func fits(_ r: PageRect, within frame: PageRect) -> Bool {
        r.x >= frame.x && r.y >= frame.y && r.maxX <= frame.maxX && r.maxY <= frame.maxY && !rects.contains { $0.intersects(r) }
    }
    public mutating func insert(_ r: PageRect) { rects.append(r) }
}
