import Foundation
import NLSCompute

/// Gaussian naive Bayes (scikit-learn `GaussianNB`, priors=None): per class the feature means
/// (`theta`) and population variances (`variance`, scikit-learn's var_; ddof 0) plus
/// epsilon = var_smoothing × the largest feature variance of all of X; class priors are the
/// class frequencies. predict = classes[argmax joint log-likelihood].
///
/// scikit-learn's GaussianNB has no decision_function; nls's `decisionFunction` (used by
/// roc_auc) returns predict_log_proba (n × n_classes), and for two classes the log posterior
/// odds log P(classes[1]|x) − log P(classes[0]|x). Both are monotone in scikit-learn's
/// predict_proba columns, so ranking scores (roc_auc) agree with scikit-learn's.
/// The `priors` parameter and partial_fit are not offered.
public final class GaussianNB: Classifier {
    public static let typeName = "GaussianNB"
    public static let summary = "Gaussian naive Bayes (scikit-learn GaussianNB)."
    public static let parameterSpecs = [
        ParameterSpec("var_smoothing", .float, default: .double(1e-9),
                      doc: "Portion of the largest feature variance added to every variance for stability."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("theta", .array, doc: "Per-class feature means [classes × features]."),
        // scikit-learn's var_; `var` is an nls keyword.
        AttributeSpec("variance", .array, doc: "Per-class feature variances plus epsilon [classes × features] (sklearn var_)."),
        AttributeSpec("class_prior", .array, doc: "Class probabilities (frequencies in y)."),
        AttributeSpec("class_count", .array, doc: "Number of training samples per class."),
        AttributeSpec("epsilon", .float, doc: "Absolute value added to the variances."),
        AttributeSpec("classes", .array, doc: "Sorted class labels seen by fit."),
    ]

    public var varSmoothing: Double
    public var backend: ComputeBackend

    public private(set) var classes: [Double] = []
    public private(set) var theta: NDArray?
    public private(set) var variance: NDArray?
    public private(set) var classPrior: [Double] = []
    public private(set) var classCount: [Double] = []
    public private(set) var epsilon = 0.0

    public init(varSmoothing: Double = 1e-9, backend: ComputeBackend = CPUBackend.shared) {
        self.varSmoothing = varSmoothing; self.backend = backend
    }

    public convenience init() { self.init(varSmoothing: 1e-9) }

    public func getParam(_ name: String) throws -> ParamValue {
        guard name == "var_smoothing" else { throw unknownParameter(name) }
        return .double(varSmoothing)
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        guard name == "var_smoothing" else { throw unknownParameter(name) }
        varSmoothing = try ParamRead.nonNegative(value, estimatorName, name)
    }

    public var isFitted: Bool { theta != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let theta = theta, let variance = variance else { throw notFitted() }
        switch name {
        case "theta": return .array(theta)
        case "variance": return .array(variance)
        case "class_prior": return .array(NDArray(classPrior))
        case "class_count": return .array(NDArray(classCount))
        case "epsilon": return .float(epsilon)
        case "classes": return .array(NDArray(classes))
        default: throw LearnError("\(estimatorName) has no attribute '\(name)'")
        }
    }

    /// Population mean and variance of each column over `rows`.
    static func moments(_ x: NDArray, rows: [Int]) -> (mean: [Double], variance: [Double]) {
        let p = x.cols, m = Double(rows.count)
        var mean = [Double](repeating: 0, count: p), v = [Double](repeating: 0, count: p)
        for i in rows { for j in 0..<p { mean[j] += x.storage[i * p + j] } }
        for j in 0..<p { mean[j] /= m }
        for i in rows { for j in 0..<p { let d = x.storage[i * p + j] - mean[j]; v[j] += d * d } }
        for j in 0..<p { v[j] /= m }
        return (mean, v)
    }

    public func fit(_ x: NDArray, _ y: NDArray) throws {
        let who = "\(estimatorName).fit"
        let (labels, cls) = try ClassifierSupport.classes(x, y, who)
        let n = x.rows, p = x.cols, k = cls.count
        let eps = varSmoothing * (Self.moments(x, rows: Array(0..<n)).variance.max() ?? 0)
        let index = Dictionary(uniqueKeysWithValues: cls.enumerated().map { ($1, $0) })
        var members = [[Int]](repeating: [], count: k)
        for (i, l) in labels.enumerated() { members[index[l]!].append(i) }
        var th = [Double](), va = [Double]()
        for rows in members {
            let (m, v) = Self.moments(x, rows: rows)
            th += m; va += v.map { $0 + eps }
        }
        if va.contains(where: { !($0 > 0) }) {
            throw LearnError("\(who): a class has a zero-variance feature and every feature of X is constant "
                             + "(epsilon = 0); GaussianNB needs at least one varying feature and var_smoothing > 0")
        }
        classes = cls; epsilon = eps
        theta = NDArray(shape: [k, p], th); variance = NDArray(shape: [k, p], va)
        classCount = members.map { Double($0.count) }
        classPrior = classCount.map { $0 / Double(n) }
    }

    /// Joint log-likelihood log P(c) + log P(x | c), n × n_classes.
    public func jointLogLikelihood(_ x: NDArray) throws -> NDArray {
        guard let theta = theta, let variance = variance else { throw notFitted() }
        try ClassifierSupport.checkPredict(x, nFeatures: theta.cols, "\(estimatorName).predict")
        let n = x.rows, p = x.cols, k = classes.count
        var out = [Double](repeating: 0, count: n * k)
        for c in 0..<k {
            var norm = log(classPrior[c])
            for j in 0..<p { norm -= 0.5 * log(2 * Double.pi * variance.storage[c * p + j]) }
            for i in 0..<n {
                var s = 0.0
                for j in 0..<p {
                    let d = x.storage[i * p + j] - theta.storage[c * p + j]
                    s += d * d / variance.storage[c * p + j]
                }
                out[i * k + c] = norm - 0.5 * s
            }
        }
        return NDArray(shape: [n, k], out)
    }

    /// scikit-learn's predict_log_proba: joint log-likelihood normalised per row.
    public func predictLogProba(_ x: NDArray) throws -> NDArray {
        var j = try jointLogLikelihood(x)
        let k = j.cols
        for i in 0..<j.rows {
            let row = j.storage[(i * k)..<((i + 1) * k)]
            let m = row.max()!
            let lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
            for c in 0..<k { j.storage[i * k + c] -= lse }
        }
        return j
    }

    /// Log posterior odds (two classes) or predict_log_proba (see the type's note).
    public func decisionFunction(_ x: NDArray) throws -> NDArray {
        let j = try jointLogLikelihood(x)
        if classes.count == 2 {
            return NDArray(shape: [j.rows], (0..<j.rows).map { j.storage[2 * $0 + 1] - j.storage[2 * $0] })
        }
        return try predictLogProba(x)
    }

    public func predict(_ x: NDArray) throws -> NDArray {
        ClassifierSupport.argmax(try jointLogLikelihood(x), classes)
    }

    /// Accuracy.
    public func score(_ x: NDArray, _ y: NDArray) throws -> Double {
        try Metrics.accuracy(y, predict(x))
    }
}
