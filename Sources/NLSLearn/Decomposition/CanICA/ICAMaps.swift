import NLSCompute

/// nilearn 0.14 `CanICA._unmix_components` after the FastICA runs: which run to keep, the
/// threshold, and the sign rule.
enum ICAMaps {
    /// nilearn's "sparsity" of one run's maps [k × voxels]: the largest per-component L1 norm.
    /// The run with the smallest value is kept (the first one on ties, as Python's `min`).
    static func sparsity(_ maps: NDArray) -> Double {
        let c = maps.cols
        var worst = -Double.infinity
        for i in 0..<maps.rows {
            var l1 = 0.0
            for j in 0..<c { l1 += abs(maps.storage[i * c + j]) }
            worst = max(worst, l1)
        }
        return worst
    }

    /// The |value| below which map entries are zeroed for a ratio `t`: scipy's
    /// `scoreatpercentile(|maps|, 100 − 100·t/k)` over all components together (linear
    /// interpolation between order statistics).
    static func threshold(_ maps: NDArray, ratio: Double) -> Double {
        let percentile = 100 - 100 * ratio / Double(maps.rows)
        let sorted = maps.storage.map { abs($0) }.sorted()
        let n = sorted.count
        guard n > 1 else { return sorted.first ?? 0 }
        let p = min(max(percentile, 0), 100)
        let index = p / 100 * Double(n - 1)
        let lo = Int(index.rounded(.down)), hi = min(lo + 1, n - 1)
        let frac = index - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac
    }

    /// Zeroes entries with |value| < `thr`.
    static func applyThreshold(_ maps: inout NDArray, _ thr: Double) {
        for i in maps.storage.indices where abs(maps.storage[i]) < thr { maps.storage[i] = 0 }
    }

    /// Flips each component whose most negative value outweighs its largest one, so that its
    /// peak is positive (`component.max() < -component.min()`).
    static func flipToPositivePeak(_ maps: inout NDArray) {
        let c = maps.cols
        for i in 0..<maps.rows {
            let row = maps.storage[(i * c)..<((i + 1) * c)]
            guard let mx = row.max(), let mn = row.min(), mx < -mn else { continue }
            for j in 0..<c { maps.storage[i * c + j] = -maps.storage[i * c + j] }
        }
    }
}
