import Foundation
import Testing
@testable import Operations

/// Requests from JSON: defaults, field errors naming the JSON path, unknown keys refused.
struct RequestDecodingTests {
    @Test func defaultsAndShorthands() throws {
        let q = try RequestDecoding.decode(StatsRequest.self, from: ["points": "a.csv", "by": "region4", "min_share": 0.05], at: "s")
        #expect(q.points.map(\.path) == ["a.csv"])
        #expect(q.by == ["region4"])
        #expect(q.minShare == 0.05)
        #expect(q.zones.level == .prefecture)
    }

    @Test func badValuesNameTheirPath() {
        #expect(throws: Error.self) { try RequestDecoding.decode(DensityRequest.self, from: ["points": "a.csv", "kernel": "box"], at: "study.json: steps[4]") }
        do {
            _ = try RequestDecoding.decode(DensityRequest.self, from: ["points": "a.csv", "kernel": "box"], at: "study.json: steps[4]")
        } catch {
            #expect("\(error)".contains("steps[4].kernel"))
            #expect("\(error)".contains("gaussian"))
        }
        do {
            _ = try RequestDecoding.decode(StatsRequest.self, from: ["points": "a.csv", "by": "region4", "colour": "red"], at: "x")
            Issue.record("unknown key accepted")
        } catch { #expect("\(error)".contains("x.colour")) }
        do {
            _ = try RequestDecoding.decode(StatsRequest.self, from: ["points": "a.csv", "by": "region4", "min_share": 2], at: "x")
            Issue.record("bad min_share accepted")
        } catch { #expect("\(error)".contains("x.min_share")) }
    }
}
