import NLSCompute

/// The capability "scores many feature subsets at once" (searchlight spheres): instead of
/// one fit per subset and split, the estimator computes what the subsets share once per
/// split (per-feature statistics) and scores every subset from it. SearchLight asks for it;
/// estimators without it are fitted sphere by sphere, with the same numbers.
public protocol SubsetScoring: Predictor {
    /// A scorer under `scoring`, or nil when this estimator has no fast path for it.
    func subsetScorer(scoring: Scoring?) -> SubsetScorer?
}

public protocol SubsetScorer {
    /// The test score of every subset of features (columns of x) on one split.
    func scores(_ x: NDArray, _ y: NDArray, split: Split, subsets: [[Int]], executor: Executor,
                backend: ComputeBackend) throws -> [Double]
}
