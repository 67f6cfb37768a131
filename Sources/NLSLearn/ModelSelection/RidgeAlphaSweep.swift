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
///     SSE(α) = ‖R0‖² − 2·Σ_j d_j·C_j·B_j + Σ_{j,l} G_jl·d_j·d_l·C_j·C_l,
///     i.e. ‖R0‖² + P·Q with P (m × K′, per fold: (2 − δ_jl)·G_jl·d_j·d_l for j ≤ l, then −2·d_j)
///     and Q (K′ × t: rows C_j⊙C_l for j ≤ l, then C_j⊙B_j), K′ = k(k+1)/2 + k — every alpha
///     in one GEMM, half the FLOPs of forming D·G·D·C per alpha (G's symmetry);
///   "direct" mode (k ≥ n_te): SSE(α) = ‖R0 − A·W‖² with W = [D(α1)·C  D(α2)·C …] (one GEMM).
///   R² uses SS_tot of Yte around its own mean, with sklearn's constant-target rules.
/// Targets are processed in equal batches of at most `batchSize` (bounded memory; identical results);
/// (fold, batch) work items run on `nJobs` threads with OpenBLAS limited to one thread.
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
    /// Host gram mode: upper bound on doubles in one block of Q (K′ rows × targets).
    public var quadBudget: Int = 1 << 18
    /// Host gram mode: largest P (doubles, m × K′) kept per fold; beyond it (large k) the
    /// per-alpha-chunk D·G·D·C products are used instead.
    public var quadLimit: Int = RidgeAlphaSweep.defaultQuadLimit
    static let defaultQuadLimit = 1 << 22
    /// Tests: take the device-resident path (`runOnDevice`) even on a host backend.
    var forceDevicePath = false

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
        /// Device path only: how the work was split to fit the device's memory.
        public var plan: DevicePlan? = nil
    }

    /// Batching chosen by the device path: targets per batch, alphas per GEMM chunk, and
    /// whether every fold's factors (U, A, G) stayed on the device for the whole run.
    public struct DevicePlan: Equatable, Sendable {
        public let targetBatch: Int
        public let alphaChunk: Int
        public let residentFactors: Bool
    }

    struct FoldSetup {
        let train: [Int], test: [Int]
        let u: NDArray, s: [Double], a: NDArray
        /// Train and test rows are disjoint and cover every row (then ȳ_train = totals − test).
        let partition: Bool
        /// Gram mode only: G = AᵀA, and P of `quadCoefficients` (m × K′) when it fits `quadLimit`.
        let g: NDArray?, quad: NDArray?
        let time: Double
    }

    /// A fold's setup, computed once by whichever work item needs it first.
    final class FoldCache {
        private let lock = NSLock()
        private var value: Result<FoldSetup, Error>?
        func get(_ make: () throws -> FoldSetup) throws -> FoldSetup {
            lock.lock(); defer { lock.unlock() }
            if value == nil { value = Result { try make() } }
            return try value!.get()
        }
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

    public func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> Output {
        let y2 = Mat.as2D(y)
        let t = y2.cols, m = alphas.count
        guard m > 0 else { throw LearnError("GridSearch: the alpha grid is empty") }
        for a in alphas where !(a.isFinite && a >= 0) { throw LearnError("Ridge: alpha must be finite and ≥ 0, got \(a)") }
        if backend.deviceMemory != nil || forceDevicePath { return try runOnDevice(x, y2, splits: splits) }
        // Equal batches of at most `batchSize` targets, so that the work items balance.
        let nBatches = max(1, (t + max(1, batchSize) - 1) / max(1, batchSize))
        let bs = max(1, (t + nBatches - 1) / nBatches)
        // Column totals of Y: each fold's train means are these minus its test rows.
        var colSum: [Double]? = nil
        if fitIntercept {
            var tot = [Double](repeating: 0, count: t)
            y2.storage.withUnsafeBufferPointer { py in
                tot.withUnsafeMutableBufferPointer { pt in
                    for i in 0..<y2.rows { let row = py.baseAddress! + i * t; for q in 0..<t { pt[q] += row[q] } }
                }
            }
            colSum = tot
        }
        // Batch-major items: the first ones set up different folds, so the SVDs overlap the
        // sweeps instead of idling a worker at the end of a separate setup phase.
        let nf = splits.count
        let cache = (0..<nf).map { _ in FoldCache() }
        let items = nf * nBatches
        let parts = try Parallel.map(items, nJobs: nJobs, backend: backend) { i -> ([Double], Double) in
            let f = i % nf, b = i / nf
            let fs = try cache[f].get { try setup(x, splits[f]) }
            let lo = b * bs, hi = min(t, lo + bs)
            let t0 = Date()
            let r = try sweep(fs, y2, cols: lo..<hi, colSum: colSum)
            return (r, Date().timeIntervalSince(t0))
        }
        let setups = try cache.enumerated().map { f, c in try c.get { try setup(x, splits[f]) } }
        var perTarget = [[Double]](repeating: [Double](repeating: 0, count: m * t), count: nf)
        var sweepTime = [Double](repeating: 0, count: nf)
        for i in 0..<items {
            let f = i % nf, b = i / nf
            let lo = b * bs, hi = min(t, lo + bs), w = hi - lo
            let (vals, dt) = parts[i]
            sweepTime[f] += dt
            perTarget[f].withUnsafeMutableBufferPointer { pt in
                vals.withUnsafeBufferPointer { pv in
                    for a in 0..<m { for c in 0..<w { pt[a * t + lo + c] = pv[a * w + c] } }
                }
            }
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
        let k = s.count, g = k < split.test.count ? try backend.syrk(a, transA: true) : nil
        let quad = g != nil && alphas.count * (k * (k + 1) / 2 + k) <= quadLimit ? quadCoefficients(s, g!) : nil
        var seen = [Bool](repeating: false, count: x.rows), covered = 0
        for i in split.train + split.test where i >= 0 && i < x.rows && !seen[i] { seen[i] = true; covered += 1 }
        let partition = covered == x.rows && split.train.count + split.test.count == x.rows
        return FoldSetup(train: split.train, test: split.test, u: u, s: s, a: a, partition: partition, g: g, quad: quad, time: Date().timeIntervalSince(t0))
    }

    /// Per-target scores for targets `cols`, alpha-major: [a * w + c].
    func sweep(_ fs: FoldSetup, _ y: NDArray, cols: Range<Int>, colSum: [Double]?) throws -> [Double] {
        let w = cols.count, k = fs.s.count, m = alphas.count, nte = fs.test.count, ntr = fs.train.count
        let p = y.cols, lo = cols.lowerBound
        // R0 = Yte − ȳ_train and ||R0||², SS_tot around the test mean (as r2_score); ȳ_train
        // from the column totals minus the test rows, so Ytr is gathered and centred in one pass.
        var r0 = NDArray(shape: [nte, w], storage: ContiguousArray(unsafeUninitializedCapacity: nte * w) { _, n in n = nte * w })
        var ytr = NDArray(shape: [ntr, w], storage: ContiguousArray(unsafeUninitializedCapacity: ntr * w) { _, n in n = ntr * w })
        var ym = [Double](repeating: 0, count: w), teMean = [Double](repeating: 0, count: w)
        var sst = [Double](repeating: 0, count: w), ss0 = [Double](repeating: 0, count: w)
        y.storage.withUnsafeBufferPointer { py in
            r0.storage.withUnsafeMutableBufferPointer { pr in
                ytr.storage.withUnsafeMutableBufferPointer { pt in
                    ym.withUnsafeMutableBufferPointer { pym in
                        teMean.withUnsafeMutableBufferPointer { ptm in
                            sst.withUnsafeMutableBufferPointer { psst in
                                ss0.withUnsafeMutableBufferPointer { pss0 in
                                    let src = py.baseAddress! + lo, r = pr.baseAddress!, tr = pt.baseAddress!
                                    let mean = pym.baseAddress!, tm = ptm.baseAddress!, st = psst.baseAddress!, s0 = pss0.baseAddress!
                                    for (i, row) in fs.test.enumerated() {
                                        let sp = src + row * p, d = r + i * w
                                        for q in 0..<w { let v = sp[q]; d[q] = v; tm[q] += v }
                                    }
                                    if fitIntercept && ntr > 0 {
                                        if fs.partition, let tot = colSum {
                                            for q in 0..<w { mean[q] = (tot[lo + q] - tm[q]) / Double(ntr) }
                                        } else {
                                            for row in fs.train { let sp = src + row * p; for q in 0..<w { mean[q] += sp[q] } }
                                            for q in 0..<w { mean[q] /= Double(ntr) }
                                        }
                                    }
                                    if nte > 0 { for q in 0..<w { tm[q] /= Double(nte) } }
                                    for i in 0..<nte {
                                        let d = r + i * w
                                        for q in 0..<w {
                                            let v = d[q]
                                            let e = v - tm[q]; st[q] += e * e
                                            let u = v - mean[q]; s0[q] += u * u
                                            d[q] = u
                                        }
                                    }
                                    for (i, row) in fs.train.enumerated() {
                                        let sp = src + row * p, d = tr + i * w
                                        for q in 0..<w { d[q] = sp[q] - mean[q] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let c = try backend.gemm(fs.u, ytr, transA: true, transB: false, alpha: 1)   // k × w
        var sse = [Double](repeating: 0, count: m * w)
        if let coef = fs.quad {
            // Gram mode: SSE(α) = ||R0||² + P(α)·Q with Q's rows c_j⊙c_l (j ≤ l) and c_j⊙b_j
            // (B = AᵀR0): every alpha of a block of targets in one GEMM (m × K′ · K′ × nb).
            let bmat = try backend.gemm(fs.a, r0, transA: true, transB: false, alpha: 1)   // k × w
            let kq = coef.cols, k2 = k * (k + 1) / 2
            // Q blocks of ≤ quadBudget doubles stay in cache between forming and the GEMM.
            let sb = max(1, min(w, quadBudget / max(1, kq)))
            // One buffer for every block (fresh large allocations cost page faults).
            var qbuf = ContiguousArray<Double>(unsafeUninitializedCapacity: kq * sb) { _, n in n = kq * sb }
            var q0 = 0
            while q0 < w {
                let nb = min(sb, w - q0)
                if nb < sb { qbuf.removeLast(kq * (sb - nb)) }
                var qm = NDArray(shape: [kq, nb], storage: qbuf)
                qbuf = []
                qm.storage.withUnsafeMutableBufferPointer { pq in
                    c.storage.withUnsafeBufferPointer { pc in
                        bmat.storage.withUnsafeBufferPointer { pb in
                            let dst = pq.baseAddress!, cs = pc.baseAddress! + q0, bs = pb.baseAddress! + q0
                            var row = 0
                            for j in 0..<k {
                                let cj = cs + j * w
                                for l in j..<k {
                                    let cl = cs + l * w, o = dst + row * nb
                                    for i in 0..<nb { o[i] = cj[i] * cl[i] }
                                    row += 1
                                }
                            }
                            for j in 0..<k {
                                let cj = cs + j * w, bj = bs + j * w, o = dst + (k2 + j) * nb
                                for i in 0..<nb { o[i] = cj[i] * bj[i] }
                            }
                        }
                    }
                }
                let pq = try backend.gemm(coef, qm, transA: false, transB: false, alpha: 1)   // m × nb
                qbuf = qm.storage; qm = NDArray(zeros: [0])
                pq.storage.withUnsafeBufferPointer { pp in
                    sse.withUnsafeMutableBufferPointer { ps in
                        for a in 0..<m {
                            for i in 0..<nb { ps[a * w + q0 + i] = ss0[q0 + i] + pp[a * nb + i] }
                        }
                    }
                }
                q0 += nb
            }
        } else if let g = fs.g {
            // Gram mode with P too large to keep (big k): per alpha chunk, the H = D·G·D are
            // stacked (na·k × k) so H·C is one GEMM; the linear term is [d(α1); …]·(C⊙B).
            let bmat = try backend.gemm(fs.a, r0, transA: true, transB: false, alpha: 1)   // k × w
            var cb = c
            for i in 0..<(k * w) { cb.storage[i] *= bmat.storage[i] }
            let chunk = max(1, min(m, chunkBudget / max(1, k * w)))
            var a0 = 0
            while a0 < m {
                let na = min(chunk, m - a0)
                let d = shrink(fs.s, alphas[a0..<(a0 + na)])
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
                                let o = (a0 + ai) * w
                                for j in 0..<k {
                                    let hrow = (ai * k + j) * w, crow = j * w
                                    for q in 0..<w { ps[o + q] += pc[crow + q] * phc[hrow + q] }
                                }
                                for q in 0..<w { ps[o + q] += ss0[q] - 2 * lin.storage[ai * w + q] }
                            }
                        }
                    }
                }
                a0 += na
            }
        } else {
            // Direct mode: W = [D(α1)·C  D(α2)·C …] (k × na·w), SSE = ||R0 − A·W||².
            let chunk = max(1, min(m, chunkBudget / max(1, k * w)))
            var a0 = 0
            while a0 < m {
                let na = min(chunk, m - a0), width = na * w
                // d[ai * k + j] = s_j / (s_j² + α) (0 where s_j ≤ 1e-15, as sklearn's _solve_svd)
                let d = shrink(fs.s, alphas[a0..<(a0 + na)])
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
                                    let base = i * width + ai * w, ri = i * w, o = (a0 + ai) * w
                                    for q in 0..<w {
                                        let r = pr[ri + q] - pp[base + q]
                                        ps[o + q] += r * r
                                    }
                                }
                            }
                        }
                    }
                }
                a0 += na
            }
        }
        var out = [Double](repeating: 0, count: m * w)
        for a in 0..<m {
            for q in 0..<w {
                let e = sse[a * w + q]
                switch metric {
                case .r2: out[a * w + q] = nte < 2 ? .nan : Metrics.r2(sse: e, sst: sst[q])
                case .negMeanSquaredError: out[a * w + q] = -e / Double(nte)
                }
            }
        }
        return out
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

    /// Gram mode's per-alpha coefficients P (m × K′, K′ = k(k+1)/2 + k): for j ≤ l,
    /// (2 − δ_jl)·G_jl·d_j·d_l, then −2·d_j, so that P·[c_j c_l; c_j b_j] = cᵀDGDc − 2·Σ d_j c_j b_j.
    func quadCoefficients(_ s: [Double], _ g: NDArray) -> NDArray {
        let k = s.count, m = alphas.count, k2 = k * (k + 1) / 2, kq = k2 + k
        let d = shrink(s, alphas[...])
        var p = NDArray(zeros: [m, kq])
        p.storage.withUnsafeMutableBufferPointer { pp in
            g.storage.withUnsafeBufferPointer { pg in
                for a in 0..<m {
                    let da = a * k, o = a * kq
                    var row = 0
                    for j in 0..<k {
                        let dj = d[da + j]
                        pp[o + row] = pg[j * k + j] * dj * dj
                        row += 1
                        for l in (j + 1)..<k {
                            pp[o + row] = 2 * pg[j * k + l] * dj * d[da + l]
                            row += 1
                        }
                    }
                    for j in 0..<k { pp[o + k2 + j] = -2 * d[da + j] }
                }
            }
        }
        return p
    }
}

// MARK: - Device-resident path

extension RidgeAlphaSweep {
    /// Host side of one fold: the SVD factors (the only decomposition, in float64 on the
    /// host) and the per-alpha shrink factors d (k × m).
    struct DeviceFoldHost {
        let train: [Int], test: [Int]
        let u: NDArray, xte: NDArray, vt: NDArray, d: NDArray
        let k: Int
        var gram: Bool { k < test.count }
        let time: Double
    }

    /// A fold's factors on the device: U (n_tr × k), A = (Xte − x̄)·V (n_te × k), G = AᵀA.
    struct DeviceFold {
        let u: DeviceArray, a: DeviceArray, g: DeviceArray?
    }

    /// The sweep with the target-sized products on the backend's device: per target batch,
    /// Y goes up once; per fold, UᵀY, AᵀR0, every alpha's G·W or A·W and the scores are
    /// computed there, and only the m × w score matrix comes back. The small factors (U, Xte,
    /// Vᵀ, d) are the only other uploads. Batches are sized from the device's memory budget.
    func runOnDevice(_ x: NDArray, _ y2: NDArray, splits: [Split]) throws -> Output {
        let n = y2.rows, t = y2.cols, m = alphas.count, p = x.cols
        // One SVD per fold on the host (float64), as the host path.
        var hosts: [DeviceFoldHost] = []
        for split in splits {
            let t0 = Date()
            let xtr = Mat.takeRows(x, split.train), xte = Mat.takeRows(x, split.test)
            let xm = fitIntercept ? Mat.columnMeans(xtr) : [Double](repeating: 0, count: p)
            let (u, sArr, vt) = try backend.svd(fitIntercept ? Mat.centered(xtr, by: xm) : xtr)
            let s = Array(sArr.storage)
            if alphas.contains(0), RidgeSolvers.rankDeficient(s, rows: xtr.rows, cols: xtr.cols) {
                throw RidgeSolvers.singular(.svd)
            }
            let k = s.count
            var d = NDArray(zeros: [k, m])
            for j in 0..<k {
                let sj = s[j]
                for a in 0..<m { d.storage[j * m + a] = sj > RidgeSolvers.svdCutoff ? sj / (sj * sj + alphas[a]) : 0 }
            }
            hosts.append(DeviceFoldHost(train: split.train, test: split.test, u: u,
                                        xte: fitIntercept ? Mat.centered(xte, by: xm) : xte, vt: vt, d: d, k: k,
                                        time: Date().timeIntervalSince(t0)))
        }
        let plan = try planBatches(hosts, n: n, t: t, p: p)

        func toDevice(_ h: DeviceFoldHost) throws -> DeviceFold {
            let u = try backend.upload(h.u)
            let a = try backend.gemm(try backend.upload(h.xte), try backend.upload(h.vt), transA: false, transB: true, alpha: 1)
            let g = h.gram ? try backend.syrk(a, transA: true) : nil
            return DeviceFold(u: u, a: a, g: g)
        }
        var setupTime = hosts.map { $0.time }
        var resident: [DeviceFold] = []
        if plan.residentFactors {
            for (f, h) in hosts.enumerated() {
                let t0 = Date()
                resident.append(try toDevice(h))
                setupTime[f] += Date().timeIntervalSince(t0)
            }
        }
        // Pre-centre Y by its overall column means (float64, host) when fitting an intercept:
        // the fold means absorb the shift exactly, and float32 devices keep more digits.
        var yc = y2
        if fitIntercept { yc = Mat.centered(y2, by: Mat.columnMeans(y2)) }

        var perTarget = [[Double]](repeating: [Double](repeating: 0, count: m * t), count: splits.count)
        var sweepTime = [Double](repeating: 0, count: splits.count)
        let metric: SweepMetric = self.metric == .r2 ? .r2 : .negMeanSquaredError
        var lo = 0
        while lo < t {
            let hi = min(t, lo + plan.targetBatch), w = hi - lo
            let yd = try backend.upload(Mat.takeCols(yc, lo..<hi))
            for (f, h) in hosts.enumerated() {
                let t0 = Date()
                let fd = plan.residentFactors ? resident[f] : try toDevice(h)
                let tg = try backend.ridgeFoldTargets(yd, train: h.train, test: h.test, center: fitIntercept)
                let c = try backend.gemm(fd.u, tg.ytr, transA: true, transB: false, alpha: 1)          // k × w
                let bm = h.gram ? try backend.gemm(fd.a, tg.r0, transA: true, transB: false, alpha: 1) : nil   // k × w
                let sc = try backend.ridgeAlphaScores(c: c, d: h.d, a: fd.a, g: fd.g, b: bm, targets: tg,
                                                      metric: metric, alphaChunk: plan.alphaChunk)   // m × w
                sc.storage.withUnsafeBufferPointer { ps in
                    for a in 0..<m { for q in 0..<w { perTarget[f][a * t + lo + q] = ps[a * w + q] } }
                }
                sweepTime[f] += Date().timeIntervalSince(t0)
            }
            lo = hi
        }
        let score = perTarget.map { pt in
            (0..<m).map { a -> Double in
                var s = 0.0
                for c in 0..<t { s += pt[a * t + c] }
                return s / Double(t)
            }
        }
        var out = Output(nTargets: t, perTarget: perTarget, score: score, setupTime: setupTime, sweepTime: sweepTime)
        out.plan = plan
        return out
    }

    /// Targets per batch and alphas per chunk so that every buffer fits the device's memory
    /// budget and maximum allocation (host backends: `batchSize` and `chunkBudget` only).
    /// An explicit `batchSize` is an upper bound. Throws when even one target and one alpha
    /// cannot fit.
    func planBatches(_ hosts: [DeviceFoldHost], n: Int, t: Int, p: Int) throws -> DevicePlan {
        let m = alphas.count
        let k = hosts.map { $0.k }.max() ?? 0
        let ntr = hosts.map { $0.train.count }.max() ?? 0
        let nte = hosts.map { $0.test.count }.max() ?? 0
        let gram = hosts.contains { $0.gram }
        let wantBatch = max(1, min(t, batchSize))
        guard let mem = backend.deviceMemory else {
            let w = wantBatch
            return DevicePlan(targetBatch: w, alphaChunk: max(1, min(m, chunkBudget / max(1, k * w))), residentFactors: false)
        }
        let e = mem.elementSize
        // Resident factors of one fold: U, A, G; during setup also Xte and Vᵀ.
        func foldBytes(_ h: DeviceFoldHost) -> Int {
            e * (h.train.count * h.k + h.test.count * h.k + (h.gram ? h.k * h.k : 0))
        }
        let setupPeak = hosts.map { foldBytes($0) + e * ($0.test.count * p + $0.k * p) }.max() ?? 0
        let allFolds = hosts.reduce(0) { $0 + foldBytes($1) }
        let perCall = e * k * m + 4 * (ntr + nte) + 4096           // d, index lists, slack
        let resident = allFolds + setupPeak + perCall <= mem.budget / 2
        let fixed = (resident ? allFolds : (hosts.map(foldBytes).max() ?? 0)) + perCall
        let avail = mem.budget - max(fixed, setupPeak)
        let prodRows = gram ? k : nte
        func perTarget(_ na: Int) -> Int {
            // Y batch, mean, Ytr, R0, stats(2), C, B, scores (m), W (k·na), G·W or A·W (rows·na)
            e * (n + 1 + ntr + nte + 2 + k + (gram ? k : 0) + m + na * k + na * prodRows)
        }
        func largestBuffer(_ na: Int) -> Int { e * max(n, ntr, m, na * k, na * prodRows, 1) }
        var na = max(1, min(m, chunkBudget / max(1, k * wantBatch)))
        while true {
            var w = avail > 0 ? avail / perTarget(na) : 0
            w = min(w, mem.maxAllocation / largestBuffer(na), wantBatch)
            if w >= wantBatch || na == 1 {
                guard w >= 1 else {
                    throw ComputeError("GridSearch: the problem does not fit the device's memory (budget \(mem.budget) bytes; one target needs \(perTarget(1)) bytes beside \(fixed) bytes of fold factors); use device = \"cpu\"")
                }
                return DevicePlan(targetBatch: w, alphaChunk: na, residentFactors: resident)
            }
            na = max(1, na / 2)
        }
    }
}
