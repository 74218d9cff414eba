import Foundation
import Testing

/// A PDF map keeps its text as text: the CJK font embedded (pdffonts lists it) and the title
/// extractable (pdftotext prints it), as journals' production systems expect.
struct PDFTextTests {
    @Test func pdfTextIsSearchableWithTheFontEmbedded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hinterland-pdf-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let style = CLITests.root.appendingPathComponent("Styles/fig1_population_density.json").path
        let r = CLITests.run(["map", "--style", style, "-o", "fig1.pdf"], in: dir)
        #expect(r.status == 0, "\(r.err)")
        let fonts = CLITests.run(["\(dir)/fig1.pdf"], tool: "/usr/bin/pdffonts")
        #expect(fonts.out.contains("WenQuanYiMicroHei") && fonts.out.contains(" yes "), "fonts: \(fonts.out)")
        let text = CLITests.run(["\(dir)/fig1.pdf", "-"], tool: "/usr/bin/pdftotext")
        #expect(text.out.contains("2020年各省人口密度与胡焕庸线"), "text: \(text.out.prefix(200))")
    }
}
