import Foundation
import NLSCompute

/// The alpha sweep with the target-sized products on the backend's device: per target
/// batch, Y goes up once; per fold, UᵀY, AᵀR0, every alpha's G·W or A·W and the scores are
/// computed there (`RidgeSweepKernels`), and only the m × w score matrix comes back. The
/// small factors (U, Xte, Vᵀ, d) are the only other uploads. Batches are sized from the
/// device's memory budget.
struct DeviceRidgeSweep: RidgeSweepEngine {
    let sweep: RidgeAlphaSweep
    var backend: ComputeBackend { sweep.backend }
    init(_ sweep: RidgeAlphaSweep) { self.sweep = sweep }
    /// Largest alpha chunk buffer, in elements (256 MB in float32).
    static let chunkElements = 1 << 26

    /// Host side of one fold: the SVD factors (the only decomposition, in float64 on the
    /// host) and the per-alpha shrink factors d (k × m).
    struct FoldHost {
        let train: [Int], test: [Int]
        let u: NDArray, xte: NDArray, vt: NDArray, d: NDArray
        let k: Int
        var gram: Bool { k < test.count }
        let time: Double
    }

    /// What the memory plan needs of a fold, known before its SVD: train and test rows and
    /// k = min(train rows, features).
    struct FoldShape {
        let train: Int, test: Int, k: Int
        var gram: Bool { k < test }
        init(_ split: Split, features p: Int) { train = split.train.count; test = split.test.count; k = min(train, p) }
    }

    /// A fold's factors on the device: U (n_tr × k), A = (Xte − x̄)·V (n_te × k), G = AᵀA.
    struct FoldDevice {
        let u: DeviceArray, a: DeviceArray, g: DeviceArray?
    }

    func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> RidgeAlphaSweep.Output {
        let t = y.cols, m = sweep.alphas.count
        let nf = splits.count
        let plan = try planBatches(splits.map { FoldShape($0, features: x.cols) }, n: y.rows, t: t, p: x.cols)
        // On a GPU, fold f's SVD is made on the host while the device works on fold f − 1
        // (enqueued work runs asynchronously), in the first batch; later batches reuse them.
        // A CPU device shares the host's cores, so there every SVD comes first.
        var hosts = [FoldHost?](repeating: nil, count: nf)
        var resident = [FoldDevice?](repeating: nil, count: nf)
        var setupTime = [Double](repeating: 0, count: nf)
        func host(_ f: Int) throws -> FoldHost {
            if let h = hosts[f] { return h }
            let h = try ComputeProfile.phase("Ridge sweep: fold set-up (host SVD)") { try foldHost(x, splits[f]) }
            hosts[f] = h; setupTime[f] += h.time
            return h
        }
        if !(backend.deviceMemory?.prefersLargeLaunches ?? false) { for f in 0..<nf { _ = try host(f) } }
        func fold(_ f: Int) throws -> (FoldHost, FoldDevice) {
            let h = try host(f)
            if let d = resident[f] { return (h, d) }
            let t0 = Date()
            let d = try ComputeProfile.phase("Ridge sweep: fold factors to the device") { try toDevice(h) }
            if plan.residentFactors { resident[f] = d; setupTime[f] += Date().timeIntervalSince(t0) }
            return (h, d)
        }
        // Y goes up centred by its overall column means (float64, in the same pass as the
        // rounding) when fitting an intercept: the fold means absorb the shift exactly, and
        // float32 devices keep more digits.
        let means = sweep.fitIntercept ? y.columnMeans() : nil
        var perTarget = [[Double]](repeating: [Double](repeating: 0, count: m * t), count: splits.count)
        var sweepTime = [Double](repeating: 0, count: splits.count)
        for lo in stride(from: 0, to: t, by: plan.targetBatch) {
            let hi = min(t, lo + plan.targetBatch), w = hi - lo
            let yd = try ComputeProfile.phase("Ridge sweep: Y batch to the device") { try backend.upload(y, columns: lo..<hi, minus: means) }
            // Every fold's scores stay on the device until the batch is done: one download,
            // no wait for the device between folds.
            let scores = try backend.allocate(rows: nf * m, cols: w)
            for f in 0..<nf {
                try sweep.executor.checkCancelled()
                let (h, fd) = try fold(f)
                let t0 = Date()
                try ComputeProfile.phase("Ridge sweep: alpha sweep (device, enqueued)") {
                    try foldScores(h, fd, yd, alphaChunk: plan.alphaChunk, into: scores, row0: f * m)
                }
                sweepTime[f] += Date().timeIntervalSince(t0)
            }
            let t0 = Date()
            let sc = try ComputeProfile.phase("Ridge sweep: scores back (waits for the device)") { try backend.download(scores) }
            let wait = Date().timeIntervalSince(t0)
            sc.storage.withUnsafeBufferPointer { ps in
                for f in 0..<nf {
                    for a in 0..<m { for q in 0..<w { perTarget[f][a * t + lo + q] = ps[(f * m + a) * w + q] } }
                    // The device's time shows up in the one wait: shared out evenly over the folds.
                    sweepTime[f] += wait / Double(nf)
                }
            }
        }
        return .init(scores: PathScores(nTargets: t, perTarget: perTarget, setupTime: setupTime, sweepTime: sweepTime), plan: plan)
    }

    func foldHost(_ x: NDArray, _ split: Split) throws -> FoldHost {
        let t0 = Date()
        let (u, s, vt, xte) = try sweep.foldFactors(x, split)
        let k = s.count, m = sweep.alphas.count
        let shrunk = sweep.shrink(s, sweep.alphas[...])                 // [a * k + j]
        var d = NDArray(zeros: [k, m])
        for j in 0..<k { for a in 0..<m { d.storage[j * m + a] = shrunk[a * k + j] } }
        return FoldHost(train: split.train, test: split.test, u: u, xte: xte, vt: vt, d: d, k: k,
                        time: Date().timeIntervalSince(t0))
    }

    func toDevice(_ h: FoldHost) throws -> FoldDevice {
        let u = try backend.upload(h.u)
        let a = try backend.gemm(try backend.upload(h.xte), try backend.upload(h.vt), transA: false, transB: true, alpha: 1)
        let g = h.gram ? try backend.syrk(a, transA: true) : nil
        return FoldDevice(u: u, a: a, g: g)
    }

    func foldScores(_ h: FoldHost, _ fd: FoldDevice, _ yd: DeviceArray, alphaChunk: Int, into out: DeviceArray, row0: Int) throws {
        let tg = try RidgeSweepKernels.targets(backend, yd, train: h.train, test: h.test, center: sweep.fitIntercept)
        let c = try backend.gemm(fd.u, tg.ytr, transA: true, transB: false, alpha: 1)                // k × w
        var gram: (DeviceArray, DeviceArray)? = nil
        if let g = fd.g { gram = (g, try backend.gemm(fd.a, tg.r0, transA: true, transB: false, alpha: 1)) }   // B: k × w
        try RidgeSweepKernels.alphaScores(backend, c: c, d: h.d, a: fd.a, gram: gram, targets: tg,
                                          metric: sweep.metric, alphaChunk: alphaChunk, into: out, row0: row0)
    }

    /// Targets per batch and alphas per chunk so that every buffer fits the device's memory
    /// budget and maximum allocation. On a GPU: all targets and all alphas when they fit
    /// (each launch and each CLBlast call costs tens of microseconds of host and driver
    /// time, so fewer, larger ones are faster), halving the alpha chunk, then the batch, when
    /// they do not. On a CPU device: the host engine's cache-sized batches and chunks.
    /// An explicit `batchSize` is an upper bound. Throws when even one target and one alpha
    /// cannot fit.
    func planBatches(_ hosts: [FoldShape], n: Int, t: Int, p: Int) throws -> RidgeAlphaSweep.DevicePlan {
        let m = sweep.alphas.count
        let k = hosts.map { $0.k }.max() ?? 0
        let ntr = hosts.map { $0.train }.max() ?? 0
        let nte = hosts.map { $0.test }.max() ?? 0
        let gram = hosts.contains { $0.gram }
        let large = backend.deviceMemory?.prefersLargeLaunches ?? false
        let wantBatch = max(1, min(t, sweep.batchSize ?? (large ? t : RidgeAlphaSweep.hostBatchSize)))
        guard let mem = backend.deviceMemory else {
            let na = max(1, min(m, sweep.chunkBudget / max(1, k * wantBatch)))
            return .init(targetBatch: wantBatch, alphaChunk: na, residentFactors: false)
        }
        let e = mem.elementSize
        // Resident factors of one fold: U, A, G; during setup also Xte and Vᵀ.
        func foldBytes(_ h: FoldShape) -> Int {
            e * (h.train * h.k + h.test * h.k + (h.gram ? h.k * h.k : 0))
        }
        let setupPeak = hosts.map { foldBytes($0) + e * ($0.test * p + $0.k * p) }.max() ?? 0
        let allFolds = hosts.reduce(0) { $0 + foldBytes($1) }
        let perCall = e * k * m + 4 * (ntr + nte) + 4096           // d, index lists, slack
        let resident = allFolds + setupPeak + perCall <= mem.budget / 2
        let fixed = (resident ? allFolds : (hosts.map(foldBytes).max() ?? 0)) + perCall
        let avail = mem.budget - max(fixed, setupPeak)
        let prodRows = gram ? k : nte
        func perTarget(_ na: Int) -> Int {
            // Y batch, mean, Ytr, R0, stats(2), C, B, every fold's scores (folds·m), W (k·na), G·W or A·W (rows·na)
            e * (n + 1 + ntr + nte + 2 + k + (gram ? k : 0) + hosts.count * m + na * k + na * prodRows)
        }
        func largestBuffer(_ na: Int) -> Int { e * max(n, ntr, hosts.count * m, na * k, na * prodRows, 1) }
        // A chunk's W and G·W (or A·W) each stay under `chunkElements` elements on a GPU,
        // under the host's cache-sized `chunkBudget` on a CPU device.
        let chunkLimit = large ? Self.chunkElements : sweep.chunkBudget
        var na = max(1, min(m, chunkLimit / max(1, (large ? max(k, prodRows) : k) * wantBatch)))
        while true {
            var w = avail > 0 ? avail / perTarget(na) : 0
            w = min(w, mem.maxAllocation / largestBuffer(na), wantBatch)
            if w >= wantBatch || na == 1 {
                guard w >= 1 else {
                    throw LearnError("GridSearch: the problem does not fit the device's memory (budget \(mem.budget) bytes; one target needs \(perTarget(1)) bytes beside \(fixed) bytes of fold factors); use device = \"cpu\"")
                }
                return .init(targetBatch: w, alphaChunk: na, residentFactors: resident)
            }
            na = max(1, na / 2)
        }
    }
}
