/// A small seeded generator so every test sees the same "random" inputs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// A random star-shaped polygon ring (closed) around (cx, cy).
func starRing(cx: Double, cy: Double, radius: Double, vertices: Int, rng: inout SplitMix) -> (xs: [Double], ys: [Double]) {
    var xs = [Double](), ys = [Double]()
    for i in 0..<vertices {
        let a = 2 * Double.pi * (Double(i) + Double.random(in: 0..<0.8, using: &rng)) / Double(vertices)
        let r = radius * Double.random(in: 0.3...1, using: &rng)
        xs.append(cx + r * cos(a)); ys.append(cy + r * sin(a))
    }
    xs.append(xs[0]); ys.append(ys[0])
    return (xs, ys)
}

/// Slow, obviously correct even-odd test.
func bruteContains(_ xs: [Double], _ ys: [Double], _ offsets: [Int], _ x: Double, _ y: Double) -> Bool {
    var inside = false
    for r in 0..<(offsets.count - 1) {
        for i in offsets[r]..<(offsets[r + 1] - 1) {
            let (x0, y0, x1, y1) = (xs[i], ys[i], xs[i + 1], ys[i + 1])
            if (y0 > y) != (y1 > y), x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) { inside.toggle() }
        }
    }
    return inside
}

import Foundation
