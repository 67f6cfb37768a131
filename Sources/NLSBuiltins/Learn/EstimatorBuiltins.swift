import NLS
import NLSCompute
import NLSLearn

/// Ridge, RidgeClassifier and the shared estimator interface (fit/predict/score).
enum EstimatorBuiltins {
    /// Parameter names of each estimator type, for static checks of GridSearch grids.
    static let parameterNames: [String: [String]] = [
        "Ridge": ["alpha", "fit_intercept", "solver"],
        "RidgeClassifier": ["alpha", "fit_intercept", "solver"],
    ]

    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        r.declareProtocol("Estimator", doc: "Anything with fit, predict and score (Ridge, RidgeClassifier, …).")
        let common: [ParamSpec] = [
            ParamSpec("alpha", .union([.float, A]), default: .float(1.0)),
            ParamSpec("solver", .str, default: .str("auto")),
            ParamSpec("fit_intercept", .bool, default: .bool(true)),
            ParamSpec("device", .optional(.str), default: .none, hasDefault: true),
            ParamSpec("dtype", .optional(.str), default: .none, hasDefault: true),
        ]
        r.objectType("Ridge", conforms: ["Estimator"], doc: "Linear least squares with L2 penalty (scikit-learn Ridge), multi-target.")
        r.function("Ridge", common, returns: .obj("Ridge"),
                   doc: "Ridge regression. alpha: penalty (an Array gives one alpha per target); solver: auto | svd | cholesky | eigen.") { a in
            let ridge = Ridge(alphas: try alphas(a["alpha"]), solver: try solver(a["solver"]), fitIntercept: try a["fit_intercept"].asBool())
            ridge.backend = try estimatorBackend(device: a["device"], dtype: a["dtype"])
            return wrap(ridge)
        }
        r.objectType("RidgeClassifier", conforms: ["Estimator"], doc: "Ridge on {-1, 1} targets, one-vs-all (scikit-learn RidgeClassifier).")
        r.function("RidgeClassifier", common, returns: .obj("RidgeClassifier"), doc: "Ridge classifier for decoding.") { a in
            let alpha = try alphas(a["alpha"])
            guard alpha.count == 1 else { throw RuntimeError("RidgeClassifier takes a single alpha") }
            let clf = RidgeClassifier(alpha: alpha[0], solver: try solver(a["solver"]), fitIntercept: try a["fit_intercept"].asBool())
            clf.backend = try estimatorBackend(device: a["device"], dtype: a["dtype"])
            return wrap(clf)
        }
        for name in ["Ridge", "RidgeClassifier"] {
            let T = NLSType.obj(name)
            r.method(name, "fit", [ParamSpec("X", A), ParamSpec("y", A)], returns: T, doc: "Fits on X [samples × features], y [samples (× targets)].") { s, a in
                try estimator(s).fit(a[0].ndarray(), a[1].ndarray())
                return s
            }
            r.method(name, "predict", [ParamSpec("X", A)], returns: A, doc: "Predictions for X.") { s, a in
                .array(try estimator(s).predict(a[0].ndarray()))
            }
            r.method(name, "score", [ParamSpec("X", A), ParamSpec("y", A)], returns: .float,
                     doc: name == "Ridge" ? "R² (uniform average over targets)." : "Mean accuracy.") { s, a in
                .float(try estimator(s).score(a[0].ndarray(), a[1].ndarray()))
            }
            r.attribute(name, "coef", A, doc: "Coefficients [targets × features] (scikit-learn coef_ orientation).") { v in
                let e = try estimator(v)
                let c = (e as? Ridge)?.coef ?? (e as? RidgeClassifier)?.coef
                guard let coef = c else { throw RuntimeError("this \(name) is not fitted yet; call fit() first") }
                return .array(coef)
            }
            r.attribute(name, "intercept", A, doc: "Intercept per target.") { v in
                let e = try estimator(v)
                let c = (e as? Ridge)?.intercept ?? (e as? RidgeClassifier)?.intercept
                guard let i = c else { throw RuntimeError("this \(name) is not fitted yet; call fit() first") }
                return .array(NDArray(i))
            }
            r.attribute(name, "alpha", .float, doc: "The (first) penalty.") { v in
                guard case .double(let d) = try estimator(v).getParam("alpha") else {
                    if case .doubles(let ds) = try estimator(v).getParam("alpha"), let f = ds.first { return .float(f) }
                    return .none
                }
                return .float(d)
            }
        }
        r.attribute("RidgeClassifier", "classes", A, doc: "Sorted class labels seen by fit.") { v in
            guard let c = try estimator(v) as? RidgeClassifier else { return .none }
            return .array(NDArray(c.classes))
        }
    }

    static func wrap(_ e: Estimator) -> Value { .object(NativeObject(type: .obj(e.estimatorName), payload: e)) }

    static func estimator(_ v: Value) throws -> Estimator {
        guard case .object(let o) = v, let e = o.payload as? Estimator else { throw RuntimeError("expected an estimator, got \(v.repr)") }
        return e
    }

    static func alphas(_ v: Value) throws -> [Double] {
        switch v {
        case .int, .float: return [try v.asDouble()]
        default: return try v.ndarray().values
        }
    }

    static func solver(_ v: Value) throws -> RidgeSolver {
        let s = try v.asString()
        guard let r = RidgeSolver(rawValue: s) else {
            throw RuntimeError("solver must be one of \(RidgeSolver.allCasesDescription), not \"\(s)\"")
        }
        return r
    }
}

extension RidgeSolver {
    static var allCasesDescription: String { "\"auto\", \"svd\", \"cholesky\", \"eigen\"" }
}
