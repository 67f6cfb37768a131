import Foundation
import NLSCompute

/// Exhaustive search over a parameter grid with cross-validation (scikit-learn
/// GridSearchCV). Candidates follow ParameterGrid order (sorted keys, last key fastest);
/// the best candidate is the first with the highest mean_test_score (rank 'min').
///
/// Whole-path scoring: when the estimator is `PathScoring` and offers a scorer for this
/// grid and scoring (Ridge: alpha-only grids, R² or −MSE), every candidate is scored from
/// shared work instead of one fit per candidate and fold; the numbers agree with the
/// generic path to ~1e-12. Set `fastPath = false` to force the generic path.
public final class GridSearch {
    public let estimator: Predictor
    public let grid: [String: [ParamValue]]
    public var cv: CV
    public var scoring: Scoring?
    public var refit: Bool
    /// Threads for folds / candidates / target batches (≤ 0: all cores).
    public var nJobs: Int
    /// Runs the work items; nil: threads, `nJobs` of them.
    public var executor: Executor?
    /// Targets per work item of a path scorer.
    /// Targets per batch of a path scorer; nil lets it choose (see `RidgeAlphaSweep.batchSize`).
    public var batchSize: Int?
    public var fastPath: Bool

    public private(set) var candidates: [[String: ParamValue]] = []
    public private(set) var cvResults = CVResults()
    public private(set) var bestIndex = -1
    public private(set) var bestScore = Double.nan
    public private(set) var bestParams: [String: ParamValue] = [:]
    public private(set) var bestEstimator: Predictor?
    /// Single numeric parameter grids of regressors scored per target (R² or −MSE): per
    /// target, the value with the highest mean CV score (first on ties).
    public private(set) var bestValuePerTarget: [Double]?
    /// The parameter `bestValuePerTarget` is about.
    public private(set) var perTargetParameter: String?
    /// Whether the last `fit` used the estimator's path scorer.
    public private(set) var usedFastPath = false
    public private(set) var nSplits = 0
    /// Seconds spent refitting the best estimator.
    public private(set) var refitTime = 0.0

    public init(_ estimator: Predictor, grid: [String: [ParamValue]], cv: CV = .default, scoring: Scoring? = nil,
                refit: Bool = true, nJobs: Int = 1, batchSize: Int? = nil, fastPath: Bool = true) {
        self.estimator = estimator; self.grid = grid; self.cv = cv; self.scoring = scoring
        self.refit = refit; self.nJobs = nJobs; self.batchSize = batchSize; self.fastPath = fastPath
    }

    /// Convenience for numeric grids: `GridSearch(Ridge(), grid: ["alpha": alphas])`.
    public convenience init(_ estimator: Predictor, numericGrid: [String: [Double]], cv: CV = .default,
                            scoring: Scoring? = nil, refit: Bool = true, nJobs: Int = 1, batchSize: Int? = nil,
                            fastPath: Bool = true) {
        self.init(estimator, grid: numericGrid.mapValues { $0.map { ParamValue.double($0) } }, cv: cv, scoring: scoring,
                  refit: refit, nJobs: nJobs, batchSize: batchSize, fastPath: fastPath)
    }

    var activeExecutor: Executor { executor ?? ThreadExecutor(nJobs: nJobs) }

    /// The estimator's scorer for the whole grid, when it has one and `fastPath` allows it.
    var pathScorer: PathScorer? {
        guard fastPath, let e = estimator as? PathScoring else { return nil }
        return e.pathScorer(grid: grid, scoring: scoring, options: PathOptions(executor: activeExecutor, batchSize: batchSize))
    }

    /// Whether `fit` would use the estimator's path scorer.
    public var fastPathApplies: Bool { pathScorer != nil }

    /// Per-target scores are kept for regressors searched over one numeric parameter.
    var perTargetParameterName: String? {
        guard !estimator.isClassifier, grid.count == 1, RegressionMetric(scoring) != nil,
              let (name, values) = grid.first, values.allSatisfy({ $0.asDouble != nil }) else { return nil }
        return name
    }

    /// Per candidate and fold: test score, fit and score seconds; per candidate the
    /// per-target test scores averaged over folds (when recorded).
    struct CandidateRuns {
        var scores: [[Double]], fitTimes: [[Double]], scoreTimes: [[Double]]
        var perTargetMean: [[Double]]?
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
        let scorer = pathScorer
        let runs = try ComputeProfile.phase("GridSearch: cross-validated scores") {
            try scorer.map { try pathRuns($0, x, y, splits, nCandidates: cands.count) } ?? candidateRuns(cands, x, y, splits)
        }
        // The refit happens before anything is recorded: a failed or interrupted fit leaves
        // the search as it was (no half-updated results).
        var refitted: Predictor? = nil, seconds = 0.0
        if refit {
            let est = estimator.clone()
            try est.setParams(cands[Self.bestIndex(runs.scores)])
            let t0 = Date()
            // Split over targets on the executor where the estimator can (under MPI: over
            // the ranks, not repeated whole on each).
            try ComputeProfile.phase("GridSearch: refit") {
                if let batched = est as? TargetBatchFitting { try batched.fit(x, y, executor: activeExecutor) }
                else { try est.fit(x, y) }
            }
            seconds = Date().timeIntervalSince(t0)
            refitted = est
        }
        candidates = cands
        nSplits = splits.count
        usedFastPath = scorer != nil
        record(runs, cands)
        bestEstimator = refitted
        refitTime = seconds
    }

    /// The first candidate with the highest mean score (scikit-learn's rank 'min').
    static func bestIndex(_ scores: [[Double]]) -> Int {
        let ranks = Stats.rankDescendingMin(scores.map(Stats.mean))
        return ranks.firstIndex(of: ranks.min()!)!
    }

    func pathRuns(_ scorer: PathScorer, _ x: NDArray, _ y: NDArray, _ splits: [Split], nCandidates m: Int) throws -> CandidateRuns {
        let out = try scorer.scores(x, y, splits: splits)
        let nf = splits.count, t = out.nTargets
        // The shared work is spread evenly over the candidates in the timing columns.
        return CandidateRuns(
            scores: (0..<m).map { a in (0..<nf).map { out.score[$0][a] } },
            fitTimes: (0..<m).map { _ in (0..<nf).map { out.setupTime[$0] / Double(m) } },
            scoreTimes: (0..<m).map { _ in (0..<nf).map { out.sweepTime[$0] / Double(m) } },
            perTargetMean: perTargetParameterName == nil ? nil : (0..<m).map { a in
                (0..<t).map { c in (0..<nf).reduce(0.0) { $0 + out.perTarget[$1][a * t + c] } / Double(nf) }
            })
    }

    func candidateRuns(_ cands: [[String: ParamValue]], _ x: NDArray, _ y: NDArray, _ splits: [Split]) throws -> CandidateRuns {
        let m = cands.count, nf = splits.count
        let perTarget = perTargetParameterName != nil
        let metric = RegressionMetric(scoring) ?? .r2
        let runs = try activeExecutor.map(m * nf, backend: estimator.backend) { i -> CandidateFold in
            let c = i / nf, f = i % nf
            let est = self.estimator.clone()
            try est.setParams(cands[c])
            if perTarget { return try Self.foldPerTarget(est, x, y, splits[f], metric: metric) }
            let r = try CrossValidation.fitAndScore(est, x, y, splits[f], scoring: self.scoring)
            return CandidateFold(test: r.test, fitTime: r.fitTime, scoreTime: r.scoreTime, perTarget: nil)
        }
        var out = CandidateRuns(scores: (0..<m).map { c in (0..<nf).map { runs[c * nf + $0].test } },
                                fitTimes: (0..<m).map { c in (0..<nf).map { runs[c * nf + $0].fitTime } },
                                scoreTimes: (0..<m).map { c in (0..<nf).map { runs[c * nf + $0].scoreTime } })
        if perTarget, let t = runs.first?.perTarget?.count {
            out.perTargetMean = (0..<m).map { c in
                (0..<t).map { q in (0..<nf).reduce(0.0) { $0 + runs[c * nf + $1].perTarget![q] } / Double(nf) }
            }
        }
        return out
    }

    /// cv_results, the best candidate and the best value per target.
    func record(_ runs: CandidateRuns, _ cands: [[String: ParamValue]]) {
        let m = cands.count, nf = nSplits
        let means = runs.scores.map(Stats.mean)
        let ranks = Stats.rankDescendingMin(means)
        bestIndex = Self.bestIndex(runs.scores)
        bestScore = means[bestIndex]
        bestParams = cands[bestIndex]

        var res = CVResults()
        res.append("mean_fit_time", .numbers(runs.fitTimes.map(Stats.mean)))
        res.append("std_fit_time", .numbers(runs.fitTimes.map(Stats.std)))
        res.append("mean_score_time", .numbers(runs.scoreTimes.map(Stats.mean)))
        res.append("std_score_time", .numbers(runs.scoreTimes.map(Stats.std)))
        for k in grid.keys.sorted() { res.append("param_\(k)", .values(cands.map { $0[k]! })) }
        res.append("params", .params(cands))
        for f in 0..<nf { res.append("split\(f)_test_score", .numbers(runs.scores.map { $0[f] })) }
        res.append("mean_test_score", .numbers(means))
        res.append("std_test_score", .numbers(runs.scores.map(Stats.std)))
        res.append("rank_test_score", .integers(ranks))
        cvResults = res

        perTargetParameter = nil
        bestValuePerTarget = nil
        if let ptm = runs.perTargetMean, let name = perTargetParameterName, let t = ptm.first?.count {
            let values = cands.map { $0[name]!.asDouble! }
            perTargetParameter = name
            bestValuePerTarget = (0..<t).map { q in
                var best = 0
                for a in 1..<m where ptm[a][q] > ptm[best][q] || (ptm[best][q].isNaN && !ptm[a][q].isNaN) { best = a }
                return values[best]
            }
        }
    }

    /// Ridge-style alpha grids: per target, the best alpha (nil for other grids).
    public var bestAlphaPerTarget: [Double]? { perTargetParameter == "alpha" ? bestValuePerTarget : nil }

    /// Generic path for single-parameter regressor grids: also records per-target scores.
    static func foldPerTarget(_ est: Predictor, _ x: NDArray, _ y: NDArray, _ split: Split,
                              metric: RegressionMetric) throws -> CandidateFold {
        let xtr = x.takingRows(split.train), ytr = y.takingRows(split.train)
        let xte = x.takingRows(split.test), yte = y.takingRows(split.test)
        let t0 = Date()
        try est.fit(xtr, ytr)
        let t1 = Date()
        let pred = try est.predict(xte)
        let per = metric == .negMeanSquaredError
            ? try Metrics.meanSquaredErrorPerTarget(yte, pred).map { -$0 }
            : try Metrics.r2ScorePerTarget(yte, pred)
        let score = per.reduce(0, +) / Double(per.count)
        return CandidateFold(test: score, fitTime: t1.timeIntervalSince(t0), scoreTime: Date().timeIntervalSince(t1), perTarget: per)
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

/// One (candidate, fold) work item's outcome; bytes so an MPI rank can send it.
struct CandidateFold: ByteCodable {
    var test: Double, fitTime: Double, scoreTime: Double
    var perTarget: [Double]?

    func encode(to w: inout ByteWriter) {
        w.put(test); w.put(fitTime); w.put(scoreTime); perTarget.encode(to: &w)
    }
    static func decode(from r: inout ByteReader) throws -> CandidateFold {
        CandidateFold(test: try r.double(), fitTime: try r.double(), scoreTime: try r.double(), perTarget: try [Double]?.decode(from: &r))
    }
}
