import NLSCompute

/// Ridge regression on ±1 targets (scikit-learn `RidgeClassifier`): labels are binarised
/// one-vs-all with LabelBinarizer(neg_label=-1, pos_label=1) — one column (+1 = classes[1])
/// for two classes; predict = classes[argmax decision] (binary: decision > 0).
/// Labels are numbers; string labels can be encoded with `LabelEncoder` first.
public final class RidgeClassifier: RidgeParameters, Classifier {
    public static let typeName = "RidgeClassifier"
    public static let summary = "Ridge on {-1, 1} targets, one-vs-all (scikit-learn RidgeClassifier)."
    public static let attributeSpecs = RidgeFit.attributeSpecs + [
        AttributeSpec("classes", .array, doc: "Sorted class labels seen by fit."),
    ]

    public var alphas: [Double]
    public var solver: RidgeSolver
    public var fitIntercept: Bool
    public var backend: ComputeBackend

    public private(set) var classes: [Double] = []
    /// targets × features: 1 × p for two classes, n_classes × p otherwise.
    public private(set) var coef: NDArray?
    public private(set) var intercept: [Double]?
    private var nFeatures = 0

    public init(alpha: Double = 1.0, solver: RidgeSolver = .auto, fitIntercept: Bool = true,
                backend: ComputeBackend = CPUBackend.shared) {
        self.alphas = [alpha]; self.solver = solver; self.fitIntercept = fitIntercept; self.backend = backend
    }

    public convenience init() { self.init(alpha: 1.0) }

    /// As Ridge's, but one penalty only (scikit-learn's RidgeClassifier takes a float alpha).
    public static var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("alpha", .float, default: .double(1.0), doc: "Regularisation strength.")]
            + Ridge.parameterSpecs.filter { $0.name != "alpha" }
    }

    public var isFitted: Bool { coef != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let coef = coef, let intercept = intercept else { throw notFitted() }
        if name == "classes" { return .array(NDArray(classes)) }
        return try RidgeFit.attribute(name, coef: coef, intercept: intercept, who: self)
    }

    /// ±1 indicator targets for `labels` given sorted `classes`.
    static func binarize(_ labels: [Double], classes: [Double]) -> NDArray {
        let n = labels.count
        if classes.count == 2 {
            return NDArray(shape: [n, 1], labels.map { $0 == classes[1] ? 1.0 : -1.0 })
        }
        let c = classes.count
        var y = NDArray(shape: [n, c], [Double](repeating: -1, count: n * c))
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        for (i, l) in labels.enumerated() { y.storage[i * c + index[l]!] = 1 }
        return y
    }

    public func fit(_ x: NDArray, _ y: NDArray) throws {
        try Check.xy(x, y, "RidgeClassifier.fit")
        let labels = try Metrics.labels(y, "RidgeClassifier.fit")
        let cls = Array(Set(labels)).sorted()
        guard cls.count >= 2 else {
            throw LearnError("RidgeClassifier.fit: y has a single class (\(cls.first ?? .nan)); need at least 2 classes")
        }
        let yb = Self.binarize(labels, classes: cls)
        let fit = try RidgeFit.fit(x: x, y: yb, alphas: alphas, solver: solver, fitIntercept: fitIntercept,
                                   backend: backend, who: estimatorName)
        classes = cls; coef = fit.coef; intercept = fit.intercept; nFeatures = x.shape[1]
    }

    /// n_samples for two classes (positive → classes[1]), else n_samples × n_classes.
    public func decisionFunction(_ x: NDArray) throws -> NDArray {
        guard let coef = coef, let intercept = intercept else {
            throw notFitted()
        }
        let d = try RidgeFit.predict(x: x, coef: coef, intercept: intercept, nFeatures: nFeatures,
                                     backend: backend, who: estimatorName)
        return d.cols == 1 ? d.reshaped([d.rows]) : d
    }

    public func predict(_ x: NDArray) throws -> NDArray {
        ClassifierSupport.argmax(try decisionFunction(x), classes)
    }

    /// Accuracy.
    public func score(_ x: NDArray, _ y: NDArray) throws -> Double {
        try Metrics.accuracy(y, predict(x))
    }
}

/// Maps string labels to numbers 0..<k in sorted order (as np.unique / sklearn LabelEncoder),
/// so class order matches scikit-learn.
public struct LabelEncoder: Sendable {
    public let classes: [String]
    public init(_ labels: [String]) { classes = StringArray.sortedUnique(labels) }
    public func encode(_ labels: [String]) throws -> NDArray {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Double($0)) })
        return NDArray(shape: [labels.count], try labels.map { l in
            guard let v = index[l] else { throw LearnError("unknown label \"\(l)\"; known: \(classes.joined(separator: ", "))") }
            return v
        })
    }
    public func decode(_ codes: NDArray) -> [String] {
        codes.storage.map { c in
            guard c.isFinite, c >= 0, c < Double(classes.count), c == c.rounded() else { return "?" }
            return classes[Int(c)]
        }
    }
}
