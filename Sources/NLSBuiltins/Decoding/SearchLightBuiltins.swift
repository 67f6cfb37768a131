import NLS
import NLSCluster
import NLSCompute
import NLSImaging
import NLSLearn

/// nilearn's `SearchLight`: spheres from NLSImaging, cross-validated scores from NLSLearn.
final class SearchLightModel {
    let mask: Image
    let processMask: Image?
    let radius: Double
    let estimator: Predictor
    let cv: CV
    let scoring: Scoring?
    let nJobs: Int?
    let verbose: Int?
    var spheres: SearchlightSpheres?
    var maskedScores: [Double]?

    init(mask: Image, processMask: Image?, radius: Double, estimator: Predictor, cv: CV, scoring: Scoring?,
         nJobs: Int?, verbose: Int?) {
        self.mask = mask; self.processMask = processMask; self.radius = radius; self.estimator = estimator
        self.cv = cv; self.scoring = scoring; self.nJobs = nJobs; self.verbose = verbose
    }
}

enum SearchLightBuiltins {
    /// nilearn's estimator names, and the estimators they stand for.
    static let estimatorNames: [(name: String, type: String)] = [
        ("svc", "LinearSVC"), ("logistic", "LogisticRegression"), ("ridge", "RidgeClassifier"), ("gnb", "GaussianNB"),
    ]

    static func register(_ r: BuiltinRegistry) {
        let A = DataTypes.array, I = DataTypes.image, T = NLSType.obj("SearchLight")
        let imgOrPath = NLSType.union([I, .str])
        r.objectType("SearchLight", doc: "nilearn's SearchLight: a classifier cross-validated in a sphere around every voxel of the process mask.")
        r.function("SearchLight", [ParamSpec("mask", imgOrPath),
                                   ParamSpec("process_mask", .optional(imgOrPath), default: .none),
                                   ParamSpec("radius", .float, default: .float(2.0)),
                                   ParamSpec("estimator", .union([.str, .protocolType("Estimator")]), default: .str("svc")),
                                   ParamSpec("cv", .optional(ModelSelectionBuiltins.cvType), default: .none),
                                   ParamSpec("scoring", .optional(.str), default: .none),
                                   ParamSpec("n_jobs", .optional(.int), default: .none),
                                   ParamSpec("verbose", .optional(.int), default: .none)],
                   returns: T,
                   doc: """
                   SearchLight(mask, process_mask: none, radius: 2.0 (mm), estimator: "svc" | "logistic" | "ridge" | "gnb" | an estimator, \
                   cv: none (5 stratified folds), scoring: none (accuracy), n_jobs / verbose: none (the settings)). \
                   fit(imgs, y, groups:) scores each process-mask voxel; scores, masked_scores, scores_img after fit.
                   """) { a in
            let model = SearchLightModel(
                mask: try a["mask"].imageValue(),
                processMask: a["process_mask"].isNone ? nil : try a["process_mask"].imageValue(),
                radius: try a["radius"].asDouble(), estimator: try estimator(a["estimator"], context: a.context),
                cv: a["cv"].isNone ? .default : try ModelSelectionBuiltins.cv(a["cv"]),
                scoring: try ModelSelectionBuiltins.scoring(a["scoring"]),
                nJobs: a["n_jobs"].optionalInt, verbose: a["verbose"].optionalInt)
            return .object(NativeObject(type: T, payload: model))
        }
        r.method("SearchLight", "fit", [ParamSpec("imgs", imgOrPath), ParamSpec("y", LabelTargets.type),
                                        ParamSpec("groups", .optional(A), default: .none)], returns: T,
                 doc: "Scores every sphere: the mean CV score of the estimator on the sphere's voxels.") { s, a in
            try fit(try s.payload(SearchLightModel.self), a)
            return s
        }
        func fitted(_ v: Value) throws -> (SearchLightModel, SearchlightSpheres, [Double]) {
            let m = try v.payload(SearchLightModel.self)
            guard let sp = m.spheres, let sc = m.maskedScores else {
                throw RuntimeError("this SearchLight is not fitted yet; call fit(imgs, y) first")
            }
            return (m, sp, sc)
        }
        r.attribute("SearchLight", "scores", A, doc: "Scores as a 3-D array [x, y, z] on the mask's grid (0 outside the process mask).") { v in
            let (m, sp, sc) = try fitted(v)
            return .array(try sp.image(sc, like: m.mask).nibabelOrderArray())
        }
        r.attribute("SearchLight", "masked_scores", A, doc: "One score per process-mask voxel, in np.where order.") { v in
            .array(NDArray(try fitted(v).2))
        }
        r.attribute("SearchLight", "scores_img", I, doc: "Scores as a float64 image on the mask's grid.") { v in
            let (m, sp, sc) = try fitted(v)
            return .image(try sp.image(sc, like: m.mask))
        }
        r.attribute("SearchLight", "sphere_sizes", A, doc: "Number of mask voxels in each sphere.") { v in
            .array(NDArray(try fitted(v).1.sizes))
        }
    }

    static func estimator(_ v: Value, context: CallContext) throws -> Predictor {
        guard case .str(let name) = v else { return try EstimatorBuiltins.predictor(v).clone() }
        guard let entry = estimatorNames.first(where: { $0.name == name }) else {
            throw RuntimeError("SearchLight: unknown estimator \"\(name)\"; use one of " + estimatorNames.map { "\"\($0.name)\"" }.joined(separator: ", ") + ", or an estimator such as RidgeClassifier(alpha: 10.0)")
        }
        guard let type = EstimatorCatalog.named(entry.type), let p = type.init() as? Predictor else {
            throw RuntimeError("SearchLight: estimator \"\(name)\" (\(entry.type)) is not available in this build of nls")
        }
        p.backend = try estimatorBackend(device: .none, dtype: .none, context: context)
        // nilearn 0.14's catalogue raises LinearSVC's iteration cap ("svc": max_iter 10000).
        if name == "svc" { try p.setParam("max_iter", .int(10_000)) }
        return p
    }

    static func labels(_ v: Value, count: Int) throws -> NDArray {
        let y = try LabelTargets.encode(v).y
        guard y.ndim == 1, y.size == count else {
            throw RuntimeError("SearchLight.fit: y has \(y.size) labels (shape \(y.shape)) but the images have \(count) volumes; give one label per volume")
        }
        return y
    }

    static func fit(_ m: SearchLightModel, _ a: Args) throws {
        let spheres = try SearchlightSpheres(mask: m.mask, processMask: m.processMask, radius: m.radius)
        if spheres.onlyCentres {
            printError("warning: SearchLight: radius \(m.radius) mm is smaller than the voxel size: every sphere holds only its centre voxel")
        }
        let x: NDArray
        switch a["imgs"] {
        case .str(let path): x = try applyMask(path: path, m.mask)
        default: x = try applyMask(try a["imgs"].imageValue(), m.mask)
        }
        let y = try labels(a["y"], count: x.rows)
        let groups = a["groups"].isNone ? nil : try a["groups"].ndarray()
        let progress = ProgressReporter.make(verbose: LibraryRuns.progressVerbosity(m.verbose ?? a.verbose), label: "SearchLight", unit: "centres")
        let total = spheres.centres.count
        // Across ranks a block is the unit of balance: keep ≥ 16 blocks per rank (smaller
        // blocks), so the weighted split is within a few percent. No effect on the scores.
        let bs = max(1, min(16, total / (Cluster.size * 16)))
        let executor = LibraryRuns.distributed(ThreadExecutor(
            nJobs: m.nJobs ?? a.nJobs, shouldStop: { Interrupt.requested },
            progress: progress.map { p in { done, items in p.update(done * total / max(1, items), total) } }))
        let engine = SearchLight(estimator: m.estimator, cv: m.cv, scoring: m.scoring, executor: executor, blockSize: bs)
        let scores = try LibraryRuns.interruptible { try engine.scores(x, y, groups: groups, spheres: spheres.features) }
        m.spheres = spheres; m.maskedScores = scores
    }
}
