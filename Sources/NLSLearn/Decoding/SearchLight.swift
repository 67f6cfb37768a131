import Foundation
import NLSCompute

/// Cross-validated scores of an estimator on many small feature sets — the spheres of a
/// searchlight (nilearn `search_light`): for sphere s, the mean over the CV splits of the
/// estimator's test score on X[:, s] (scikit-learn `cross_val_score`). Knows nothing of
/// images: NLSImaging builds the spheres, the builtins layer joins the two.
///
/// Estimators that score many feature subsets at once (`SubsetScoring`: GaussianNB) take
/// that path, split by split. Otherwise work items are blocks of consecutive spheres on the executor; each sphere's score
/// depends only on its own features, so results are identical whatever the number of
/// workers or which subset of spheres is asked for. Memory: X once (shared by all
/// workers) plus one sphere's block per worker.
public struct SearchLight {
    public var estimator: Predictor
    public var cv: CV
    /// nil: the estimator's own score (accuracy for classifiers).
    public var scoring: Scoring?
    public var executor: Executor
    /// Spheres per work item (amortises scheduling; has no effect on the results).
    public var blockSize: Int

    public init(estimator: Predictor, cv: CV = .default, scoring: Scoring? = nil,
                executor: Executor = ThreadExecutor(nJobs: 1), blockSize: Int = 16) {
        self.estimator = estimator; self.cv = cv; self.scoring = scoring
        self.executor = executor; self.blockSize = blockSize
    }

    /// One score per sphere. `x`: samples × features; `spheres`: feature indices per sphere.
    public func scores(_ x: NDArray, _ y: NDArray, groups: NDArray? = nil, spheres: [[Int]]) throws -> [Double] {
        try Check.xy(x, y, "SearchLight.fit")
        let p = x.cols
        for (s, f) in spheres.enumerated() {
            guard !f.isEmpty else { throw LearnError("SearchLight: sphere \(s) is empty") }
            if let bad = f.first(where: { $0 < 0 || $0 >= p }) {
                throw LearnError("SearchLight: sphere \(s) names feature \(bad), but X has \(p) features")
            }
        }
        if estimator.isClassifier {
            let classes = Set(try Metrics.labels(y, "SearchLight.fit"))
            guard classes.count >= 2 else {
                throw LearnError("SearchLight.fit: y has a single class (\(classes.first ?? .nan)); need at least 2 classes")
            }
        }
        // nilearn passes groups to cross_val_score unless cv is a KFold.
        let splits = try cv.splits(classifier: estimator.isClassifier, nSamples: x.rows, y: y, groups: groups)
        if let fast = (estimator as? SubsetScoring)?.subsetScorer(scoring: scoring) {
            return try fastScores(fast, x, y, splits, spheres)
        }
        let bs = max(1, blockSize)
        let nBlocks = (spheres.count + bs - 1) / bs
        // A sphere's cost grows with its voxel count (edge spheres are small): an executor
        // that splits blocks over processes balances them by that, not by block count.
        let weights = (0..<nBlocks).map { b in
            Double(spheres[(b * bs)..<min(spheres.count, b * bs + bs)].reduce(0) { $0 + $1.count })
        }
        let blocks = try executor.map(weights: weights, backend: estimator.backend) { b -> [Double] in
            try (b * bs..<min(spheres.count, b * bs + bs)).map { s in
                try sphereScore(x.takingFeatures(spheres[s]), y, splits)
            }
        }
        return blocks.flatMap { $0 }
    }

    /// The estimator's subset scorer, split by split; the mean over splits summed in split
    /// order, as the sphere-by-sphere path does.
    func fastScores(_ scorer: SubsetScorer, _ x: NDArray, _ y: NDArray, _ splits: [Split], _ spheres: [[Int]]) throws -> [Double] {
        var total = [Double](repeating: 0, count: spheres.count)
        for split in splits {
            try executor.checkCancelled()
            let s = try scorer.scores(x, y, split: split, subsets: spheres, executor: executor, backend: estimator.backend)
            for i in total.indices { total[i] += s[i] }
        }
        return total.map { $0 / Double(splits.count) }
    }

    func sphereScore(_ xs: NDArray, _ y: NDArray, _ splits: [Split]) throws -> Double {
        var total = 0.0
        for split in splits {
            total += try CrossValidation.fitAndScore(estimator.clone(), xs, y, split, scoring: scoring).test
        }
        return total / Double(splits.count)
    }
}

extension NDArray {
    /// Columns `idx` of a 2-D matrix (a sphere's features).
    func takingFeatures(_ idx: [Int]) -> NDArray {
        let n = rows, p = cols, w = idx.count
        var s = ContiguousArray<Double>(repeating: 0, count: n * w)
        storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for i in 0..<n {
                    let src = pa.baseAddress! + i * p, dst = ps.baseAddress! + i * w
                    for (c, j) in idx.enumerated() { dst[c] = src[j] }
                }
            }
        }
        return NDArray(shape: [n, w], storage: s)
    }
}
