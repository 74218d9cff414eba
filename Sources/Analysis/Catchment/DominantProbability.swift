/// Huff: the probability of the dominant hub over the cells each hub dominates, weighted by
/// the cells' area in the region (Σ a_i, Σ a_i P_ij, min P_ij), summed in cell order.
struct DominantProbability {
    var weight: [Double], sum: [Double], least: [Double]

    init(hubs n: Int) {
        weight = [Double](repeating: 0, count: n); sum = weight
        least = [Double](repeating: .infinity, count: n)
    }

    /// Adds cells in order: their dominant hub (-1 outside the region), coverage and probability.
    mutating func add(labels: [Int32], cover: [Float], probability: [Float]) {
        for i in 0..<labels.count where labels[i] >= 0 && cover[i] > 0 {
            let j = Int(labels[i]), a = Double(cover[i]), q = Double(probability[i])
            weight[j] += a; sum[j] += a * q; least[j] = min(least[j], q)
        }
    }
}
