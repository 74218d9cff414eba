import GeoCore

/// Fields that mean the same in every layer the tool writes get the same type in every
/// format: a census population is a whole number of people, Integer64, whichever analysis
/// computed it (some sum shares of people as reals). A layer whose values are not all whole
/// keeps its reals.
enum CanonicalFieldTypes {
    static let wholeNumbers: Set<String> = ["population_2020"]

    static func apply(_ t: FeatureTable) -> FeatureTable {
        var t = t
        for (i, f) in t.fields.enumerated() where f.type == .real && wholeNumbers.contains(f.name) {
            let whole = t.features.allSatisfy { feature in
                switch feature.values[i] {
                case .real(let v): return v == v.rounded() && abs(v) < 9e15
                case .null, .integer: return true
                case .string: return false
                }
            }
            guard whole else { continue }
            t.fields[i].type = .integer
            for k in t.features.indices {
                if case .real(let v) = t.features[k].values[i] { t.features[k].values[i] = .integer(Int64(v)) }
            }
        }
        return t
    }
}
