import Analysis
import ArgumentParser
import GeoIO
import Kernels

// Choice options are enums: ArgumentParser checks them (one error line, exit 1, from
// Hinterland.main), help lists the values and shell completion offers them.
extension KernelShape: ExpressibleByArgument {}
extension DensityOptions.Units: ExpressibleByArgument {}
extension CatchmentModel: ExpressibleByArgument {}
extension HuLine.Variant: ExpressibleByArgument {}
extension RasterWriter.Compression: ExpressibleByArgument {}

/// Label language of maps.
enum LabelLanguage: String, CaseIterable, ExpressibleByArgument { case zh, en }

/// Zone level of the hinterland index.
enum IndexLevel: String, CaseIterable, ExpressibleByArgument { case province, prefecture }

/// `--raw-csv`, on every command that writes CSV.
struct CSVOptions: ParsableArguments {
    @Flag(name: .long, help: "Write text cells starting with =, +, -, @ or a tab as they are (by default they get a leading ' so that spreadsheets do not run them as formulas).")
    var rawCsv = false
}

/// Commands with CSV output; main applies their CSV options before running them.
protocol WritesCSV {
    var csvOptions: CSVOptions { get }
}
