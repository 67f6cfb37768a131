import NLS
import NLSCompute
import NLSLearn

/// Per-search options of the language object (nil: the session's settings).
struct SearchOptions { let nJobs: Int?, verbose: Int? }

/// The language's GridSearch value: the search and its per-call options.
final class SearchBox {
    let search: GridSearch
    let options: SearchOptions
    /// The string labels of the last fit (nil: numeric targets); see `LabelTargets`.
    var classNames: [String]?
    init(_ search: GridSearch, _ options: SearchOptions) { self.search = search; self.options = options }
}

/// GridSearch[E]: exhaustive search over a record of parameter lists, generic over the estimator.
enum GridSearchBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array
        let G = NLSType.object("GridSearch", [.typeVar("E")])
        r.objectType("GridSearch", typeParams: ["E"], conforms: ["Estimator"],
                     doc: "Cross-validated search over a parameter grid (scikit-learn GridSearchCV). Estimators that score a whole parameter path at once (Ridge alpha grids: one SVD per fold) are not refitted per candidate.")
        r.function("GridSearch", [ParamSpec("estimator", .typeVar("E")), ParamSpec("grid", .any),
                                  ParamSpec("cv", ModelSelectionBuiltins.cvType, default: .int(5)),
                                  ParamSpec("scoring", .optional(.str), default: .none),
                                  ParamSpec("refit", .bool, default: .bool(true)),
                                  ParamSpec("n_jobs", .optional(.int), default: .none),
                                  ParamSpec("verbose", .optional(.int), default: .none)],
                   returns: G, typeParams: [("E", "Estimator")],
                   doc: "GridSearch(Ridge(alpha: 100.0, solver: \"svd\"), grid: {alpha: logspace(-6, 6, 100)}, cv: 5). The grid is a record: parameter name → List or Array of values.",
                   check: checkGrid) { a in
            let est = try EstimatorBuiltins.predictor(a[0])
            let grid = try parseGrid(a["grid"])
            let search = GridSearch(est, grid: grid, cv: try ModelSelectionBuiltins.cv(a["cv"]),
                                    scoring: try ModelSelectionBuiltins.scoring(a["scoring"]), refit: try a["refit"].asBool(),
                                    nJobs: a["n_jobs"].optionalInt ?? a.nJobs, batchSize: a.batchSize)
            guard case .object(let o) = a[0] else { throw RuntimeError("expected an estimator") }
            let options = SearchOptions(nJobs: a["n_jobs"].optionalInt, verbose: a["verbose"].optionalInt)
            return .object(NativeObject(type: .object("GridSearch", [o.type]), payload: SearchBox(search, options)))
        }
        func search(_ v: Value) throws -> GridSearch { try v.payload(SearchBox.self).search }
        func fitted(_ v: Value) throws -> GridSearch {
            let s = try search(v)
            guard s.bestIndex >= 0 else { throw RuntimeError("this GridSearch is not fitted yet; call fit(X, y) first") }
            return s
        }
        r.method("GridSearch", "fit", [ParamSpec("X", A), ParamSpec("y", LabelTargets.type), ParamSpec("groups", .optional(A), default: .none)],
                 returns: G, doc: "Runs the search (and refits the best estimator on all data); y may hold strings for classifiers.") { s, a in
            let box = try s.payload(SearchBox.self), gs = box.search
            let (y, classes) = try LabelTargets.encode(a[1])
            try LabelTargets.requireClassifier(gs.estimator, classes, "GridSearch(\(gs.estimator.estimatorName))")
            gs.nJobs = box.options.nJobs ?? a.nJobs
            if let b = a.batchSize { gs.batchSize = b }
            gs.executor = LibraryRuns.executor(nJobs: gs.nJobs, verbose: box.options.verbose ?? a.verbose,
                                               label: "GridSearch", unit: "fits")
            try LibraryRuns.interruptible {
                try gs.fit(a[0].ndarray(), y, groups: ModelSelectionBuiltins.optionalArray(a[2]))
            }
            box.classNames = classes
            return s
        }
        func classNames(_ v: Value) throws -> [String]? { try v.payload(SearchBox.self).classNames }
        r.method("GridSearch", "predict", [ParamSpec("X", A)], returns: A, doc: "Predictions of the best estimator (strings when fitted on string labels).") { s, a in
            let pred = try fitted(s).predict(a[0].ndarray())
            if let names = try classNames(s) { return try LabelTargets.decode(pred, classes: names) }
            return .array(pred)
        }
        r.method("GridSearch", "score", [ParamSpec("X", A), ParamSpec("y", LabelTargets.type)], returns: .float, doc: "Score of the best estimator.") { s, a in
            .float(try fitted(s).score(a[0].ndarray(), LabelTargets.encode(a[1], classes: classNames(s), for: "this GridSearch")))
        }
        r.attribute("GridSearch", "best_params", .any, doc: "The best parameter combination (a record).") { v in
            let p = try fitted(v).bestParams
            let keys = p.keys.sorted()
            return .record(RecordValue(names: keys, values: keys.map { value(p[$0]!) }))
        }
        r.attribute("GridSearch", "best_score", .float, doc: "Mean CV score of the best candidate.") { v in .float(try fitted(v).bestScore) }
        r.attribute("GridSearch", "best_index", .int, doc: "Index of the best candidate (first best on ties).") { v in .int(try fitted(v).bestIndex) }
        r.attribute("GridSearch", "best_estimator", .typeVar("E"), doc: "The best estimator refitted on all data.") { v in
            guard let e = try fitted(v).bestEstimator else { throw RuntimeError("best_estimator needs refit: true") }
            return EstimatorBuiltins.wrap(e, classNames: try classNames(v))
        }
        r.attribute("GridSearch", "best_alpha_per_target", A, doc: "Per target, the alpha with the best mean CV score (alpha grids of regressors).") { v in
            guard let b = try fitted(v).bestAlphaPerTarget else {
                throw RuntimeError("best_alpha_per_target exists only for alpha grids of regressors scored with r2 or neg_mean_squared_error")
            }
            return .array(NDArray(b))
        }
        r.attribute("GridSearch", "n_splits", .int, doc: "Number of CV splits used.") { v in .int(try fitted(v).nSplits) }
        r.attribute("GridSearch", "cv_results", DataTypes.table, doc: "scikit-learn's cv_results_ as a Table.") { v in
            .object(NativeObject(type: DataTypes.table, payload: try cvTable(fitted(v).cvResults)))
        }
        r.attribute("GridSearch", "mean_test_score", A, doc: "cv_results mean_test_score as an Array.") { v in
            .array(NDArray(try fitted(v).cvResults.numbers("mean_test_score") ?? []))
        }
    }

    static func value(_ p: ParamValue) -> Value {
        switch p {
        case .double(let d): return .float(d)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .string(let s): return .str(s)
        case .doubles(let ds): return .array(NDArray(ds))
        case .none: return .none
        }
    }

    static func paramValues(_ v: Value, _ name: String) throws -> [ParamValue] {
        func one(_ x: Value) throws -> ParamValue {
            switch x {
            case .int(let i): return .int(i)
            case .float(let d): return .double(d)
            case .bool(let b): return .bool(b)
            case .str(let s): return .string(s)
            case .object: return .doubles(try x.ndarray().values)
            default: throw RuntimeError("grid values of '\(name)' must be numbers, Bools or Strs, not \(x.repr)")
            }
        }
        switch v {
        case .list(let xs): return try xs.map(one)
        case .object:
            let a = try v.ndarray()
            guard a.ndim == 1 else { throw RuntimeError("grid entry '\(name)' must be a 1-D Array or a List") }
            return a.dtype == .int64 ? a.intValues.map { .int($0) } : a.values.map { .double($0) }
        default: return [try one(v)]
        }
    }

    static func parseGrid(_ v: Value) throws -> [String: [ParamValue]] {
        guard case .record(let rec) = v else { throw RuntimeError("grid must be a record such as {alpha: logspace(-6, 6, 100)}") }
        guard !rec.names.isEmpty else { throw RuntimeError("grid is empty; give at least one parameter, e.g. {alpha: [1.0, 10.0]}") }
        var grid: [String: [ParamValue]] = [:]
        for (k, x) in zip(rec.names, rec.values) {
            let vals = try paramValues(x, k)
            guard !vals.isEmpty else { throw RuntimeError("grid entry '\(k)' has no values") }
            grid[k] = vals
        }
        return grid
    }

    /// Unknown grid parameters are type errors when the estimator type is known statically.
    static func checkGrid(_ args: [String: NLSType]) -> String? {
        guard case .object(let estName, _)? = args["estimator"],
              let names = EstimatorCatalog.named(estName).map({ $0.parameterSpecs.map(\.name).sorted() }),
              case .record(let fields)? = args["grid"] else {
            if let g = args["grid"], g != .any, !isRecord(g) { return "grid must be a record such as {alpha: logspace(-6, 6, 100)}" }
            return nil
        }
        if fields.isEmpty { return "grid is empty; give at least one parameter, e.g. {alpha: [1.0, 10.0]}" }
        for f in fields where !names.contains(f.name) {
            return "\(estName) has no parameter '\(f.name)' to search over; its parameters are: \(names.joined(separator: ", "))"
        }
        return nil
    }

    static func isRecord(_ t: NLSType) -> Bool { if case .record = t { return true } else { return false } }

    static func cvTable(_ res: CVResults) throws -> Table {
        var names: [String] = [], cols: [TableColumn] = []
        for n in res.names {
            guard let c = res[n] else { continue }
            names.append(n)
            switch c {
            case .numbers(let v): cols.append(.numeric(v))
            case .integers(let v): cols.append(.integer(v))
            case .values(let v): cols.append(v.allSatisfy { $0.asDouble != nil } ? .numeric(v.map { $0.asDouble! }) : .text(v.map(\.description)))
            case .params(let v): cols.append(.text(v.map { p in "{" + p.keys.sorted().map { "\($0): \(p[$0]!)" }.joined(separator: ", ") + "}" }))
            }
        }
        return try Table(names: names, columns: cols)
    }
}
