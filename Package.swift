// swift-tools-version:6.0
import Foundation
import PackageDescription

// Kernels are compiled without overflow and bounds checks in release builds: their loops
// work on buffers whose ranges are checked once up front (and the checked Int(Double)
// conversion in a hot loop costs 2–3×).
//
// A release build is for the machine it is built on: where the CPU has AVX2 and FMA (every
// x86-64 made since about 2013-15), the kernels are compiled for them (x86-64-v3), which
// halves the separable convolution's time (8 floats per instruction instead of 4), and the
// convolutions fuse their multiply-adds (HINTERLAND_FMA; another 20 % off the smoothing).
// Results then differ from a baseline build's in the last bits only (1.8e-7 of the maximum
// on the 1 km density); each build is deterministic, for any thread count.
// HINTERLAND_PORTABLE=1 at build time gives a baseline x86-64 build instead.
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"] + vectorUnitFlags, .when(configuration: .release))]

var vectorUnitFlags: [String] {
    #if os(Linux) && arch(x86_64)
    guard ProcessInfo.processInfo.environment["HINTERLAND_PORTABLE"] == nil,
          let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })?.split(separator: " ") else { return [] }
    return ["avx2", "fma", "bmi2", "f16c"].allSatisfy({ flags.contains(Substring($0)) }) ? ["-target-cpu", "haswell", "-D", "HINTERLAND_FMA"] : []
    #else
    return []
    #endif
}

let package = Package(
    name: "Hinterland",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hinterland", targets: ["HinterlandCLI"]),
        .library(name: "Hinterland", targets: ["GeoCore", "GeoIO", "Kernels", "Analysis", "Cartography", "Operations"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Thin C shims: a module map and an umbrella header each, nothing else.
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CPrefetch"),
        // Value types every stage shares: geometries, grids, CRS and transformations.
        .target(name: "GeoCore", dependencies: ["CPROJ"]),
        // SIMD hot loops: pure functions over buffers, no I/O.
        .target(name: "Kernels", dependencies: ["GeoCore", "CPrefetch"], swiftSettings: kernelFlags),
        // GDAL/OGR readers and writers, CSV tables.
        .target(name: "GeoIO", dependencies: ["GeoCore", "Kernels", "CGDAL", "CDeflate"]),
        // Analyses: zone sets, embedded data, Hu Line.
        .target(name: "Analysis", dependencies: ["GeoCore", "GeoIO", "Kernels"]),
        // Styles (MapLibre core) → display list → SVG (own writer) and PNG/PDF (Cairo).
        .target(name: "Cartography", dependencies: ["GeoCore", "GeoIO", "Kernels", "Analysis", "CCairo", "CZlib"]),
        // Analyses as typed requests (Codable) with one run each, shared by the CLI, styles and
        // study files; result writers (CSV, workbook, layers, rasters, maps).
        .target(name: "Operations", dependencies: ["GeoCore", "GeoIO", "Kernels", "Analysis", "Cartography"]),
        .executableTarget(name: "HinterlandCLI", dependencies: [
            "GeoCore", "GeoIO", "Kernels", "Analysis", "Cartography", "Operations", "CMalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // libFuzzer harness for the parsers (make fuzz builds it with -sanitize=fuzzer).
        .executableTarget(name: "HinterlandFuzz", dependencies: ["GeoIO", "Analysis", "Cartography"]),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CZlib"]),
        .testTarget(name: "GeoIOTests", dependencies: ["GeoCore", "GeoIO", "CGDAL"]),
        .testTarget(name: "AnalysisTests", dependencies: ["GeoCore", "GeoIO", "Analysis"]),
        .testTarget(name: "CartographyTests", dependencies: ["GeoCore", "GeoIO", "Analysis", "Cartography", "Operations", "CCairo"]),
        .testTarget(name: "OperationsTests", dependencies: ["GeoCore", "GeoIO", "Analysis", "Operations"]),
        .testTarget(name: "CLITests", dependencies: ["GeoIO"]),
    ]
)
