import Analysis
import ArgumentParser

// Choice enums of the library (see Choices.swift).

extension AreaBasis: ExpressibleByArgument {}
extension HuLineAssign: ExpressibleByArgument {}
extension HuLineLevel: ExpressibleByArgument {}

/// `--area land|admin` and `--with-sar-tw`: how zones are measured, shared by every command
/// that prints areas, densities or shares of population.
struct AccountingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Area that densities, per-km² figures and area shares use: land (the polygon clipped to the shoreline) or admin (the whole administrative polygon).", valueName: "land|admin"))
    var area: AreaBasis = .land

    @Flag(name: .customLong("with-sar-tw"), help: "Count Hong Kong, Macao and Taiwan in composite zones (area and their governments' end-2020 populations); by default both are left out, as the 2020 census does not cover them.")
    var withSARTW = false

    var accounting: ZoneAccounting { ZoneAccounting(area: area, includeSARTW: withSARTW) }

    func builder(_ data: EmbeddedData) throws -> ZoneSetBuilder {
        try ZoneSetBuilder(data: data, accounting: accounting)
    }
}
