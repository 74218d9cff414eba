import Analysis
import ArgumentParser
import GeoIO
import Kernels
import Operations

// Choice options are the operation layer's enums: ArgumentParser checks them (one error line,
// exit 1, from Hinterland.main), help lists the values and shell completion offers them.
extension KernelShape: ExpressibleByArgument {}
extension DensityOptions.Units: ExpressibleByArgument {}
extension CatchmentModel: ExpressibleByArgument {}
extension HuLine.Variant: ExpressibleByArgument {}
extension RasterWriter.Compression: ExpressibleByArgument {}
extension Membership: ExpressibleByArgument {}
extension RegionLevel: ExpressibleByArgument {}
extension AreaBasis: ExpressibleByArgument {}
extension HuLineAssign: ExpressibleByArgument {}
extension HuLineLevel: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension IndexLevel: ExpressibleByArgument {}
