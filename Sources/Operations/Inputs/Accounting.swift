import Analysis

/// How zones are measured (see `ZoneAccounting`): the area densities use and whether Hong
/// Kong, Macao and Taiwan count in composite zones.
public struct Accounting: Codable, Hashable, Sendable {
    public var area: AreaBasis = .land
    public var withSarTw = false

    public init(area: AreaBasis = .land, withSarTw: Bool = false) { self.area = area; self.withSarTw = withSarTw }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        area = try c.decodeIfPresent(AreaBasis.self, forKey: .area) ?? .land
        withSarTw = try c.decodeIfPresent(Bool.self, forKey: .withSarTw) ?? false
    }

    public var rule: ZoneAccounting { ZoneAccounting(area: area, includeSARTW: withSarTw) }
}
