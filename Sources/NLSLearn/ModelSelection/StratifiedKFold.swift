import NLSCompute

/// Stratified K folds, scikit-learn 1.9 allocation (`StratifiedKFold._make_test_folds`,
/// shuffle=False): classes are numbered by first appearance, the sorted encoded labels are
/// dealt round-robin to the folds to get per-fold class counts, and each class's samples
/// are assigned to folds in blocks, keeping their order. shuffle=true shuffles each class's
/// fold assignments with numpy's RandomState(seed), as scikit-learn.
public struct StratifiedKFold: CrossValidator {
    public var nSplits: Int
    public var shuffle: Bool
    public var seed: Int
    public init(nSplits: Int = 5, shuffle: Bool = false, seed: Int = 0) {
        self.nSplits = nSplits; self.shuffle = shuffle; self.seed = seed
    }
    public var description: String { "StratifiedKFold(n_splits=\(nSplits), shuffle=\(shuffle))" }

    public func split(nSamples n: Int, y: NDArray?, groups: NDArray? = nil) throws -> [Split] {
        try SplitCheck.nSplits(nSplits, "StratifiedKFold")
        guard let y = y else { throw LearnError("StratifiedKFold: needs the class labels y") }
        guard y.size == n, y.ndim == 1 || (y.ndim == 2 && y.shape[1] == 1) else {
            throw LearnError("StratifiedKFold: y must be 1-D class labels with one per sample, got shape \(y.shape)")
        }
        guard nSplits <= n else {
            throw LearnError("StratifiedKFold: cannot have n_splits=\(nSplits) greater than the number of samples n_samples=\(n); use cv ≤ \(n)")
        }
        guard y.isAllFinite else { throw LearnError("StratifiedKFold: class labels contain NaN or infinity") }
        let labels = Array(y.storage)
        // Encode by order of first appearance.
        var code: [Double: Int] = [:]
        var encoded = [Int](repeating: 0, count: n)
        for (i, l) in labels.enumerated() {
            if code[l] == nil { code[l] = code.count }
            encoded[i] = code[l]!
        }
        let nClasses = code.count
        var counts = [Int](repeating: 0, count: nClasses)
        for e in encoded { counts[e] += 1 }
        if counts.allSatisfy({ nSplits > $0 }) {
            throw LearnError("StratifiedKFold: n_splits=\(nSplits) cannot be greater than the number of members in each class (class sizes \(counts))")
        }
        let order = encoded.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: nClasses), count: nSplits)
        for (i, e) in order.enumerated() { allocation[i % nSplits][e] += 1 }
        var rng = try NumpyRandomState(seed: shuffle ? seed : 0)
        var testFold = [Int](repeating: 0, count: n)
        for k in 0..<nClasses {
            var folds: [Int] = []
            for f in 0..<nSplits { folds += [Int](repeating: f, count: allocation[f][k]) }
            if shuffle { rng.shuffle(&folds) }
            var q = 0
            for i in 0..<n where encoded[i] == k { testFold[i] = folds[q]; q += 1 }
        }
        return (0..<nSplits).map { f in Split(test: (0..<n).filter { testFold[$0] == f }, n: n) }
    }
}
