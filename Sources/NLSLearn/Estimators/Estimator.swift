import NLSCompute

/// A hyper-parameter value, as set by name (`setParam("alpha", .double(1))`) or listed in
/// a GridSearch grid.
public enum ParamValue: Equatable, Hashable, CustomStringConvertible, Sendable {
    case double(Double)
    case int(Int)
    case bool(Bool)
    case string(String)
    case doubles([Double])

    public var description: String {
        switch self {
        case .double(let v): return "\(v)"
        case .int(let v): return "\(v)"
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return "\"\(v)\""
        case .doubles(let v): return "[" + v.map { "\($0)" }.joined(separator: ", ") + "]"
        }
    }

    /// Numeric value (Int widened to Double).
    public var asDouble: Double? {
        switch self {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }
}

/// The interface every estimator shares (scikit-learn's fit/predict/score + get/set_params
/// + clone), so cross-validation and GridSearch accept any of them.
public protocol Estimator: AnyObject {
    /// Class name shown in messages ("Ridge").
    var estimatorName: String { get }
    /// True for classifiers: an integer `cv` then means StratifiedKFold, default score accuracy.
    var isClassifier: Bool { get }
    /// Names accepted by `getParam`/`setParam`, in sorted order.
    var parameterNames: [String] { get }
    func getParam(_ name: String) throws -> ParamValue
    func setParam(_ name: String, _ value: ParamValue) throws
    /// A new, unfitted estimator with the same parameters (and backend).
    func clone() -> Estimator
    /// Backend used for heavy linear algebra.
    var backend: ComputeBackend { get set }

    func fit(_ x: NDArray, _ y: NDArray) throws
    func predict(_ x: NDArray) throws -> NDArray
    /// Default score: R² (uniform average) for regressors, accuracy for classifiers.
    func score(_ x: NDArray, _ y: NDArray) throws -> Double
}

/// Classifiers also expose continuous decision values (used by roc_auc).
public protocol ClassifierEstimator: Estimator {
    /// Sorted distinct labels seen by `fit`.
    var classes: [Double] { get }
    /// n_samples (binary) or n_samples × n_classes scores.
    func decisionFunction(_ x: NDArray) throws -> NDArray
}

extension Estimator {
    /// All parameters by name.
    public func getParams() -> [String: ParamValue] {
        var d: [String: ParamValue] = [:]
        for n in parameterNames { if let v = try? getParam(n) { d[n] = v } }
        return d
    }

    public func setParams(_ params: [String: ParamValue]) throws {
        for k in params.keys.sorted() { try setParam(k, params[k]!) }
    }

    func unknownParameter(_ name: String) -> LearnError {
        LearnError("invalid parameter '\(name)' for estimator \(estimatorName); valid parameters are: "
                   + parameterNames.joined(separator: ", "))
    }
}
