/// How a distributed executor splits work items 0..<count into one contiguous block per
/// worker (an MPI rank). Contiguous blocks keep the results' order trivial to rebuild;
/// every rank computes the same blocks from the same inputs (pure, deterministic).
public enum Partition {
    /// `parts` blocks of near-equal item counts: block r is [count·r/parts, count·(r+1)/parts).
    public static func byCount(_ count: Int, parts: Int) -> [Range<Int>] {
        let n = max(1, parts), c = max(0, count)
        return (0..<n).map { r in (c * r / n)..<(c * (r + 1) / n) }
    }

    /// `parts` contiguous blocks of near-equal total weight (an item's weight: its expected
    /// cost, e.g. a searchlight sphere's voxel count). Cut k goes at the item boundary whose
    /// prefix sum is nearest to k/parts of the total (the lower one on a tie), never before
    /// cut k−1; so no block is heavier than its share by more than one item's weight.
    /// Negative or non-finite weights count as 0; when the total is 0 the split is by count.
    public static func byWeight(_ weights: [Double], parts: Int) -> [Range<Int>] {
        let n = max(1, parts), count = weights.count
        var prefix = [Double](repeating: 0, count: count + 1)
        for (i, w) in weights.enumerated() { prefix[i + 1] = prefix[i] + (w.isFinite && w > 0 ? w : 0) }
        let total = prefix[count]
        guard total > 0, total.isFinite else { return byCount(count, parts: n) }
        var cuts = [0]
        var i = 0
        for k in 1..<n {
            let target = total * Double(k) / Double(n)
            // prefix is non-decreasing: advance while the next boundary is strictly nearer.
            while i < count, abs(prefix[i + 1] - target) < abs(prefix[i] - target) { i += 1 }
            cuts.append(i)
        }
        cuts.append(count)
        return (0..<n).map { cuts[$0]..<cuts[$0 + 1] }
    }
}
