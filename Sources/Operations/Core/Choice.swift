import Analysis
import GeoIO
import Kernels

/// A choice among fixed words, decoded from JSON with an error that lists the words (the CLI
/// gets the same list from ArgumentParser).
public protocol Choice: CaseIterable, Codable, RawRepresentable where RawValue == String {}

extension Choice {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let word = try c.decode(String.self)
        guard let v = Self(rawValue: word) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(word)' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public static var words: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension KernelShape: Choice {}
extension DensityOptions.Units: Choice {}
extension CatchmentModel: Choice {}
extension HuLine.Variant: Choice {}
extension RasterWriter.Compression: Choice {}
extension HuLineAssign: Choice {}
extension HuLineLevel: Choice {}

/// Label language of maps and sentences.
public enum Language: String, Choice, Sendable { case zh, en }


extension Membership: Choice {}
extension RegionLevel: Choice {}
extension AreaBasis: Choice {}
