import NLSCompute

/// Linear least squares with L2 penalty (scikit-learn `Ridge`), multi-target.
/// After `fit`: `coef` is targets × features (sklearn's `coef_` for 2-D y), `intercept`
/// one value per target; intercept = y_offset − X_offset·coefᵀ.
public final class Ridge: RidgeParameters, Predictor, PathScoring, TargetBatchFitting {
    public static let typeName = "Ridge"
    public static let summary = "Linear least squares with L2 penalty (scikit-learn Ridge), multi-target."
    public static let attributeSpecs = RidgeFit.attributeSpecs

    /// One penalty, or one per target (its length must then equal the number of targets).
    public var alphas: [Double]
    public var solver: RidgeSolver
    public var fitIntercept: Bool
    public var backend: ComputeBackend

    public private(set) var coef: NDArray?
    public private(set) var intercept: [Double]?
    /// Whether y was 1-D at fit time (predict then returns 1-D, coef is conceptually 1-D).
    public private(set) var fittedOn1D = false
    public private(set) var nFeatures = 0

    public init(alpha: Double = 1.0, solver: RidgeSolver = .auto, fitIntercept: Bool = true,
                backend: ComputeBackend = CPUBackend.shared) {
        self.alphas = [alpha]; self.solver = solver; self.fitIntercept = fitIntercept; self.backend = backend
    }

    public init(alphas: [Double], solver: RidgeSolver = .auto, fitIntercept: Bool = true,
                backend: ComputeBackend = CPUBackend.shared) {
        self.alphas = alphas; self.solver = solver; self.fitIntercept = fitIntercept; self.backend = backend
    }

    public convenience init() { self.init(alpha: 1.0) }

    public var isFitted: Bool { coef != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let coef = coef, let intercept = intercept else { throw notFitted() }
        return try RidgeFit.attribute(name, coef: coef, intercept: intercept, who: self)
    }

    public func fit(_ x: NDArray, _ y: NDArray) throws {
        try Check.xy(x, y, "Ridge.fit")
        let fit = try RidgeFit.fit(x: x, y: y.matrix2D, alphas: alphas, solver: solver,
                                   fitIntercept: fitIntercept, backend: backend, who: estimatorName)
        coef = fit.coef; intercept = fit.intercept
        fittedOn1D = y.ndim == 1; nFeatures = x.shape[1]
    }

    /// `fit`, with the targets in batches of `RidgeFit.targetBatch` on `executor` (host
    /// backends; a device fits them in one go).
    public func fit(_ x: NDArray, _ y: NDArray, executor: Executor) throws {
        try Check.xy(x, y, "Ridge.fit")
        let fit = try RidgeFit.fitInBatches(x: x, y: y.matrix2D, alphas: alphas, solver: solver, fitIntercept: fitIntercept,
                                            backend: backend, executor: executor, who: estimatorName)
        coef = fit.coef; intercept = fit.intercept
        fittedOn1D = y.ndim == 1; nFeatures = x.shape[1]
    }

    /// Predictions: n_samples (1-D y at fit) or n_samples × targets.
    public func predict(_ x: NDArray) throws -> NDArray {
        guard let coef = coef, let intercept = intercept else {
            throw notFitted()
        }
        let p = try RidgeFit.predict(x: x, coef: coef, intercept: intercept, nFeatures: nFeatures,
                                     backend: backend, who: estimatorName)
        return fittedOn1D ? p.reshaped([p.rows]) : p
    }

    /// R² (uniform average over targets), sklearn's `r2_score` rules for constant targets.
    public func score(_ x: NDArray, _ y: NDArray) throws -> Double {
        let pred = try predict(x)
        try Check.targets(y, rows: x.shape[0], "Ridge.score")
        return try Metrics.r2Score(y, pred)
    }
}

enum RidgeParams {
    static func alphas(_ value: ParamValue, _ who: String) throws -> [Double] {
        let a: [Double]
        switch value {
        case .double(let v): a = [v]
        case .int(let v): a = [Double(v)]
        case .doubles(let v): a = v
        default: throw LearnError("\(who): alpha must be a number or a list of numbers (one per target), got \(value)")
        }
        guard !a.isEmpty else { throw LearnError("\(who): alpha list is empty") }
        for v in a where !(v.isFinite && v >= 0) {
            throw LearnError("\(who): alpha must be finite and ≥ 0, got \(v)")
        }
        return a
    }

    static func solver(_ value: ParamValue, _ who: String) throws -> RidgeSolver {
        guard case .string(let s) = value, let r = RidgeSolver(rawValue: s) else {
            throw LearnError("\(who): solver must be one of " + RidgeSolver.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ", got \(value)")
        }
        return r
    }
}

/// Shared fitting code of Ridge and RidgeClassifier.
enum RidgeFit {
    static let attributeSpecs = [
        AttributeSpec("coef", .array, doc: "Coefficients [targets × features] (scikit-learn coef_ orientation)."),
        AttributeSpec("intercept", .array, doc: "Intercept per target."),
    ]

    static func attribute(_ name: String, coef: NDArray, intercept: [Double], who: Estimator) throws -> AttributeValue {
        switch name {
        case "coef": return .array(coef)
        case "intercept": return .array(NDArray(intercept))
        default: throw LearnError("\(who.estimatorName) has no attribute '\(name)'")
        }
    }

    static func fit(x: NDArray, y: NDArray, alphas: [Double], solver: RidgeSolver, fitIntercept: Bool,
                    backend: ComputeBackend, who: String) throws -> (coef: NDArray, intercept: [Double]) {
        let t = y.cols, p = x.cols
        guard alphas.count == 1 || alphas.count == t else {
            throw LearnError("\(who): number of targets and number of penalties do not correspond: \(alphas.count) alphas for \(t) targets")
        }
        for v in alphas where !(v.isFinite && v >= 0) {
            throw LearnError("\(who): alpha must be finite and ≥ 0, got \(v)")
        }
        let xm = fitIntercept ? x.columnMeans() : [Double](repeating: 0, count: p)
        let ym = fitIntercept ? y.columnMeans() : [Double](repeating: 0, count: t)
        let xc = fitIntercept ? x.centered(by: xm) : x
        let coef: NDArray
        if solver == .svd, let mem = backend.deviceMemory, y.rows * t * mem.elementSize <= mem.maxAllocation {
            // On a device, Y goes up once, centred in the same pass (no host copy of Y).
            coef = try RidgeSolvers.svdOnDevice(xc: xc, y: y, yMeans: fitIntercept ? ym : nil, alphas: alphas, backend: backend)
        } else {
            let yc = fitIntercept ? y.centered(by: ym) : y
            coef = try RidgeSolvers.solve(xc: xc, yc: yc, alphas: alphas, solver: solver, backend: backend)
        }
        return (coef, fitIntercept ? intercepts(coef, xMeans: xm, yMeans: ym) : ym)
    }

    /// intercept = ȳ − x̄·coefᵀ, per target (coef: targets × features).
    static func intercepts(_ coef: NDArray, xMeans xm: [Double], yMeans ym: [Double]) -> [Double] {
        let p = xm.count
        return ym.indices.map { c in
            var dot = 0.0
            for j in 0..<p { dot += xm[j] * coef.storage[c * p + j] }
            return ym[c] - dot
        }
    }

    /// Targets per batch of `fitInBatches`.
    static let targetBatch = 1024

    /// `fit` with the targets in fixed batches on `executor`: the svd solver's SVD of X is
    /// made once (it does not depend on y), each batch makes its own UᵀY and coefficients;
    /// the other solvers' factorisations are small (p × p or n × n) and made per batch.
    /// One batch, or a device backend, is plain `fit`.
    static func fitInBatches(x: NDArray, y: NDArray, alphas: [Double], solver: RidgeSolver, fitIntercept: Bool,
                             backend: ComputeBackend, executor: Executor, who: String) throws -> (coef: NDArray, intercept: [Double]) {
        let t = y.cols, p = x.cols
        guard t > targetBatch, backend.deviceMemory == nil, alphas.count == 1 || alphas.count == t else {
            return try fit(x: x, y: y, alphas: alphas, solver: solver, fitIntercept: fitIntercept, backend: backend, who: who)
        }
        for v in alphas where !(v.isFinite && v >= 0) { throw LearnError("\(who): alpha must be finite and ≥ 0, got \(v)") }
        let xm = fitIntercept ? x.columnMeans() : [Double](repeating: 0, count: p)
        let ym = fitIntercept ? y.columnMeans() : [Double](repeating: 0, count: t)
        let xc = fitIntercept ? x.centered(by: xm) : x
        // One thread for LAPACK's SVD, whose rounding changes with OpenBLAS's thread count.
        let svd = solver == .svd ? try backend.withHostThreads(1) { try RidgeSolvers.svdFactors(xc, alphas: alphas, backend: backend) } : nil
        let nb = (t + targetBatch - 1) / targetBatch
        // The model must not depend on n_jobs or on the number of MPI ranks. The svd solver's
        // batches are GEMMs, which round alike with any thread count (CPUBackend.gemmBlocks);
        // the other solvers' LAPACK factorisations get one BLAS thread per batch, since
        // OpenBLAS's threads change their rounding.
        let parts: [[Double]] = try executor.map(nb, backend: backend) { b in
            let cols = (b * targetBatch)..<min(t, (b + 1) * targetBatch)
            let yc = y.takingColumns(cols, minus: fitIntercept ? Array(ym[cols]) : nil)
            let a = alphas.count == 1 ? alphas : Array(alphas[cols])
            let coef = try svd.map { try RidgeSolvers.shrunkCoef(try backend.gemm($0.u, yc, transA: true, transB: false, alpha: 1),
                                                                  s: $0.s, vt: $0.vt, alphas: a, backend: backend) }
                ?? backend.withHostThreads(1) { try RidgeSolvers.solve(xc: xc, yc: yc, alphas: a, solver: solver, backend: backend) }
            return Array(coef.storage)   // the batch's targets × p, row-major
        }
        var storage = ContiguousArray<Double>()
        storage.reserveCapacity(t * p)
        for part in parts { storage.append(contentsOf: part) }
        let coef = NDArray(shape: [t, p], storage: storage)
        return (coef, fitIntercept ? intercepts(coef, xMeans: xm, yMeans: ym) : ym)
    }

    static func predict(x: NDArray, coef: NDArray, intercept: [Double], nFeatures: Int,
                        backend: ComputeBackend, who: String) throws -> NDArray {
        try Check.features(x, "\(who).predict")
        guard x.shape[1] == nFeatures else {
            throw LearnError("\(who).predict: X has \(x.shape[1]) features, but the model was fitted with \(nFeatures)")
        }
        var out = try backend.gemm(x, coef, transA: false, transB: true, alpha: 1)   // n × t
        let n = out.rows, t = out.cols
        for i in 0..<n { for c in 0..<t { out.storage[i * t + c] += intercept[c] } }
        return out
    }
}

/// The parameters Ridge and RidgeClassifier share, read and written by name once here
/// (GridSearch and clone go through getParam/setParam).
public protocol RidgeParameters: Estimator {
    var alphas: [Double] { get set }
    var solver: RidgeSolver { get set }
    var fitIntercept: Bool { get set }
}

extension RidgeParameters {
    public static var parameterSpecs: [ParameterSpec] {
        [ParameterSpec("alpha", .floatOrFloats, default: .double(1.0),
                       doc: "Regularisation strength; a list gives one penalty per target."),
         ParameterSpec("solver", .choice(RidgeSolver.allCases.map(\.rawValue)), default: .string("auto"),
                       doc: "auto | svd | cholesky | eigen (auto = cholesky, as scikit-learn for dense X)."),
         ParameterSpec("fit_intercept", .bool, default: .bool(true), doc: "Whether to fit an intercept (centre X and y).")]
    }

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "alpha": return alphas.count == 1 ? .double(alphas[0]) : .doubles(alphas)
        case "fit_intercept": return .bool(fitIntercept)
        case "solver": return .string(solver.rawValue)
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        switch name {
        case "alpha": alphas = try RidgeParams.alphas(value, estimatorName)
        case "fit_intercept": fitIntercept = try ParamRead.bool(value, estimatorName, name)
        case "solver": solver = try RidgeParams.solver(value, estimatorName)
        default: throw unknownParameter(name)
        }
    }
}
