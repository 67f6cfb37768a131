import Foundation
import NLSCompute

/// Exhaustive search over a parameter grid with cross-validation (scikit-learn
/// GridSearchCV). Candidates follow ParameterGrid order (sorted keys, last key fastest);
/// the best candidate is the first with the highest mean_test_score (rank 'min').
///
/// Fast path: for a `Ridge` with only `alpha` in the grid and scoring nil/r2/
/// neg_mean_squared_error, all alphas are scored from one SVD per fold
/// (`RidgeAlphaSweep`) instead of one fit per alpha and fold; the numbers agree with the
/// generic path to ~1e-12. Set `fastPath = false` to force the generic path.
public final class GridSearch {
    public let estimator: Estimator
    public let grid: [String: [ParamValue]]
    public var cv: CV
    public var scoring: Scoring?
    public var refit: Bool
    /// Threads for folds / candidates / target batches (≤ 0: all cores).
    public var nJobs: Int
    /// Targets per work item in the Ridge fast path.
    public var batchSize: Int
    public var fastPath: Bool

    public private(set) var candidates: [[String: ParamValue]] = []
    public private(set) var cvResults = CVResults()
    public private(set) var bestIndex = -1
    public private(set) var bestScore = Double.nan
    public private(set) var bestParams: [String: ParamValue] = [:]
    public private(set) var bestEstimator: Estimator?
    /// Ridge alpha grids: per target, the alpha with the highest mean CV score (first on ties).
    public private(set) var bestAlphaPerTarget: [Double]?
    /// Whether the last `fit` used the one-SVD-per-fold Ridge path.
    public private(set) var usedFastPath = false
    public private(set) var nSplits = 0
    /// Seconds spent refitting the best estimator.
    public private(set) var refitTime = 0.0

    public init(_ estimator: Estimator, grid: [String: [ParamValue]], cv: CV = .default, scoring: Scoring? = nil,
                refit: Bool = true, nJobs: Int = 1, batchSize: Int = 1024, fastPath: Bool = true) {
        self.estimator = estimator; self.grid = grid; self.cv = cv; self.scoring = scoring
        self.refit = refit; self.nJobs = nJobs; self.batchSize = batchSize; self.fastPath = fastPath
    }

    /// Convenience for numeric grids: `GridSearch(Ridge(), grid: ["alpha": alphas])`.
    public convenience init(_ estimator: Estimator, numericGrid: [String: [Double]], cv: CV = .default,
                            scoring: Scoring? = nil, refit: Bool = true, nJobs: Int = 1, batchSize: Int = 1024,
                            fastPath: Bool = true) {
        self.init(estimator, grid: numericGrid.mapValues { $0.map { ParamValue.double($0) } }, cv: cv, scoring: scoring,
                  refit: refit, nJobs: nJobs, batchSize: batchSize, fastPath: fastPath)
    }

    /// Whether `fit` would use the Ridge alpha fast path.
    public var fastPathApplies: Bool {
        guard fastPath, estimator is Ridge, Array(grid.keys) == ["alpha"] else { return false }
        guard grid["alpha"]!.allSatisfy({ $0.asDouble != nil }) else { return false }
        return scoring == nil || scoring == .r2 || scoring == .negMeanSquaredError
    }

    public func fit(_ x: NDArray, _ y: NDArray, groups: NDArray? = nil) throws {
        try Check.xy(x, y, "GridSearch.fit")
        let cands = try ParameterGrid.candidates(grid)
        // Validate names and values up front (clear errors before any long run).
        let probe = estimator.clone()
        for k in grid.keys.sorted() {
            guard estimator.parameterNames.contains(k) else { throw estimator.unknownParameter(k) }
            for v in grid[k]! { try probe.setParam(k, v) }
        }
        let splits = try cv.splits(classifier: estimator.isClassifier, nSamples: x.shape[0], y: y, groups: groups)
        candidates = cands
        nSplits = splits.count
        let m = cands.count, nf = splits.count

        var splitScores = [[Double]](repeating: [], count: m)     // [cand][fold]
        var fitTimes = [[Double]](repeating: [], count: m), scoreTimes = [[Double]](repeating: [], count: m)
        var perTargetMean: [[Double]]? = nil                       // [cand][target], mean over folds
        usedFastPath = fastPathApplies
        if usedFastPath {
            let ridge = estimator as! Ridge
            let alphas = cands.map { $0["alpha"]!.asDouble! }
            let sweep = RidgeAlphaSweep(alphas: alphas, metric: scoring == .negMeanSquaredError ? .negMeanSquaredError : .r2,
                                        fitIntercept: ridge.fitIntercept, batchSize: batchSize, nJobs: nJobs,
                                        backend: ridge.backend)
            let out = try sweep.run(x, y, splits: splits)
            let t = out.nTargets
            for a in 0..<m {
                splitScores[a] = (0..<nf).map { out.score[$0][a] }
                fitTimes[a] = (0..<nf).map { out.setupTime[$0] / Double(m) }
                scoreTimes[a] = (0..<nf).map { out.sweepTime[$0] / Double(m) }
            }
            perTargetMean = (0..<m).map { a in
                (0..<t).map { c in (0..<nf).reduce(0.0) { $0 + out.perTarget[$1][a * t + c] } / Double(nf) }
            }
        } else {
            let perTarget = estimator is Ridge && Array(grid.keys) == ["alpha"] &&
                grid["alpha"]!.allSatisfy({ $0.asDouble != nil }) &&
                (scoring == nil || scoring == .r2 || scoring == .negMeanSquaredError)
            let runs = try Parallel.map(m * nf, nJobs: nJobs, backend: estimator.backend) { i -> (Double, Double, Double, [Double]?) in
                let c = i / nf, f = i % nf
                let est = self.estimator.clone()
                try est.setParams(cands[c])
                if perTarget { return try Self.ridgeFoldPerTarget(est, x, y, splits[f], scoring: self.scoring) }
                let r = try CrossValidation.fitAndScore(est, x, y, splits[f], scoring: self.scoring)
                return (r.test, r.fitTime, r.scoreTime, nil)
            }
            for c in 0..<m {
                splitScores[c] = (0..<nf).map { runs[c * nf + $0].0 }
                fitTimes[c] = (0..<nf).map { runs[c * nf + $0].1 }
                scoreTimes[c] = (0..<nf).map { runs[c * nf + $0].2 }
            }
            if perTarget, let t = runs.first?.3?.count {
                perTargetMean = (0..<m).map { c in
                    (0..<t).map { q in (0..<nf).reduce(0.0) { $0 + runs[c * nf + $1].3![q] } / Double(nf) }
                }
            }
        }

        let means = splitScores.map(Stats.mean)
        let ranks = Stats.rankDescendingMin(means)
        bestIndex = ranks.firstIndex(of: ranks.min()!)!
        bestScore = means[bestIndex]
        bestParams = cands[bestIndex]

        var res = CVResults()
        res.append("mean_fit_time", .numbers(fitTimes.map(Stats.mean)))
        res.append("std_fit_time", .numbers(fitTimes.map(Stats.std)))
        res.append("mean_score_time", .numbers(scoreTimes.map(Stats.mean)))
        res.append("std_score_time", .numbers(scoreTimes.map(Stats.std)))
        for k in grid.keys.sorted() { res.append("param_\(k)", .values(cands.map { $0[k]! })) }
        res.append("params", .params(cands))
        for f in 0..<nf { res.append("split\(f)_test_score", .numbers(splitScores.map { $0[f] })) }
        res.append("mean_test_score", .numbers(means))
        res.append("std_test_score", .numbers(splitScores.map(Stats.std)))
        res.append("rank_test_score", .integers(ranks))
        cvResults = res

        if let ptm = perTargetMean {
            let alphas = cands.map { $0["alpha"]!.asDouble! }
            let t = ptm[0].count
            bestAlphaPerTarget = (0..<t).map { q in
                var best = 0
                for a in 1..<m where ptm[a][q] > ptm[best][q] || (ptm[best][q].isNaN && !ptm[a][q].isNaN) { best = a }
                return alphas[best]
            }
        } else {
            bestAlphaPerTarget = nil
        }

        bestEstimator = nil
        if refit {
            let est = estimator.clone()
            try est.setParams(bestParams)
            let t0 = Date()
            try est.fit(x, y)
            refitTime = Date().timeIntervalSince(t0)
            bestEstimator = est
        }
    }

    /// Generic path for Ridge alpha grids: also records per-target scores.
    static func ridgeFoldPerTarget(_ est: Estimator, _ x: NDArray, _ y: NDArray, _ split: Split,
                                   scoring: Scoring?) throws -> (Double, Double, Double, [Double]?) {
        let xtr = Mat.takeRows(x, split.train), ytr = Mat.takeRows(y, split.train)
        let xte = Mat.takeRows(x, split.test), yte = Mat.takeRows(y, split.test)
        let t0 = Date()
        try est.fit(xtr, ytr)
        let t1 = Date()
        let pred = try est.predict(xte)
        let per = scoring == .negMeanSquaredError
            ? try Metrics.meanSquaredErrorPerTarget(yte, pred).map { -$0 }
            : try Metrics.r2ScorePerTarget(yte, pred)
        let score = per.reduce(0, +) / Double(per.count)
        return (score, t1.timeIntervalSince(t0), Date().timeIntervalSince(t1), per)
    }

    public func predict(_ x: NDArray) throws -> NDArray {
        guard let e = bestEstimator else { throw LearnError("GridSearch: not fitted with refit=true; call fit(X, y) first") }
        return try e.predict(x)
    }

    /// Score of the refitted best estimator with the search's scoring.
    public func score(_ x: NDArray, _ y: NDArray) throws -> Double {
        guard let e = bestEstimator else { throw LearnError("GridSearch: not fitted with refit=true; call fit(X, y) first") }
        return try evaluate(scoring, e, x, y)
    }
}
