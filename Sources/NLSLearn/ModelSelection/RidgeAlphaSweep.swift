import Foundation
import NLSCompute

/// Cross-validated scores of Ridge for many alphas from one thin SVD per fold — the same
/// numbers as refitting per alpha, far less work.
///
/// Per fold (train rows Xtr, Ytr; test rows Xte, Yte):
///   centre with the train means (x̄, ȳ); Xtr_c = U·diag(s)·Vᵀ (one SVD);
///   C = Uᵀ·Ytr_c (k×t), A = (Xte − x̄)·V (n_te×k), R0 = Yte − ȳ (n_te×t);
///   for α: d_j = s_j / (s_j² + α) (0 where s_j ≤ 1e-15, as sklearn), D = diag(d),
///   predictions − ȳ = A·D·C, so per target
///   "gram" mode (k < n_te), with G = AᵀA (k×k) and B = AᵀR0 (k×t) formed once per fold/batch:
///     SSE(α) = ‖R0‖² − 2·Σ_j d_j·C_j·B_j + Σ_j C_j·(H·C)_j,   H = D·G·D;
///     the H of a chunk of alphas are stacked (na·k × k) so H·C is one GEMM, and the linear
///     term is one GEMM [d(α1); d(α2); …] (na×k) · (C⊙B) (k×t);
///   "direct" mode (k ≥ n_te): SSE(α) = ‖R0 − A·W‖² with W = [D(α1)·C  D(α2)·C …] (one GEMM).
///   R² uses SS_tot of Yte around its own mean, with sklearn's constant-target rules.
/// Targets are processed in batches of `batchSize` (bounded memory; identical results);
/// (fold, batch) work items run on `nJobs` threads with OpenBLAS limited to one thread.
///
/// FLOPs (leading terms; n_tr, n_te = train/test rows of a fold, p features, t targets,
/// k = min(n_tr, p), m alphas), summed over folds:
///   SVD of n_tr×p (gesdd, thin, with vectors) ≈ 4·n_tr·p·k + 8·k³   (LAPACK estimate)
///   C = UᵀY: 2·n_tr·k·t;   A = Xte·V: 2·n_te·p·k;
///   gram mode:   G: n_te·k²;  B: 2·n_te·k·t;  per alpha 2·k²·t + 4·k·t
///   direct mode: per alpha 2·n_te·k·t + 3·n_te·t
/// (`flops(...)` below computes this for the bench's GFLOP/s.)
public struct RidgeAlphaSweep {
    public enum Metric: Sendable { case r2, negMeanSquaredError }

    public var alphas: [Double]
    public var metric: Metric
    public var fitIntercept: Bool
    /// Targets per work item (memory ∝ k·batchSize·alphaChunk).
    public var batchSize: Int
    public var nJobs: Int
    public var backend: ComputeBackend
    /// Upper bound on doubles held by one alpha chunk of W (and of G·W / A·W).
    public var chunkBudget: Int = 1 << 18

    public init(alphas: [Double], metric: Metric = .r2, fitIntercept: Bool = true, batchSize: Int = 1024,
                nJobs: Int = 1, backend: ComputeBackend = CPUBackend.shared) {
        self.alphas = alphas; self.metric = metric; self.fitIntercept = fitIntercept
        self.batchSize = batchSize; self.nJobs = nJobs; self.backend = backend
    }

    /// Scores per fold: `perTarget[f][a * t + c]` (target c, alpha a); `score[f][a]` is the
    /// uniform average over targets; times per fold in seconds (setup = SVD & projections).
    public struct Output {
        public let nTargets: Int
        public let perTarget: [[Double]]
        public let score: [[Double]]
        public let setupTime: [Double]
        public let sweepTime: [Double]
    }

    struct FoldSetup {
        let train: [Int], test: [Int]
        let u: NDArray, s: [Double], a: NDArray, g: NDArray?
        let time: Double
    }

    static func flops(nTrain: Int, nTest: Int, p: Int, t: Int, nAlphas: Int) -> Double {
        let k = Double(min(nTrain, p)), ntr = Double(nTrain), nte = Double(nTest), pp = Double(p), tt = Double(t)
        var f = 4 * ntr * pp * k + 8 * k * k * k + 2 * ntr * k * tt + 2 * nte * pp * k
        if k < nte {
            f += nte * k * k + 2 * nte * k * tt + Double(nAlphas) * (2 * k * k * tt + 4 * k * tt)
        } else {
            f += Double(nAlphas) * (2 * nte * k * tt + 3 * nte * tt)
        }
        return f
    }

    /// Total FLOPs of `run` for these splits (see the formula above).
    public static func flops(splits: [Split], nFeatures p: Int, nTargets t: Int, nAlphas: Int) -> Double {
        splits.reduce(0) { $0 + flops(nTrain: $1.train.count, nTest: $1.test.count, p: p, t: t, nAlphas: nAlphas) }
    }

    public func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> Output {
        let y2 = Mat.as2D(y)
        let t = y2.cols, m = alphas.count
        guard m > 0 else { throw LearnError("GridSearch: the alpha grid is empty") }
        for a in alphas where !(a.isFinite && a >= 0) { throw LearnError("Ridge: alpha must be finite and ≥ 0, got \(a)") }
        let bs = max(1, batchSize)
        let nBatches = (t + bs - 1) / bs
        let setups = try Parallel.map(splits.count, nJobs: nJobs, backend: backend) { f in
            try setup(x, splits[f])
        }
        let items = splits.count * nBatches
        let parts = try Parallel.map(items, nJobs: nJobs, backend: backend) { i -> ([Double], Double) in
            let f = i / nBatches, b = i % nBatches
            let lo = b * bs, hi = min(t, lo + bs)
            let t0 = Date()
            let r = try sweep(setups[f], y2, cols: lo..<hi)
            return (r, Date().timeIntervalSince(t0))
        }
        var perTarget = [[Double]](repeating: [Double](repeating: 0, count: m * t), count: splits.count)
        var sweepTime = [Double](repeating: 0, count: splits.count)
        for i in 0..<items {
            let f = i / nBatches, b = i % nBatches
            let lo = b * bs, hi = min(t, lo + bs), w = hi - lo
            let (vals, dt) = parts[i]
            sweepTime[f] += dt
            for a in 0..<m { for c in 0..<w { perTarget[f][a * t + lo + c] = vals[a * w + c] } }
        }
        let score = perTarget.map { pt in
            (0..<m).map { a -> Double in
                var s = 0.0
                for c in 0..<t { s += pt[a * t + c] }
                return s / Double(t)
            }
        }
        return Output(nTargets: t, perTarget: perTarget, score: score,
                      setupTime: setups.map { $0.time }, sweepTime: sweepTime)
    }

    func setup(_ x: NDArray, _ split: Split) throws -> FoldSetup {
        let t0 = Date()
        let xtr = Mat.takeRows(x, split.train), xte = Mat.takeRows(x, split.test)
        let xm = fitIntercept ? Mat.columnMeans(xtr) : [Double](repeating: 0, count: x.cols)
        let (u, sArr, vt) = try backend.svd(fitIntercept ? Mat.centered(xtr, by: xm) : xtr)
        let s = Array(sArr.storage)
        if alphas.contains(0), RidgeSolvers.rankDeficient(s, rows: xtr.rows, cols: xtr.cols) {
            throw RidgeSolvers.singular(.svd)
        }
        let a = try backend.gemm(fitIntercept ? Mat.centered(xte, by: xm) : xte, vt, transA: false, transB: true, alpha: 1)
        let g = s.count < split.test.count ? try backend.syrk(a, transA: true) : nil
        return FoldSetup(train: split.train, test: split.test, u: u, s: s, a: a, g: g, time: Date().timeIntervalSince(t0))
    }

    /// Per-target scores for targets `cols`, alpha-major: [a * w + c].
    func sweep(_ fs: FoldSetup, _ y: NDArray, cols: Range<Int>) throws -> [Double] {
        let w = cols.count, k = fs.s.count, m = alphas.count, nte = fs.test.count
        var ytr = Mat.takeBlock(y, rows: fs.train, cols: cols)
        let ym = fitIntercept ? Mat.columnMeans(ytr) : [Double](repeating: 0, count: w)
        if fitIntercept { Mat.subtractRow(&ytr, ym) }
        let c = try backend.gemm(fs.u, ytr, transA: true, transB: false, alpha: 1)   // k × w
        var r0 = Mat.takeBlock(y, rows: fs.test, cols: cols)
        // SS_tot around the test mean (as r2_score), then R0 = Yte − ȳ_train and ||R0||².
        let teMean = Mat.columnMeans(r0)
        var sst = [Double](repeating: 0, count: w), ss0 = [Double](repeating: 0, count: w)
        r0.storage.withUnsafeMutableBufferPointer { pr in
            for i in 0..<nte {
                for q in 0..<w {
                    let v = pr[i * w + q]
                    let d = v - teMean[q]; sst[q] += d * d
                    let r = v - ym[q]; ss0[q] += r * r
                    pr[i * w + q] = r
                }
            }
        }
        let bmat = fs.g != nil ? try backend.gemm(fs.a, r0, transA: true, transB: false, alpha: 1) : nil   // k × w
        var out = [Double](repeating: 0, count: m * w)
        let chunk = max(1, min(m, chunkBudget / max(1, k * w)))
        // Gram mode: C⊙B once per batch (the linear term is then one small GEMM per chunk).
        var cb: NDArray? = nil
        if let bmat = bmat {
            var e = c
            for i in 0..<(k * w) { e.storage[i] *= bmat.storage[i] }
            cb = e
        }
        var a0 = 0
        while a0 < m {
            let na = min(chunk, m - a0), width = na * w
            // d[ai * k + j] = s_j / (s_j² + α) (0 where s_j ≤ 1e-15, as sklearn's _solve_svd)
            var d = [Double](repeating: 0, count: na * k)
            for ai in 0..<na {
                for j in 0..<k where fs.s[j] > RidgeSolvers.svdCutoff {
                    d[ai * k + j] = fs.s[j] / (fs.s[j] * fs.s[j] + alphas[a0 + ai])
                }
            }
            var sse = [Double](repeating: 0, count: width)
            if let g = fs.g, let cb = cb {
                // SSE = ||R0||² − 2·Σ_j d_j C_j B_j + Σ_j C_j (H·C)_j,  H = D·G·D, all alphas of
                // the chunk stacked: Hs (na·k × k) · C (k × w) is one GEMM.
                var hs = NDArray(zeros: [na * k, k])
                g.storage.withUnsafeBufferPointer { pg in
                    hs.storage.withUnsafeMutableBufferPointer { ph in
                        for ai in 0..<na {
                            for j in 0..<k {
                                let dj = d[ai * k + j], row = (ai * k + j) * k
                                for l in 0..<k { ph[row + l] = dj * pg[j * k + l] * d[ai * k + l] }
                            }
                        }
                    }
                }
                let hc = try backend.gemm(hs, c, transA: false, transB: false, alpha: 1)        // na·k × w
                let lin = try backend.gemm(NDArray(shape: [na, k], d), cb, transA: false, transB: false, alpha: 1)  // na × w
                hc.storage.withUnsafeBufferPointer { phc in
                    c.storage.withUnsafeBufferPointer { pc in
                        sse.withUnsafeMutableBufferPointer { ps in
                            for ai in 0..<na {
                                for j in 0..<k {
                                    let hrow = (ai * k + j) * w, crow = j * w, o = ai * w
                                    for q in 0..<w { ps[o + q] += pc[crow + q] * phc[hrow + q] }
                                }
                                for q in 0..<w { ps[ai * w + q] += ss0[q] - 2 * lin.storage[ai * w + q] }
                            }
                        }
                    }
                }
            } else {
                // Direct mode: W = [D(α1)·C  D(α2)·C …] (k × na·w), SSE = ||R0 − A·W||².
                var wm = NDArray(shape: [k, width],
                                 storage: ContiguousArray(unsafeUninitializedCapacity: k * width) { _, n in n = k * width })
                wm.storage.withUnsafeMutableBufferPointer { pw in
                    c.storage.withUnsafeBufferPointer { pc in
                        for j in 0..<k {
                            for ai in 0..<na {
                                let dj = d[ai * k + j], base = j * width + ai * w
                                for q in 0..<w { pw[base + q] = dj * pc[j * w + q] }
                            }
                        }
                    }
                }
                let pm = try backend.gemm(fs.a, wm, transA: false, transB: false, alpha: 1)   // nte × width
                pm.storage.withUnsafeBufferPointer { pp in
                    r0.storage.withUnsafeBufferPointer { pr in
                        sse.withUnsafeMutableBufferPointer { ps in
                            for i in 0..<nte {
                                for ai in 0..<na {
                                    let base = i * width + ai * w, ri = i * w
                                    for q in 0..<w {
                                        let r = pr[ri + q] - pp[base + q]
                                        ps[ai * w + q] += r * r
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for ai in 0..<na {
                for q in 0..<w {
                    let e = sse[ai * w + q]
                    switch metric {
                    case .r2: out[(a0 + ai) * w + q] = nte < 2 ? .nan : Metrics.r2(sse: e, sst: sst[q])
                    case .negMeanSquaredError: out[(a0 + ai) * w + q] = -e / Double(nte)
                    }
                }
            }
            a0 += na
        }
        return out
    }
}
