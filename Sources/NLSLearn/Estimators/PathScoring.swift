import NLSCompute

/// The capability "scores a whole parameter path at once": instead of one fit per
/// candidate and fold, the estimator scores every candidate of a grid from shared work
/// (Ridge: every alpha from one SVD per fold). GridSearch asks for it; estimators without
/// it are fitted candidate by candidate, with the same numbers.
public protocol PathScoring: Predictor {
    /// A scorer for `grid` (candidates in ParameterGrid order) under `scoring`, or nil when
    /// this estimator has no path for that grid or scoring.
    func pathScorer(grid: [String: [ParamValue]], scoring: Scoring?, options: PathOptions) -> PathScorer?
}

/// How a path scorer may run its work.
public struct PathOptions {
    public var executor: Executor
    /// Targets per work item (bounded memory).
    /// Targets per batch; nil lets the scorer choose.
    public var batchSize: Int?
    public init(executor: Executor, batchSize: Int?) { self.executor = executor; self.batchSize = batchSize }
}

public protocol PathScorer {
    func scores(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> PathScores
}

/// Cross-validated scores of every candidate: `perTarget[f][c * t + q]` (fold f, candidate c,
/// target q), `score[f][c]` their uniform average over targets, times per fold in seconds.
public struct PathScores {
    public let nTargets: Int
    public let perTarget: [[Double]]
    public let score: [[Double]]
    public let setupTime: [Double]
    public let sweepTime: [Double]

    public init(nTargets: Int, perTarget: [[Double]], setupTime: [Double], sweepTime: [Double]) {
        self.nTargets = nTargets; self.perTarget = perTarget
        self.setupTime = setupTime; self.sweepTime = sweepTime
        let m = nTargets > 0 ? (perTarget.first?.count ?? 0) / nTargets : 0
        score = perTarget.map { pt in
            (0..<m).map { a -> Double in
                var s = 0.0
                for c in 0..<nTargets { s += pt[a * nTargets + c] }
                return s / Double(nTargets)
            }
        }
    }
}

extension Ridge {
    /// Every alpha of an alpha-only numeric grid, scored with R² or −MSE (`RidgeAlphaSweep`).
    public func pathScorer(grid: [String: [ParamValue]], scoring: Scoring?, options: PathOptions) -> PathScorer? {
        guard Array(grid.keys) == ["alpha"], let metric = RegressionMetric(scoring) else { return nil }
        let alphas = grid["alpha"]!.compactMap(\.asDouble)
        guard alphas.count == grid["alpha"]!.count else { return nil }
        return RidgeAlphaSweep(alphas: alphas, metric: metric, fitIntercept: fitIntercept, batchSize: options.batchSize,
                               executor: options.executor, backend: backend)
    }
}

extension RidgeAlphaSweep: PathScorer {
    public func scores(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> PathScores {
        try run(x, y, splits: splits).scores
    }
}
