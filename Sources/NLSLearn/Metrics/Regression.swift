import NLSCompute

/// Regression scores computable from per-target sums of squares alone: the metrics of
/// whole-path scorers (`PathScorer`), which never form predictions target by target.
public enum RegressionMetric: Sendable, Equatable {
    case r2, negMeanSquaredError

    /// The metric of a scoring (nil: the regressor's default, R²); nil when the scoring is
    /// not a regression score of this kind.
    public init?(_ scoring: Scoring?) {
        switch scoring {
        case nil, .r2?: self = .r2
        case .negMeanSquaredError?: self = .negMeanSquaredError
        default: return nil
        }
    }
}

public enum Metrics {
    /// A per-target score from SS_res (`sse`), SS_tot around the test mean (`sst`) and the
    /// number of test samples — the one rule of every path (the OpenCL alpha-sweep kernel
    /// mirrors it in C as `nls_ridge_score`). R² is NaN below 2 samples, as sklearn's.
    @inline(__always)
    static func score(_ metric: RegressionMetric, sse: Double, sst: Double, nSamples: Int) -> Double {
        switch metric {
        case .negMeanSquaredError: return -sse / Double(nSamples)
        case .r2: return nSamples < 2 ? .nan : r2(sse: sse, sst: sst)
        }
    }

    /// Per-target R² from residual and total sums of squares, with sklearn's force_finite
    /// rules: SS_tot = 0 → 1 if SS_res = 0 else 0.
    @inline(__always)
    static func r2(sse: Double, sst: Double) -> Double {
        if sst != 0 { return sse != 0 ? 1 - sse / sst : 1 }
        return sse != 0 ? 0 : 1
    }

    /// Column-wise (SS_res, SS_tot), SS_tot around each column's own mean.
    static func sumsOfSquares(_ yTrue: NDArray, _ yPred: NDArray) -> (sse: [Double], sst: [Double]) {
        let n = yTrue.rows, t = yTrue.cols
        let mean = yTrue.columnMeans()
        var sse = [Double](repeating: 0, count: t), sst = [Double](repeating: 0, count: t)
        yTrue.storage.withUnsafeBufferPointer { py in
            yPred.storage.withUnsafeBufferPointer { pp in
                for i in 0..<n {
                    for c in 0..<t {
                        let r = py[i * t + c] - pp[i * t + c]
                        sse[c] += r * r
                        let d = py[i * t + c] - mean[c]
                        sst[c] += d * d
                    }
                }
            }
        }
        return (sse, sst)
    }

    static func checkSame(_ yTrue: NDArray, _ yPred: NDArray, _ who: String) throws -> (NDArray, NDArray) {
        let a = yTrue.matrix2D, b = yPred.matrix2D
        guard a.rows == b.rows, a.cols == b.cols else {
            throw LearnError("\(who): y_true has shape \(yTrue.shape) but y_pred has shape \(yPred.shape)")
        }
        return (a, b)
    }

    /// R² per target (sklearn r2_score multioutput='raw_values').
    public static func r2ScorePerTarget(_ yTrue: NDArray, _ yPred: NDArray) throws -> [Double] {
        let (a, b) = try checkSame(yTrue, yPred, "r2_score")
        if a.rows < 2 { return [Double](repeating: .nan, count: a.cols) }
        let (sse, sst) = sumsOfSquares(a, b)
        return zip(sse, sst).map { r2(sse: $0, sst: $1) }
    }

    /// R², uniform average over targets (sklearn default); NaN for fewer than 2 samples.
    public static func r2Score(_ yTrue: NDArray, _ yPred: NDArray) throws -> Double {
        let s = try r2ScorePerTarget(yTrue, yPred)
        return s.reduce(0, +) / Double(s.count)
    }

    /// Mean squared error per target.
    public static func meanSquaredErrorPerTarget(_ yTrue: NDArray, _ yPred: NDArray) throws -> [Double] {
        let (a, b) = try checkSame(yTrue, yPred, "mean_squared_error")
        let (sse, _) = sumsOfSquares(a, b)
        return sse.map { $0 / Double(a.rows) }
    }

    /// Mean squared error, uniform average over targets.
    public static func meanSquaredError(_ yTrue: NDArray, _ yPred: NDArray) throws -> Double {
        let m = try meanSquaredErrorPerTarget(yTrue, yPred)
        return m.reduce(0, +) / Double(m.count)
    }
}
