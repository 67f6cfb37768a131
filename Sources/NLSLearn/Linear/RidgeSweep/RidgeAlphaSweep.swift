import Foundation
import NLSCompute

/// Cross-validated scores of Ridge for many alphas from one thin SVD per fold — the same
/// numbers as refitting per alpha, far less work. Ridge's `PathScorer` for GridSearch.
///
/// Per fold (train rows Xtr, Ytr; test rows Xte, Yte):
///   centre with the train means (x̄, ȳ); Xtr_c = U·diag(s)·Vᵀ (one SVD);
///   C = Uᵀ·Ytr_c (k×t), A = (Xte − x̄)·V (n_te×k), R0 = Yte − ȳ (n_te×t);
///   for α: d_j = s_j / (s_j² + α) (0 where s_j ≤ 1e-15, as sklearn), D = diag(d),
///   predictions − ȳ = A·D·C, so per target
///   "gram" mode (k < n_te), with G = AᵀA (k×k) and B = AᵀR0 (k×t) formed once per fold/batch:
///     SSE(α) = ‖R0‖² − 2·Σ_j d_j·C_j·B_j + Σ_{j,l} G_jl·d_j·d_l·C_j·C_l,
///     i.e. ‖R0‖² + P·Q with P (m × K′, per fold: (2 − δ_jl)·G_jl·d_j·d_l for j ≤ l, then −2·d_j)
///     and Q (K′ × t: rows C_j⊙C_l for j ≤ l, then C_j⊙B_j), K′ = k(k+1)/2 + k — every alpha
///     in one GEMM, half the FLOPs of forming D·G·D·C per alpha (G's symmetry);
///   "direct" mode (k ≥ n_te): SSE(α) = ‖R0 − A·W‖² with W = [D(α1)·C  D(α2)·C …] (one GEMM).
///   Scores from SSE and SS_tot of Yte around its own mean by `Metrics.score`.
/// Two engines implement it (`RidgeSweepEngine`): `HostRidgeSweep` (host memory, work items
/// on the executor) and `DeviceRidgeSweep` (target-sized products resident on an OpenCL
/// device, its kernels in `RidgeSweepKernels`). Targets are processed in batches (bounded
/// memory; identical results).
///
/// FLOPs (leading terms; n_tr, n_te = train/test rows of a fold, p features, t targets,
/// k = min(n_tr, p), m alphas), summed over folds:
///   SVD of n_tr×p (gesdd, thin, with vectors) ≈ 4·n_tr·p·k + 8·k³   (LAPACK estimate)
///   C = UᵀY: 2·n_tr·k·t;   A = Xte·V: 2·n_te·p·k;
///   gram mode:   G: n_te·k²;  B: 2·n_te·k·t;  Q: K′·t;  P·Q: 2·m·K′·t   (K′ = k(k+1)/2 + k)
///                (when m·K′ > quadLimit: per alpha 2·k²·t + 4·k·t instead of Q and P·Q)
///   direct mode: per alpha 2·n_te·k·t + 3·n_te·t
/// (`flops(...)` below computes this for the bench's GFLOP/s.)
public struct RidgeAlphaSweep {
    public typealias Metric = RegressionMetric

    public var alphas: [Double]
    public var metric: Metric
    public var fitIntercept: Bool
    /// Targets per work item (memory ∝ k·batchSize·alphaChunk); nil chooses: 1024 on the
    /// host (work items that balance over workers), as many as the memory holds on a device
    /// (fewer, larger launches).
    public var batchSize: Int?
    static let hostBatchSize = 1024
    /// Runs the host engine's (fold, target batch) items.
    public var executor: Executor
    public var backend: ComputeBackend
    /// Upper bound on doubles held by one alpha chunk of W (and of G·W / A·W).
    public var chunkBudget: Int = 1 << 18
    /// Host gram mode: upper bound on doubles in one block of Q's rows (rows × a batch's
    /// targets; at least 16 rows).
    public var quadBudget: Int = 1 << 18
    /// Host gram mode: largest P (doubles, m × K′) kept per fold; beyond it (large k) the
    /// per-alpha-chunk D·G·D·C products are used instead.
    public var quadLimit: Int = RidgeAlphaSweep.defaultQuadLimit
    static let defaultQuadLimit = 1 << 22

    public init(alphas: [Double], metric: Metric = .r2, fitIntercept: Bool = true, batchSize: Int? = nil,
                executor: Executor = ThreadExecutor(nJobs: 1), backend: ComputeBackend = CPUBackend.shared) {
        self.alphas = alphas; self.metric = metric; self.fitIntercept = fitIntercept
        self.batchSize = batchSize; self.executor = executor; self.backend = backend
    }

    /// The path's scores (`perTarget[f][a * t + c]` for target c, alpha a; setup time =
    /// SVD and projections) and, from the device engine, how the work was split.
    @dynamicMemberLookup
    public struct Output {
        public let scores: PathScores
        public var plan: DevicePlan? = nil
        public subscript<T>(dynamicMember path: KeyPath<PathScores, T>) -> T { scores[keyPath: path] }
    }

    /// Batching chosen by the device engine: targets per batch, alphas per GEMM chunk, and
    /// whether every fold's factors (U, A, G) stayed on the device for the whole run.
    public struct DevicePlan: Equatable, Sendable {
        public let targetBatch: Int
        public let alphaChunk: Int
        public let residentFactors: Bool
    }

    public func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> Output {
        let y2 = y.matrix2D
        guard !alphas.isEmpty else { throw LearnError("GridSearch: the alpha grid is empty") }
        for a in alphas where !(a.isFinite && a >= 0) { throw LearnError("Ridge: alpha must be finite and ≥ 0, got \(a)") }
        let engine: RidgeSweepEngine = backend.runsDevicePrograms ? DeviceRidgeSweep(self) : HostRidgeSweep(self)
        return try engine.run(x, y2, splits: splits)
    }

    /// The thin SVD of a fold's (centred) train rows and its test rows, centred alike.
    func foldFactors(_ x: NDArray, _ split: Split) throws -> (u: NDArray, s: [Double], vt: NDArray, xte: NDArray) {
        let xtr = x.takingRows(split.train), xte = x.takingRows(split.test)
        let xm = fitIntercept ? xtr.columnMeans() : [Double](repeating: 0, count: x.cols)
        // One BLAS thread: LAPACK's multi-threaded SVD rounds differently with the thread count,
        // and the scores must not depend on n_jobs (the SVD is small beside the sweep).
        let (u, sArr, vt) = try backend.withHostThreads(1) { try backend.svd(fitIntercept ? xtr.centered(by: xm) : xtr) }
        let s = Array(sArr.storage)
        if alphas.contains(0), RidgeSolvers.rankDeficient(s, rows: xtr.rows, cols: xtr.cols) {
            throw RidgeSolvers.singular(.svd)
        }
        return (u, s, vt, fitIntercept ? xte.centered(by: xm) : xte)
    }

    /// d[ai * k + j] = s_j / (s_j² + α_ai), 0 where s_j ≤ 1e-15 (as sklearn's _solve_svd).
    func shrink(_ s: [Double], _ alphas: ArraySlice<Double>) -> [Double] {
        let k = s.count
        var d = [Double](repeating: 0, count: alphas.count * k)
        for (ai, alpha) in alphas.enumerated() {
            for j in 0..<k where s[j] > RidgeSolvers.svdCutoff { d[ai * k + j] = s[j] / (s[j] * s[j] + alpha) }
        }
        return d
    }

    static func flops(nTrain: Int, nTest: Int, p: Int, t: Int, nAlphas: Int) -> Double {
        let k = Double(min(nTrain, p)), ntr = Double(nTrain), nte = Double(nTest), pp = Double(p), tt = Double(t)
        var f = 4 * ntr * pp * k + 8 * k * k * k + 2 * ntr * k * tt + 2 * nte * pp * k
        if k < nte {
            let kq = k * (k + 1) / 2 + k
            f += nte * k * k + 2 * nte * k * tt
            if Double(nAlphas) * kq <= Double(RidgeAlphaSweep.defaultQuadLimit) {
                f += kq * tt + 2 * Double(nAlphas) * kq * tt
            } else {
                f += Double(nAlphas) * (2 * k * k * tt + 4 * k * tt)
            }
        } else {
            f += Double(nAlphas) * (2 * nte * k * tt + 3 * nte * tt)
        }
        return f
    }

    /// Total FLOPs of `run` for these splits (see the formula above).
    public static func flops(splits: [Split], nFeatures p: Int, nTargets t: Int, nAlphas: Int) -> Double {
        splits.reduce(0) { $0 + flops(nTrain: $1.train.count, nTest: $1.test.count, p: p, t: t, nAlphas: nAlphas) }
    }
}

/// One way of running the sweep: on host memory, or with the target-sized products on a device.
protocol RidgeSweepEngine {
    init(_ sweep: RidgeAlphaSweep)
    /// `y` is 2-D (samples × targets).
    func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> RidgeAlphaSweep.Output
}
