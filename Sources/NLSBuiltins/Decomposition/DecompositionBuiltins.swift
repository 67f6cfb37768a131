import NLS
import NLSCompute
import NLSLearn

/// The decomposition pieces that are not catalogue estimators: `randomized_svd` (scikit-learn's
/// `sklearn.utils.extmath.randomized_svd`) and IncrementalPCA's `partial_fit` (PCA, FastICA
/// and IncrementalPCA themselves come from `EstimatorCatalog`).
enum DecompositionBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        let usv = NLSType.record([RecordField(name: "U", type: A), RecordField(name: "S", type: A), RecordField(name: "Vt", type: A)])
        r.function("randomized_svd", [ParamSpec("M", A), ParamSpec("n_components", .int),
                                      ParamSpec("n_oversamples", .int, default: .int(10)),
                                      ParamSpec("n_iter", .optional(.int), default: .none),
                                      ParamSpec("power_iteration_normalizer", .str, default: .str("auto")),
                                      ParamSpec("flip_sign", .bool, default: .bool(true)),
                                      ParamSpec("random_state", .optional(.int), default: .none)],
                   returns: usv,
                   doc: """
                   Truncated randomized SVD (Halko et al.), as scikit-learn's randomized_svd: {U, S, Vt} with \
                   n_components singular triplets. n_iter: none is "auto" (7 when n_components < 0.1·min(shape), else 4); \
                   power_iteration_normalizer: "auto" | "QR" | "LU" | "none"; an integer random_state draws numpy's \
                   RandomState stream (scikit-learn's numbers), none a fresh seed.
                   """) { a in
            let name = try a["power_iteration_normalizer"].asString()
            guard let normalizer = PowerIterationNormalizer(rawValue: name) else {
                throw RuntimeError("randomized_svd: power_iteration_normalizer must be one of "
                                   + PowerIterationNormalizer.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                                   + ", got \"\(name)\"")
            }
            let seed = a["random_state"].optionalInt
            if let s = seed, s < 0 || s > Int(UInt32.max) {
                throw RuntimeError("randomized_svd: random_state must be between 0 and 2**32 - 1, got \(s)")
            }
            let (u, s, vt) = try RandomizedSVD.compute(
                try a["M"].ndarray(), nComponents: try a["n_components"].asInt(),
                nOversamples: try a["n_oversamples"].asInt(), nIter: a["n_iter"].optionalInt,
                normalizer: normalizer, flipSign: try a["flip_sign"].asBool(), randomState: seed,
                backend: try currentBackend(a.context))
            return .record(RecordValue(names: ["U", "S", "Vt"], values: [.array(u), .array(s), .array(vt)]))
        }
        r.method("IncrementalPCA", "partial_fit", [ParamSpec("X", A)], returns: .obj("IncrementalPCA"),
                 doc: "Updates the fit with one more batch X [samples × features] (online learning).") { s, a in
            guard let ipca = try EstimatorBuiltins.estimator(s) as? IncrementalPCA else {
                throw RuntimeError("partial_fit: expected an IncrementalPCA")
            }
            try ipca.partialFit(a[0].ndarray())
            return s
        }
    }
}
