import Foundation
import Testing
@testable import GeoCore
@testable import GeoIO

/// Every message about a row of a delimited file names it by its line number in the file
/// (what an editor shows), whatever is wrong with it: blank lines, quoted newlines and
/// skipped rows before it do not shift the number.
struct CSVLineNumberTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // Line 1 header; 3 blank; 4–5 one record with a quoted newline; the bad row on line 8.
    static let before = "name,lon,lat\n" + "a,104.1,30.6\n" + "\n" + "\"two\nlines\",104.2,30.7\n" + "b,104.3,30.8\n"

    @Test(arguments: [("c,abc,30.9", "longitude 'abc'"), ("c,104.4", "only 2 fields"), ("c,204.4,30.9", "coordinates out of range"),
                      ("c,30.9,104.4", "coordinates out of range")])
    func skipsAndErrorsNameTheFileLine(bad: String, says: String) throws {
        let path = try Self.file(Self.before + "d,104.5,31.0\n" + bad + "\n" + "e,104.6,31.1\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try PointReader.read(path: path)
        #expect(set.count == 5 && set.skipped == 1)
        #expect(set.firstSkip?.hasPrefix("line 8, ") == true && set.firstSkip?.contains(says) == true, "\(set.firstSkip ?? "-")")
        do {
            _ = try PointReader.read(path: path, options: PointReadOptions(strict: true))
            Issue.record("strict read accepted \(bad)")
        } catch let e as HinterlandError {
            #expect(e.description.hasPrefix("\(path) line 8: "), "\(e.description)")
        }
    }

    /// Coordinates that would fall in China swapped are counted for the hint, as before.
    @Test func swappedCoordinatesAreStillCounted() throws {
        let path = try Self.file("lon,lat\n30.6,104.1\n31.2,121.5\n104.1,30.6\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try PointReader.read(path: path)
        #expect(set.count == 1 && set.skipped == 2 && set.swappedLooking == 2 && set.firstSkip?.hasPrefix("line 2, ") == true)
    }
}
