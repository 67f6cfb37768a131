import NLSCompute

/// Named scorers (scikit-learn `scoring=` strings). Greater is better for all of them.
public enum Scoring: String, CaseIterable, Sendable {
    case r2
    case negMeanSquaredError = "neg_mean_squared_error"
    case accuracy
    case rocAUC = "roc_auc"
    case balancedAccuracy = "balanced_accuracy"

    /// Parses a scoring name; nil → the estimator's own `score`.
    public static func named(_ name: String?) throws -> Scoring? {
        guard let name = name else { return nil }
        guard let s = Scoring(rawValue: name) else {
            throw LearnError("unknown scoring \"\(name)\"; valid: " + allCases.map { $0.rawValue }.joined(separator: ", "))
        }
        return s
    }

    /// Scores a fitted estimator on (x, y).
    public func score(_ est: Predictor, _ x: NDArray, _ y: NDArray) throws -> Double {
        switch self {
        case .r2: return try Metrics.r2Score(y, est.predict(x))
        case .negMeanSquaredError: return -(try Metrics.meanSquaredError(y, est.predict(x)))
        case .accuracy: return try Metrics.accuracy(y, est.predict(x))
        case .balancedAccuracy: return try Metrics.balancedAccuracy(y, est.predict(x))
        case .rocAUC:
            guard let c = est as? Classifier else {
                throw LearnError("scoring roc_auc needs a classifier with a decision function; \(est.estimatorName) is not one")
            }
            let d = try c.decisionFunction(x)
            guard d.ndim == 1 else { throw LearnError("roc_auc: only binary problems are supported (got \(c.classes.count) classes)") }
            return try Metrics.rocAUC(y, d)
        }
    }
}

/// Scores with a named scorer, or the estimator's own `score` when scoring is nil.
func evaluate(_ scoring: Scoring?, _ est: Predictor, _ x: NDArray, _ y: NDArray) throws -> Double {
    if let s = scoring { return try s.score(est, x, y) }
    return try est.score(x, y)
}
