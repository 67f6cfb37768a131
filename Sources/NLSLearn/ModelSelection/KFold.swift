import NLSCompute

/// K contiguous folds (scikit-learn KFold): the first n % k folds have one sample more.
/// shuffle permutes the sample order first with numpy's RandomState(seed) stream, so the
/// folds equal scikit-learn's KFold(shuffle=True, random_state=seed) (seed in 0...2³²−1).
public struct KFold: CrossValidator {
    public var nSplits: Int
    public var shuffle: Bool
    public var seed: Int

    public init(nSplits: Int = 5, shuffle: Bool = false, seed: Int = 0) {
        self.nSplits = nSplits; self.shuffle = shuffle; self.seed = seed
    }

    public var description: String { "KFold(n_splits=\(nSplits), shuffle=\(shuffle))" }

    public func split(nSamples n: Int, y: NDArray? = nil, groups: NDArray? = nil) throws -> [Split] {
        try SplitCheck.nSplits(nSplits, "KFold")
        guard nSplits <= n else {
            throw LearnError("KFold: cannot have n_splits=\(nSplits) greater than the number of samples n_samples=\(n); use cv ≤ \(n)")
        }
        var indices = Array(0..<n)
        if shuffle {
            var rng = try NumpyRandomState(seed: seed)
            rng.shuffle(&indices)
        }
        var out: [Split] = []
        var start = 0
        for f in 0..<nSplits {
            let size = n / nSplits + (f < n % nSplits ? 1 : 0)
            out.append(Split(test: Array(indices[start..<start + size]), n: n))
            start += size
        }
        return out
    }
}
