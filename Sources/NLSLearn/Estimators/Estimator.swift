import NLSCompute

/// The interface every estimator and transformer shares (scikit-learn's BaseEstimator):
/// a self-description (name, parameters, fitted attributes), get/set of parameters by name,
/// clone, and the compute backend. What an estimator can do beyond that is a protocol of
/// its own: `Predictor` (fit(X, y)/predict/score), `Classifier`, `Transformer`
/// (fit(X)/transform), `PathScoring` (scores a whole parameter path at once).
///
/// Adding an estimator is one file here (a final class conforming to one of those) plus one
/// line in `EstimatorCatalog`; the language constructor, get/set params, GridSearch's
/// check-time grid validation, `%help`/`?` and `nls builtins` all come from the description.
public protocol Estimator: AnyObject {
    /// Class name in the language and in messages ("Ridge").
    static var typeName: String { get }
    /// One line, as the first line of a nilearn/scikit-learn docstring.
    static var summary: String { get }
    /// Every parameter, once: name, kind, default, one-line doc.
    static var parameterSpecs: [ParameterSpec] { get }
    /// Attributes readable after `fit` (scikit-learn's trailing-underscore attributes).
    static var attributeSpecs: [AttributeSpec] { get }

    /// An estimator with every parameter at its default.
    init()
    func getParam(_ name: String) throws -> ParamValue
    func setParam(_ name: String, _ value: ParamValue) throws
    /// Backend used for heavy linear algebra.
    var backend: ComputeBackend { get set }
    var isFitted: Bool { get }
    /// A fitted attribute by name (one of `attributeSpecs`); throws when not fitted.
    func attribute(_ name: String) throws -> AttributeValue
}

/// Supervised estimators: fit(X, y), predict, score.
public protocol Predictor: Estimator {
    /// True for classifiers: an integer `cv` then means StratifiedKFold, default score accuracy.
    var isClassifier: Bool { get }
    func fit(_ x: NDArray, _ y: NDArray) throws
    func predict(_ x: NDArray) throws -> NDArray
    /// Default score: R² (uniform average) for regressors, accuracy for classifiers.
    func score(_ x: NDArray, _ y: NDArray) throws -> Double
}

/// Classifiers also expose their classes and continuous decision values (used by roc_auc).
public protocol Classifier: Predictor {
    /// Sorted distinct labels seen by `fit`.
    var classes: [Double] { get }
    /// n_samples (binary) or n_samples × n_classes scores.
    func decisionFunction(_ x: NDArray) throws -> NDArray
}

/// Unsupervised transformers (scikit-learn TransformerMixin): fit(X), transform,
/// fit_transform, inverse_transform.
public protocol Transformer: Estimator {
    func fit(_ x: NDArray) throws
    func transform(_ x: NDArray) throws -> NDArray
    func fitTransform(_ x: NDArray) throws -> NDArray
    /// Back to the input space; throws for transformers that have no inverse.
    func inverseTransform(_ x: NDArray) throws -> NDArray
}

extension Predictor {
    public var isClassifier: Bool { false }
}

extension Classifier {
    public var isClassifier: Bool { true }
}

extension Transformer {
    public func fitTransform(_ x: NDArray) throws -> NDArray {
        try fit(x)
        return try transform(x)
    }

    public func inverseTransform(_ x: NDArray) throws -> NDArray {
        throw LearnError("\(estimatorName) has no inverse_transform")
    }
}

extension Estimator {
    public var estimatorName: String { Self.typeName }

    /// Names accepted by `getParam`/`setParam`, sorted.
    public var parameterNames: [String] { Self.parameterSpecs.map(\.name).sorted() }

    /// All parameters by name.
    public func getParams() -> [String: ParamValue] {
        var d: [String: ParamValue] = [:]
        for n in parameterNames { if let v = try? getParam(n) { d[n] = v } }
        return d
    }

    public func setParams(_ params: [String: ParamValue]) throws {
        for k in params.keys.sorted() { try setParam(k, params[k]!) }
    }

    /// A new, unfitted estimator with the same parameters and backend (sklearn's clone).
    public func clone() -> Self {
        let c = Self()
        // Parameters read back from a valid estimator are valid: setParam cannot fail here.
        try? c.setParams(getParams())
        c.backend = backend
        return c
    }

    /// An estimator of this type built from named parameters (unnamed ones keep their defaults).
    public static func make(_ params: [String: ParamValue], backend: ComputeBackend = CPUBackend.shared) throws -> Self {
        let e = Self()
        try e.setParams(params)
        e.backend = backend
        return e
    }

    public func unknownParameter(_ name: String) -> LearnError {
        LearnError("invalid parameter '\(name)' for estimator \(estimatorName); valid parameters are: "
                   + parameterNames.joined(separator: ", "))
    }

    public func notFitted() -> LearnError {
        LearnError("\(estimatorName): this estimator is not fitted yet; call fit first")
    }
}
