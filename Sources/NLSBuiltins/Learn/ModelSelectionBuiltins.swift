import NLS
import NLSCompute
import NLSLearn

/// Splitters, scoring, cross_val_score / cross_validate and GridSearch.
enum ModelSelectionBuiltins {
    static let cvType = NLSType.union([.int, .protocolType("CrossValidator")])

    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        r.declareProtocol("CrossValidator", doc: "A splitter: KFold, StratifiedKFold, GroupKFold, LeaveOneGroupOut.")
        func splitter(_ name: String, _ params: [ParamSpec], doc: String, make: @escaping (Args) throws -> CrossValidator) {
            r.objectType(name, conforms: ["CrossValidator"], doc: doc)
            r.function(name, params, returns: .obj(name), doc: doc) { a in .object(NativeObject(type: .obj(name), payload: try make(a) as Any)) }
            r.method(name, "split", [ParamSpec("X", A), ParamSpec("y", .optional(LabelTargets.type), default: .none),
                                     ParamSpec("groups", .optional(A), default: .none)],
                     returns: .list(.record([RecordField(name: "train", type: A), RecordField(name: "test", type: A)])),
                     doc: "Train/test index arrays of each split.") { s, a in
                let cv = try crossValidator(s)
                let x = try a[0].ndarray()
                let splits = try cv.split(nSamples: x.shape.first ?? 0, y: a[1].isNone ? nil : try LabelTargets.encode(a[1]).y,
                                          groups: a[2].isNone ? nil : try a[2].ndarray())
                return .list(splits.map { sp in
                    .record(RecordValue(names: ["train", "test"], values: [.array(NDArray(sp.train)), .array(NDArray(sp.test))]))
                })
            }
        }
        splitter("KFold", [ParamSpec("n_splits", .int, default: .int(5)), ParamSpec("shuffle", .bool, default: .bool(false)),
                           ParamSpec("seed", .optional(.int), default: .none)],
                 doc: "K consecutive folds (shuffled first when shuffle is true), as scikit-learn KFold.") { a in
            let seed = a["seed"].optionalInt ?? a.context.seed
            return KFold(nSplits: try a[0].asInt(), shuffle: try a[1].asBool(), seed: seed)
        }
        let shuffled = [ParamSpec("n_splits", .int, default: .int(5)), ParamSpec("shuffle", .bool, default: .bool(false)),
                        ParamSpec("seed", .optional(.int), default: .none)]
        splitter("StratifiedKFold", shuffled, doc: "Folds preserving class proportions, as scikit-learn StratifiedKFold.") { a in
            let seed = a["seed"].optionalInt ?? a.context.seed
            return StratifiedKFold(nSplits: try a[0].asInt(), shuffle: try a[1].asBool(), seed: seed)
        }
        splitter("GroupKFold", shuffled, doc: "Folds that never split a group, as scikit-learn GroupKFold.") { a in
            let seed = a["seed"].optionalInt ?? a.context.seed
            return GroupKFold(nSplits: try a[0].asInt(), shuffle: try a[1].asBool(), seed: seed)
        }
        splitter("LeaveOneGroupOut", [], doc: "One fold per group (e.g. per run).") { _ in LeaveOneGroupOut() }

        let est = NLSType.protocolType("Estimator")
        let cvParams = [ParamSpec("cv", cvType, default: .int(5)), ParamSpec("scoring", .optional(.str), default: .none),
                        ParamSpec("groups", .optional(A), default: .none)]
        r.function("cross_val_score", [ParamSpec("estimator", est), ParamSpec("X", A), ParamSpec("y", LabelTargets.type)] + cvParams, returns: A,
                   doc: "Test score of each split (scikit-learn cross_val_score). cv: 5 means KFold(5) for regressors, StratifiedKFold(5) for classifiers.") { a in
            let run = LibraryRuns.executor(nJobs: a.nJobs, verbose: a.verbose, label: "cross_val_score", unit: "folds")
            let res = try LibraryRuns.interruptible {
                try CrossValidation.crossValidate(EstimatorBuiltins.predictor(a[0]), a[1].ndarray(), targets(a),
                                                  cv: cv(a["cv"]), scoring: scoring(a["scoring"]), groups: optionalArray(a["groups"]),
                                                  executor: run)
            }
            return .array(NDArray(res.testScore))
        }
        r.function("cross_validate", [ParamSpec("estimator", est), ParamSpec("X", A), ParamSpec("y", LabelTargets.type)] + cvParams,
                   returns: .record([RecordField(name: "test_score", type: A), RecordField(name: "fit_time", type: A), RecordField(name: "score_time", type: A)]),
                   doc: "Test scores and fit/score times of each split (scikit-learn cross_validate).") { a in
            let run = LibraryRuns.executor(nJobs: a.nJobs, verbose: a.verbose, label: "cross_validate", unit: "folds")
            let res = try LibraryRuns.interruptible {
                try CrossValidation.crossValidate(EstimatorBuiltins.predictor(a[0]), a[1].ndarray(), targets(a),
                                                  cv: cv(a["cv"]), scoring: scoring(a["scoring"]), groups: optionalArray(a["groups"]),
                                                  executor: run)
            }
            return .record(RecordValue(names: ["test_score", "fit_time", "score_time"],
                                       values: [.array(NDArray(res.testScore)), .array(NDArray(res.fitTime)), .array(NDArray(res.scoreTime))]))
        }
        GridSearchBuiltins.register(r)
    }

    /// cross_val_score's and cross_validate's y: string labels encoded, for a classifier only.
    static func targets(_ a: Args) throws -> NDArray {
        let (y, classes) = try LabelTargets.encode(a[2])
        let p = try EstimatorBuiltins.predictor(a[0])
        try LabelTargets.requireClassifier(p, classes, p.estimatorName)
        return y
    }

    static func crossValidator(_ v: Value) throws -> CrossValidator {
        guard case .object(let o) = v, let cv = o.payload as? CrossValidator else { throw RuntimeError("expected a splitter, got \(v.repr)") }
        return cv
    }

    static func cv(_ v: Value) throws -> CV {
        if case .int(let k) = v {
            guard k >= 2 else { throw RuntimeError("cv must be at least 2 folds, got \(k)") }
            return .folds(k)
        }
        return .splitter(try crossValidator(v))
    }

    static func scoring(_ v: Value) throws -> Scoring? {
        if v.isNone { return nil }
        return try Scoring.named(v.asString())
    }

    static func optionalArray(_ v: Value) throws -> NDArray? { v.isNone ? nil : try v.ndarray() }
}
