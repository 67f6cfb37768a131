import NLSCompute

/// K folds with non-overlapping groups (scikit-learn GroupKFold, shuffle=False): groups
/// sorted by size (largest first; stable argsort reversed), each added to the currently
/// lightest fold. shuffle=true: the sorted distinct groups are permuted with numpy's
/// RandomState(seed) and split into n_splits nearly equal runs (np.array_split), as scikit-learn.
public struct GroupKFold: CrossValidator {
    public var nSplits: Int
    public var shuffle: Bool
    public var seed: Int
    public init(nSplits: Int = 5, shuffle: Bool = false, seed: Int = 0) {
        self.nSplits = nSplits; self.shuffle = shuffle; self.seed = seed
    }
    public var description: String { "GroupKFold(n_splits=\(nSplits), shuffle=\(shuffle))" }

    public func split(nSamples n: Int, y: NDArray? = nil, groups: NDArray?) throws -> [Split] {
        try SplitCheck.nSplits(nSplits, "GroupKFold")
        let g = try SplitCheck.groupValues(groups, nSamples: n, "GroupKFold")
        let unique = Array(Set(g)).sorted()
        guard nSplits <= unique.count else {
            throw LearnError("GroupKFold: cannot have n_splits=\(nSplits) greater than the number of groups: \(unique.count)")
        }
        if shuffle {
            var rng = try NumpyRandomState(seed: seed)
            var perm = unique
            rng.shuffle(&perm)
            var out: [Split] = []
            var start = 0
            for f in 0..<nSplits {
                let size = perm.count / nSplits + (f < perm.count % nSplits ? 1 : 0)
                let ids = Set(perm[start..<start + size])
                out.append(Split(test: (0..<n).filter { ids.contains(g[$0]) }, n: n))
                start += size
            }
            return out
        }
        let index = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        let groupIdx = g.map { index[$0]! }
        var size = [Int](repeating: 0, count: unique.count)
        for i in groupIdx { size[i] += 1 }
        // np.argsort(size, kind="stable")[::-1]
        let ascending = (0..<unique.count).sorted { size[$0] < size[$1] || (size[$0] == size[$1] && $0 < $1) }
        let order = Array(ascending.reversed())
        var foldWeight = [Int](repeating: 0, count: nSplits)
        var groupToFold = [Int](repeating: 0, count: unique.count)
        for gi in order {
            var lightest = 0
            for f in 1..<nSplits where foldWeight[f] < foldWeight[lightest] { lightest = f }
            foldWeight[lightest] += size[gi]
            groupToFold[gi] = lightest
        }
        return (0..<nSplits).map { f in Split(test: (0..<n).filter { groupToFold[groupIdx[$0]] == f }, n: n) }
    }
}
