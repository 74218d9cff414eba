import Foundation
import Testing

/// The operation layer seen from outside: the same request from flags and from a study file
/// gives the same bytes; stats with several layers, periods and categories; workbooks, BOMs;
/// a bad study writes nothing.
struct StudyTests {
    static func run(_ args: [String], in dir: String? = nil) -> (status: Int32, out: String, err: String) { CLITests.run(args, in: dir) }

    /// 12 points with hand-checkable shares: layer a has 4 points in 2015 (3 east, 1 west) and
    /// 4 in 2020 (2 east, 2 west); categories x/y.
    static func fixture(_ dir: String) throws {
        // East: Shanghai, Nanjing, Hangzhou; west: Chengdu, Xi'an (NBS four regions).
        let a = """
        lon,lat,year,kind,w
        121.47,31.23,2015,x,1
        118.80,32.06,2015,x,1
        120.16,30.27,2015-06-01,y,1
        104.07,30.67,2015,x,1
        121.47,31.23,2020,y,1
        118.80,32.06,2020,y,1
        104.07,30.67,2020,x,1
        108.94,34.34,2020,x,1

        """
        let b = """
        lon,lat,year,kind,w
        104.07,30.67,2015,x,2
        108.94,34.34,2015,y,3
        121.47,31.23,2020,x,1
        104.07,30.67,2020,y,4

        """
        try a.write(toFile: "\(dir)/a.csv", atomically: true, encoding: .utf8)
        try b.write(toFile: "\(dir)/b.csv", atomically: true, encoding: .utf8)
    }

    static func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func twoLayersPeriodsAndCategoriesGiveHandCheckedShares() throws {
        let d = CLITests.tempDir()
        try Self.fixture(d)
        let r = Self.run(["stats", "--points", "a.csv", "--points", "b.csv", "--by", "region4", "--period", "year", "--change", "--category", "kind"], in: d)
        #expect(r.status == 0, "\(r.err)")
        let blocks = r.out.components(separatedBy: "\n\n")
        #expect(blocks.count == 2)
        let t = Self.rows(blocks[0]), h = t[0]
        #expect(Array(h.prefix(3)) == ["layer", "period", "zone_set"])
        func row(_ layer: String, _ period: String, _ zone: String) -> [String: String] {
            let r = t.first { $0[0] == layer && $0[1] == period && $0[3] == zone }!
            return Dictionary(uniqueKeysWithValues: zip(h, r))
        }
        // a, 2015: 3 of 4 east (the date counts by its year), 1 west.
        #expect(row("a", "2015", "east")["count"] == "3")
        #expect(row("a", "2015", "east")["share"] == "0.750000")
        #expect(row("a", "2015", "west")["share"] == "0.250000")
        // Category x in a/2015: 2 of the 3 east points are x; the east holds 2 of the 3 x points.
        #expect(row("a", "2015", "east")["cat:x"] == "2.0000")
        #expect(row("a", "2015", "east")["cat_share_of_zone:x"] == "0.666667")
        #expect(row("a", "2015", "east")["zone_share_of_cat:x"] == "0.666667")
        #expect(row("a", "2020", "west")["share"] == "0.500000")
        #expect(row("b", "2020", "west")["count"] == "1")
        // The change table: a's east share fell from 75 % to 50 %: −25 percentage points.
        let c = Self.rows(blocks[1])
        let east = c.first { $0[0] == "a" && $0[2] == "east" }!
        #expect(Array(east[4...8]) == ["2015", "2020", "0.750000", "0.500000", "-25.0000"])
    }

    @Test func weightedCategorySharesAndSentences() throws {
        let d = CLITests.tempDir()
        try Self.fixture(d)
        let r = Self.run(["stats", "--points", "b.csv", "--weight", "w", "--by", "region4", "--category", "kind", "--sentences", "zh", "-o", "s.txt"], in: d)
        #expect(r.status == 0, "\(r.err)")
        let s = try String(contentsOfFile: "\(d)/s.txt", encoding: .utf8)
        // Weights: west 2+3+4 = 9 of 10 (90.0 %), east 1 (10.0 %); x weighs 3, 2 of it west.
        #expect(s.contains("西部占90.0%"), "\(s)")
        #expect(s.contains("东部占10.0%"), "\(s)")
        #expect(s.contains("x的66.7%位于西部"), "\(s)")
    }

    @Test func builtInPointLayersWorkWherePointFilesDo() {
        let r = Self.run(["stats", "--points", "computing_hubs", "--by", "northsouth"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("northsouth,north,"))
    }

    @Test func bomAndWorkbook() throws {
        let d = CLITests.tempDir()
        try Self.fixture(d)
        var r = Self.run(["stats", "--points", "a.csv", "--by", "region4", "--bom", "-o", "t.csv"], in: d)
        #expect(r.status == 0, "\(r.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(d)/t.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        r = Self.run(["stats", "--points", "a=a.csv", "--points", "b=b.csv", "--by", "region4", "--by", "huline", "-o", "t.xlsx"], in: d)
        #expect(r.status == 0, "\(r.err)")
        // openpyxl (from PyPI) reads the sheets and sees numbers as numbers.
        let check = """
        import sys, subprocess
        try:
            import openpyxl
        except ImportError:
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--break-system-packages", "openpyxl"], check=True)
            import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        print("|".join(wb.sheetnames))
        ws = wb[wb.sheetnames[1]]
        header = [c.value for c in ws[1]]
        row = [c.value for c in ws[2]]
        print(header[header.index("count")], type(row[header.index("count")]).__name__, type(row[header.index("share")]).__name__, row[header.index("zone")])
        """
        try check.write(toFile: "\(d)/check.py", atomically: true, encoding: .utf8)
        let p = CLITests.run(["\(d)/check.py", "\(d)/t.xlsx"], tool: "/usr/bin/python3")
        #expect(p.status == 0, "\(p.err)")
        let lines = p.out.split(separator: "\n")
        #expect(lines.first == "README|stats_region4_huline", "\(p.out)")
        #expect(lines.last == "count int float east", "\(p.out)")
    }

    /// Each request type: flags and a one-step study give byte-identical files.
    @Test func flagsAndStudyFilesGiveTheSameBytes() throws {
        let d = CLITests.tempDir()
        try Self.fixture(d)
        let style = CLITests.root.appendingPathComponent("Styles/fig3_regions.json").path
        let dem = CLITests.root.appendingPathComponent("GeoData/dem_10km.tif").path
        let cases: [(flags: [String], step: String)] = [
            (["zones", "--by", "region7", "--area", "admin", "-o", "f0.csv"], #"{"zones": {"by": "region7", "area": "admin"}, "outputs": ["s0.csv"]}"#),
            (["stats", "--points", "a.csv", "--weight", "w", "--by", "cluster", "--membership", "primary", "--min-share", "0.05", "-o", "f1.csv"],
             #"{"stats": {"points": {"path": "a.csv", "weight": "w"}, "by": "cluster", "membership": "primary", "min_share": 0.05}, "outputs": ["s1.csv"]}"#),
            (["density", "--points", "b.csv", "--weight", "w", "--cell", "20km", "--bandwidth", "100km", "--kernel", "quartic", "-o", "f2.tif"],
             #"{"density": {"points": {"path": "b.csv", "weight": "w"}, "cell": "20km", "bandwidth": "100km", "kernel": "quartic"}, "outputs": ["s2.tif"]}"#),
            (["zonal", "--raster", dem, "--by", "region4", "--stats", "mean,max", "-o", "f3.csv"],
             #"{"zonal": {"raster": "\#(dem)", "by": "region4", "stats": "mean,max"}, "outputs": ["s3.csv"]}"#),
            (["huline", "--points", "a.csv", "--by", "province", "--assign", "centroid", "-o", "f4.csv"],
             #"{"huline": {"points": "a.csv", "by": "province", "assign": "centroid"}, "outputs": ["s4.csv"]}"#),
            (["catchment", "--hubs", "computing_hubs", "--model", "huff", "--mass", "census", "--cell", "50km", "--stats", "f5.csv"],
             #"{"catchment": {"hubs": "computing_hubs", "model": "huff", "mass": "census", "cell": "50km"}, "outputs": ["s5.csv"]}"#),
            (["units", "--points", "a.csv", "--stats", "f6.csv"], #"{"units": {"points": ["a.csv"]}, "outputs": ["s6.csv"]}"#),
            (["index", "--level", "province", "-o", "f7.csv"], #"{"index": {"level": "province"}, "outputs": ["s7.csv"]}"#),
            (["map", "--style", style, "-o", "f8.svg"], #"{"map": {"style": "\#(style)"}, "outputs": ["s8.svg"]}"#),
        ]
        for c in cases {
            let r = Self.run(c.flags, in: d)
            #expect(r.status == 0, "\(c.flags): \(r.err)")
        }
        let study = #"{"steps": ["# + cases.map(\.step).joined(separator: ",\n") + "]}"
        try study.write(toFile: "\(d)/study.json", atomically: true, encoding: .utf8)
        let r = Self.run(["run", "study.json"], in: d)
        #expect(r.status == 0, "\(r.err)")
        for (k, c) in cases.enumerated() {
            let ext = (c.flags.last! as NSString).pathExtension
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(d)/f\(k).\(ext)")), b = try Data(contentsOf: URL(fileURLWithPath: "\(d)/s\(k).\(ext)"))
            #expect(a == b, "\(c.flags[0]): flags and study differ")
        }
    }

    @Test func aBadFifthStepWritesNothingAndIsNamed() throws {
        let d = CLITests.tempDir()
        try Self.fixture(d)
        let study = """
        {"steps": [
          {"name": "z1", "zones": {"by": "region4"}, "outputs": ["z1.csv"]},
          {"name": "z2", "zones": {"by": "region7"}, "outputs": ["z2.csv"]},
          {"name": "s1", "stats": {"points": "a.csv", "by": "region4"}, "outputs": ["s1.csv"]},
          {"name": "s2", "stats": {"points": "b.csv", "by": "huline"}, "outputs": ["s2.csv"]},
          {"name": "kde", "density": {"points": "a.csv", "kernel": "box"}, "outputs": ["k.tif"]}
        ]}
        """
        try study.write(toFile: "\(d)/study.json", atomically: true, encoding: .utf8)
        let r = Self.run(["run", "study.json"], in: d)
        #expect(r.status == 1)
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.err.contains("study.json: steps[4] (kde).density.kernel"), "\(r.err)")
        let left = try FileManager.default.contentsOfDirectory(atPath: d).sorted()
        #expect(left == ["a.csv", "b.csv", "study.json"], "\(left)")
    }

    @Test func choiceOptionsFailAlike() {
        let a = Self.run(["density", "--points", "x.csv", "--kernel", "box", "-o", "x.tif"])
        let b = Self.run(["catchment", "--hubs", "computing_hubs", "--neighbours", "abc"])
        for r in [a, b] {
            #expect(r.status == 1)
            #expect(r.err.hasPrefix("hinterland: error:") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        }
        #expect(a.err.contains("gaussian"))
    }
}
