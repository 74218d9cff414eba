import ArgumentParser
import Foundation
import GeoCore
import Operations

struct StatsCommand: ParsableCommand, WritesCSV {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts, weights and shares of point layers by zone, with densities and location quotients.",
        discussion: Help.reflow("""
        One row per zone: count, share, weight_sum, weight_share, per_10k_km2, per_million_people and
        lq (the zone's share of the points over its share of the 2020 census population), plus a row
        (outside) for points in no zone, so shares add up to 1. Several --by share one point-in-polygon
        pass. Several --points, or --period, give a long table with layer and period columns first;
        --change adds each zone's share change in percentage points from the first to the last period.
        --category adds, per category, its weight in the zone, its share of the zone and the zone's
        share of the category. A point exactly on a border between two zones goes to the zone east
        of it (north of a horizontal border).

        Examples:
          hinterland stats --points firms.csv --by region4 --by huline
          hinterland stats --points a=firms.csv --points b=labs.gpkg --by cluster
          hinterland stats --points firms.csv --period year --change --by region4
          hinterland stats --points firms.csv --by region7 --sentences zh
          hinterland stats --points computing_hubs --by northsouth -o hubs.xlsx
        """)
    )

    @OptionGroup var pointOptions: PointOptions
    @OptionGroup var strictOption: StrictOption

    @Option(name: .long, help: ArgumentHelp("Zone set (repeatable): \(ZoneSetNames.list), or a polygon file or PG: connection with --key.", valueName: "SET|PATH"))
    var by: [String] = []

    @OptionGroup var zoneOptions: ZoneOptionsGroup
    @OptionGroup var measure: AccountingOptions

    @Option(name: .long, help: "Field whose values split the counts into a zone × category table.")
    var category: String?

    @Option(name: .long, help: "A year or date field: one table per period (dates count by their year).")
    var period: String?

    @Flag(name: .long, help: "With --period: each zone's share change in percentage points, first to last period.")
    var change = false

    @Option(name: .long, parsing: .unconditional, help: "Sort zones by share and mark those at or above this share (e.g. 0.05).")
    var minShare: Double?

    @Option(name: .long, help: "Also write the shares as sentences a paper would print, in this language (to stderr, or -o FILE.txt).")
    var sentences: Language?

    @Option(name: .long, help: "csv (default), json, xlsx, gpkg or txt (the sentences); default from the -o extension.")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (default: stdout for csv and json).")
    var output: String?

    @OptionGroup var csvOptions: CSVOptions

    var request: StatsRequest {
        var q = StatsRequest()
        q.points = pointOptions.inputs(strict: strictOption.strict)
        q.by = by; q.zones = zoneOptions.options(strict: strictOption.strict); q.accounting = measure.accounting
        q.category = category; q.period = period; q.change = change; q.minShare = minShare; q.sentences = sentences
        return q
    }

    func run() throws {
        let target = try OutputTarget(output, format: format, allowed: ["csv", "json", "xlsx", "gpkg", "txt"])
        var q = request
        q.geometry = target.wantsLayers
        if target.format == "json" && (q.points.count > 1 || q.period != nil) { throw HinterlandError("--format json", "writes one layer without periods; use csv or xlsx") }
        if target.format == "txt" && q.sentences == nil { q.sentences = .zh }
        try q.validate()
        let r = try q.run(try cliContext())
        Report.notes(r)
        if let s = r.sentences, target.format != "txt" { FileHandle.standardError.write(Data(s.utf8)) }
        try target.write(r, csv: csvOptions)
    }
}
