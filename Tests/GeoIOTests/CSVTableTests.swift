import Testing
@testable import GeoIO

struct CSVTableTests {
    @Test func parsesQuotesCommasNewlinesAndBOM() throws {
        let t = try CSVTable(text: "\u{FEFF}a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\r\n")
        #expect(t.header == ["a", "b", "c"])
        #expect(t.rows == [["1", "x, y", "say \"hi\""], ["2", "two\nlines", ""]])
    }

    @Test func raggedRowsAreAnErrorNamingTheRow() {
        #expect(throws: (any Error).self) { try CSVTable(text: "a,b\n1,2\n3\n", path: "t.csv") }
        do { _ = try CSVTable(text: "a,b\n1,2\n3\n", path: "t.csv") } catch {
            #expect("\(error)" == "t.csv row 3: has 1 fields, the header has 2")
        }
    }
}
