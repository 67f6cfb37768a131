import Foundation
import NLSCompute

/// Result of `crossValidate`: one entry per split.
public struct CrossValidateResult: Sendable {
    public let testScore: [Double]
    public let trainScore: [Double]?
    /// Seconds.
    public let fitTime: [Double]
    public let scoreTime: [Double]
}

public enum CrossValidation {
    /// Per-split test scores (scikit-learn `cross_val_score`). scoring nil → estimator.score.
    public static func crossValScore(_ estimator: Predictor, _ x: NDArray, _ y: NDArray, cv: CV = .default,
                                     scoring: Scoring? = nil, groups: NDArray? = nil, nJobs: Int = 1) throws -> [Double] {
        try crossValidate(estimator, x, y, cv: cv, scoring: scoring, groups: groups, nJobs: nJobs).testScore
    }

    /// Scikit-learn `cross_validate`: clones the estimator per split, fits on train, scores on test.
    public static func crossValidate(_ estimator: Predictor, _ x: NDArray, _ y: NDArray, cv: CV = .default,
                                     scoring: Scoring? = nil, groups: NDArray? = nil,
                                     returnTrainScore: Bool = false, nJobs: Int = 1,
                                     executor: Executor? = nil) throws -> CrossValidateResult {
        try Check.xy(x, y, "cross_validate")
        let splits = try cv.splits(classifier: estimator.isClassifier, nSamples: x.shape[0], y: y, groups: groups)
        let runs = try (executor ?? ThreadExecutor(nJobs: nJobs)).map(splits.count, backend: estimator.backend) { i in
            try fitAndScore(estimator.clone(), x, y, splits[i], scoring: scoring, trainScore: returnTrainScore)
        }
        return CrossValidateResult(testScore: runs.map { $0.test }, trainScore: returnTrainScore ? runs.map { $0.train } : nil,
                                   fitTime: runs.map { $0.fitTime }, scoreTime: runs.map { $0.scoreTime })
    }

    struct FoldRun: ByteCodable {
        var test: Double; var train: Double; var fitTime: Double; var scoreTime: Double

        // Bytes so an MPI rank can send a fold's outcome.
        func encode(to w: inout ByteWriter) { w.put(test); w.put(train); w.put(fitTime); w.put(scoreTime) }
        static func decode(from r: inout ByteReader) throws -> FoldRun {
            FoldRun(test: try r.double(), train: try r.double(), fitTime: try r.double(), scoreTime: try r.double())
        }
    }

    static func fitAndScore(_ est: Predictor, _ x: NDArray, _ y: NDArray, _ split: Split,
                            scoring: Scoring?, trainScore: Bool = false) throws -> FoldRun {
        let xtr = x.takingRows(split.train), ytr = y.takingRows(split.train)
        let xte = x.takingRows(split.test), yte = y.takingRows(split.test)
        let t0 = Date()
        try est.fit(xtr, ytr)
        let t1 = Date()
        let test = try evaluate(scoring, est, xte, yte)
        let t2 = Date()
        let train = trainScore ? try evaluate(scoring, est, xtr, ytr) : .nan
        return FoldRun(test: test, train: train, fitTime: t1.timeIntervalSince(t0), scoreTime: t2.timeIntervalSince(t1))
    }
}
