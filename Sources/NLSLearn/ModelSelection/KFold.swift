import NLSCompute

/// K contiguous folds (scikit-learn KFold): the first n % k folds have one sample more.
/// shuffle permutes the sample order first with a seeded generator (SplitMix64 —
/// deterministic, but not numpy's RandomState stream, so shuffled folds differ from sklearn's).
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
            var rng = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                indices.swapAt(i, j)
            }
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

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
