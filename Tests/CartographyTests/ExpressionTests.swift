import Foundation
import Testing
@testable import Cartography

struct ExpressionTests {
    func expr(_ json: String) throws -> StyleExpression {
        try StyleExpression.parse(try JSONValue.parse(Data(json.utf8), path: "t"), at: "x", file: "t.json")
    }

    @Test func evaluatesTheSpecOperators() throws {
        let p: [String: StyleValue] = ["pop": .number(150), "name": .string("四川"), "kind": .string("b")]
        #expect(try expr(#"["get", "name"]"#).evaluate(p) == .string("四川"))
        #expect(try expr(#"["step", ["get", "pop"], "a", 100, "b", 200, "c"]"#).evaluate(p) == .string("b"))
        #expect(try expr(#"["match", ["get", "kind"], ["a", "x"], 1, "b", 2, 0]"#).evaluate(p) == .number(2))
        #expect(try expr(#"["interpolate", ["linear"], ["get", "pop"], 100, 0, 200, 10]"#).evaluate(p) == .number(5))
        #expect(try expr(##"["interpolate", ["linear"], ["get", "pop"], 100, "#000000", 200, "#ffffff"]"##).evaluate(p).color?.hex == "#808080")
        #expect(try expr(#"["case", [">", ["get", "pop"], 100], "big", "small"]"#).evaluate(p) == .string("big"))
        #expect(try expr(#"["coalesce", ["get", "missing"], ["get", "name"]]"#).evaluate(p) == .string("四川"))
        #expect(try expr(#"["concat", ["get", "name"], " ", ["to-string", ["/", ["round", ["*", 0.1234, 1000]], 10]], "%"]"#).evaluate(p) == .string("四川 12.3%"))
        #expect(try expr(#"["all", ["==", ["get", "kind"], "b"], ["<=", ["get", "pop"], 150]]"#).evaluate(p) == .bool(true))
    }

    @Test func badExpressionsNameTheirPath() throws {
        do {
            _ = try expr(#"["gett", "name"]"#)
            Issue.record("parsed")
        } catch {
            #expect("\(error)" == "t.json: x: unknown expression operator 'gett'")
        }
        #expect(throws: (any Error).self) { try expr(#"["step", ["get", "a"], 1, 5, 2, 3, 3]"#) }
    }

    @Test func classBreaks() {
        let v: [Double] = [1, 2, 3, 10, 11, 12, 20, 21, 22]
        #expect(Classification.jenks.breaks(v, classes: 3) == [3, 12])
        #expect(Classification.equal.breaks([0, 10], classes: 5) == [2, 4, 6, 8])
        #expect(Classification.quantile.breaks(Array(1...8).map(Double.init), classes: 4) == [3, 5, 7])
    }

    @Test func cssColours() {
        #expect(RGBA(css: "#f00") == RGBA(1, 0, 0))
        #expect(RGBA(css: "rgba(0, 0, 255, 0.5)") == RGBA(0, 0, 1, 0.5))
        #expect(RGBA(css: "#11223344")?.hex == "#112233")
        #expect(RGBA(css: "nonsense") == nil)
    }
}

struct SVGNumberTests {
    @Test func coordinatesAreRoundedToHundredths() {
        #expect(SVGWriter.f(12.345) == "12.35" || SVGWriter.f(12.345) == "12.34")
        #expect(SVGWriter.f(-0.004) == "0")
        #expect(SVGWriter.f(3) == "3")
        #expect(SVGWriter.f(3.1) == "3.1")
        #expect(SVGWriter.f(3.05) == "3.05")
        #expect(SVGWriter.f(-7.5) == "-7.5")
        #expect(SVGWriter.f(0.07) == "0.07")
    }
}
