import Foundation
import GeoCore

/// Population potential (Stewart 1947; Harris 1954): V_i = Σ_j P_j / d_ij over the census
/// prefectures, with straight-line distances between their interior points in the China
/// Albers (km). A prefecture's own term uses d_ii = ⅓ √(A_i / π), a third of the radius of
/// a circle of its land area (Keeble, Owens and Thompson 1982), so it neither vanishes nor
/// explodes. Persons per km.
enum PopulationPotential {
    static func compute(_ p: [IndexZones.Prefecture]) -> [Double] {
        var out = [Double](repeating: 0, count: p.count)
        out.withUnsafeMutableBufferPointer { o in
            let result = UncheckedSendable(o)
            Parallel.forEach(p.count) { i in
                var v = 0.0
                for j in p.indices {
                    let d: Double
                    if i == j { d = max((p[i].landAreaKm2 / Double.pi).squareRoot() / 3, 1) } else {
                        d = max(((p[i].x - p[j].x) * (p[i].x - p[j].x) + (p[i].y - p[j].y) * (p[i].y - p[j].y)).squareRoot() / 1000, 1)
                    }
                    v += p[j].population / d
                }
                result.value[i] = v
            }
        }
        return out
    }
}
