import NLSCompute

/// Numeric parameter reading shared by the classifiers (messages name estimator and parameter).
extension ParamRead {
    /// A finite number > 0 (`C`, `tol`, `intercept_scaling`); Int widened.
    static func positive(_ v: ParamValue, _ who: String, _ name: String) throws -> Double {
        guard let d = v.asDouble else { throw LearnError("\(who): \(name) must be a number, got \(v)") }
        guard d.isFinite, d > 0 else { throw LearnError("\(who): \(name) must be finite and > 0, got \(d)") }
        return d
    }

    /// A finite number ≥ 0; Int widened.
    static func nonNegative(_ v: ParamValue, _ who: String, _ name: String) throws -> Double {
        guard let d = v.asDouble else { throw LearnError("\(who): \(name) must be a number, got \(v)") }
        guard d.isFinite, d >= 0 else { throw LearnError("\(who): \(name) must be finite and ≥ 0, got \(d)") }
        return d
    }

    /// An integer ≥ `min` (a whole Double is accepted).
    static func int(_ v: ParamValue, _ who: String, _ name: String, min: Int) throws -> Int {
        let i: Int
        switch v {
        case .int(let n): i = n
        case .double(let d) where d.isFinite && d == d.rounded() && abs(d) < 1e15: i = Int(d)
        default: throw LearnError("\(who): \(name) must be an integer, got \(v)")
        }
        guard i >= min else { throw LearnError("\(who): \(name) must be ≥ \(min), got \(i)") }
        return i
    }
}

/// What GaussianNB, LinearSVC and LogisticRegression share: label checks, the predict-time
/// feature check, argmax over decision values and the linear decision function.
enum ClassifierSupport {
    /// Labels of `y` and their sorted distinct values; at least two classes.
    static func classes(_ x: NDArray, _ y: NDArray, _ who: String) throws -> (labels: [Double], classes: [Double]) {
        try Check.xy(x, y, who)
        let labels = try Metrics.labels(y, who)
        let cls = Array(Set(labels)).sorted()
        guard cls.count >= 2 else {
            throw LearnError("\(who): y has a single class (\(cls.first ?? .nan)); need at least 2 classes")
        }
        return (labels, cls)
    }

    static func checkPredict(_ x: NDArray, nFeatures: Int, _ who: String) throws {
        try Check.features(x, who)
        guard x.shape[1] == nFeatures else {
            throw LearnError("\(who): X has \(x.shape[1]) features, but the model was fitted with \(nFeatures)")
        }
    }

    /// classes[argmax] per row of n × k decision values; 1-D (binary) values pick classes[1] when > 0.
    static func argmax(_ d: NDArray, _ classes: [Double]) -> NDArray {
        if d.ndim == 1 {
            return NDArray(shape: [d.size], d.storage.map { $0 > 0 ? classes[1] : classes[0] })
        }
        let n = d.rows, c = d.cols
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var best = 0
            for j in 1..<c where d.storage[i * c + j] > d.storage[i * c + best] { best = j }
            out[i] = classes[best]
        }
        return NDArray(shape: [n], out)
    }

    /// X·coefᵀ + intercept: n (one row of coef) or n × k.
    static func linearDecision(_ x: NDArray, coef: NDArray, intercept: [Double], backend: ComputeBackend) throws -> NDArray {
        var d = try backend.gemm(x, coef, transA: false, transB: true, alpha: 1)
        let k = coef.rows
        for i in 0..<d.rows { for j in 0..<k { d.storage[i * k + j] += intercept[j] } }
        return k == 1 ? d.reshaped([d.rows]) : d
    }

    /// The fitted coef/intercept/classes attributes of the linear classifiers.
    static func linearAttribute(_ name: String, coef: NDArray, intercept: [Double], classes: [Double],
                                who: String) throws -> AttributeValue {
        switch name {
        case "coef": return .array(coef)
        case "intercept": return .array(NDArray(intercept))
        case "classes": return .array(NDArray(classes))
        default: throw LearnError("\(who) has no attribute '\(name)'")
        }
    }
}

/// Classifiers whose decision is X·coefᵀ + intercept (LinearSVC, LogisticRegression):
/// fitted attributes, decision function, prediction and accuracy written once.
public protocol LinearDecisionClassifier: Classifier {
    var coef: NDArray? { get }
    var intercept: [Double] { get }
    /// Solver iterations of the last fit.
    var nIter: Int { get }
}

extension LinearDecisionClassifier {
    public var isFitted: Bool { coef != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let coef = coef else { throw notFitted() }
        if name == "n_iter" { return .int(nIter) }
        return try ClassifierSupport.linearAttribute(name, coef: coef, intercept: intercept, classes: classes, who: estimatorName)
    }

    /// n_samples for two classes (> 0 → classes[1]), else n_samples × n_classes.
    public func decisionFunction(_ x: NDArray) throws -> NDArray {
        guard let coef = coef else { throw notFitted() }
        try ClassifierSupport.checkPredict(x, nFeatures: coef.cols, "\(estimatorName).predict")
        return try ClassifierSupport.linearDecision(x, coef: coef, intercept: intercept, backend: backend)
    }

    public func predict(_ x: NDArray) throws -> NDArray {
        ClassifierSupport.argmax(try decisionFunction(x), classes)
    }

    /// Accuracy.
    public func score(_ x: NDArray, _ y: NDArray) throws -> Double {
        try Metrics.accuracy(y, predict(x))
    }
}
