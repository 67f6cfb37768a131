import Foundation
import NLSCompute

/// The alpha sweep in host memory: (fold, target batch) work items on the executor, each
/// fold's SVD computed lazily by the first item that needs it.
struct HostRidgeSweep: RidgeSweepEngine {
    let sweep: RidgeAlphaSweep
    init(_ sweep: RidgeAlphaSweep) { self.sweep = sweep }

    /// A fold's factors: U, s, A = (Xte − x̄)·V and, in gram mode, G = AᵀA and (when it fits
    /// `quadLimit`) P of `quadCoefficients`, in blocks of columns.
    struct FoldSetup {
        let train: [Int], test: [Int]
        let u: NDArray, s: [Double], a: NDArray
        /// Train and test rows are disjoint and cover every row (then ȳ_train = totals − test).
        let partition: Bool
        let g: NDArray?, quad: [NDArray]?
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

    func run(_ x: NDArray, _ y: NDArray, splits: [Split]) throws -> RidgeAlphaSweep.Output {
        let t = y.cols, m = sweep.alphas.count, nf = splits.count
        // Equal batches of at most `batchSize` targets, so that the work items balance.
        let batch = max(1, sweep.batchSize ?? RidgeAlphaSweep.hostBatchSize)
        let nBatches = max(1, (t + batch - 1) / batch)
        let bs = max(1, (t + nBatches - 1) / nBatches)
        // Column totals of Y: each fold's train means are these minus its test rows.
        let colSum: [Double]? = sweep.fitIntercept ? y.columnSums() : nil
        // Batch-major items: the first ones set up different folds, so the SVDs overlap the
        // sweeps instead of idling a worker at the end of a separate setup phase.
        let cache = (0..<nf).map { _ in FoldCache() }
        let quadRows = max(16, sweep.quadBudget / bs)
        let parts = try sweep.executor.map(nf * nBatches, backend: sweep.backend) { i -> SweepPart in
            let f = i % nf, b = i / nf
            let fs = try cache[f].get { try ComputeProfile.phase("Ridge sweep: fold set-up (SVD, projections)") { try setup(x, splits[f], quadRows: quadRows) } }
            let t0 = Date()
            let r = try ComputeProfile.phase("Ridge sweep: alpha sweep (host)") {
                try scores(fs, y, cols: (b * bs)..<min(t, b * bs + bs), colSum: colSum)
            }
            return SweepPart(values: r, seconds: Date().timeIntervalSince(t0), setupSeconds: fs.time)
        }
        // Item f is fold f's first batch; its fold's setup may have run on another MPI rank.
        let setupTimes = (0..<nf).map { parts[$0].setupSeconds }
        var perTarget = [[Double]](repeating: [Double](repeating: 0, count: m * t), count: nf)
        var sweepTime = [Double](repeating: 0, count: nf)
        for (i, part) in parts.enumerated() {
            let vals = part.values, dt = part.seconds
            let f = i % nf, lo = (i / nf) * bs, w = min(t, lo + bs) - lo
            sweepTime[f] += dt
            perTarget[f].withUnsafeMutableBufferPointer { pt in
                for a in 0..<m { for c in 0..<w { pt[a * t + lo + c] = vals[a * w + c] } }
            }
        }
        return .init(scores: PathScores(nTargets: t, perTarget: perTarget, setupTime: setupTimes, sweepTime: sweepTime))
    }

    /// `quadRows`: the rows of Q (columns of P) formed and multiplied at a time.
    func setup(_ x: NDArray, _ split: Split, quadRows: Int) throws -> FoldSetup {
        let t0 = Date()
        let (u, s, vt, xte) = try sweep.foldFactors(x, split)
        let a = try sweep.backend.gemm(xte, vt, transA: false, transB: true, alpha: 1)
        let k = s.count, g = k < split.test.count ? try sweep.backend.syrk(a, transA: true) : nil
        let fitsQuad = sweep.alphas.count * (k * (k + 1) / 2 + k) <= sweep.quadLimit
        let quad = g.flatMap { fitsQuad ? quadCoefficients(s, $0).columnBlocks(of: quadRows) : nil }
        var seen = [Bool](repeating: false, count: x.rows), covered = 0
        for i in split.train + split.test where i >= 0 && i < x.rows && !seen[i] { seen[i] = true; covered += 1 }
        let partition = covered == x.rows && split.train.count + split.test.count == x.rows
        return FoldSetup(train: split.train, test: split.test, u: u, s: s, a: a, partition: partition,
                         g: g, quad: quad, time: Date().timeIntervalSince(t0))
    }

    /// Per-target scores of one fold for targets `cols`, alpha-major: [a * w + c].
    func scores(_ fs: FoldSetup, _ y: NDArray, cols: Range<Int>, colSum: [Double]?) throws -> [Double] {
        let tg = FoldTargets(fs, y, cols: cols, colSum: colSum, fitIntercept: sweep.fitIntercept)
        let c = try sweep.backend.gemm(fs.u, tg.ytr, transA: true, transB: false, alpha: 1)   // k × w
        let sse: [Double]
        if let coef = fs.quad {
            sse = try gramQuadSSE(fs, tg, c: c, coef: coef)
        } else if let g = fs.g {
            sse = try gramChunkSSE(fs, tg, c: c, g: g)
        } else {
            sse = try directSSE(fs, tg, c: c)
        }
        let w = cols.count, nte = fs.test.count
        var out = [Double](repeating: 0, count: sse.count)
        for a in 0..<sweep.alphas.count {
            for q in 0..<w {
                out[a * w + q] = Metrics.score(sweep.metric, sse: sse[a * w + q], sst: tg.sst[q], nSamples: nte)
            }
        }
        return out
    }

    /// Gram mode: SSE(α) = ||R0||² + P(α)·Q with Q's rows c_j⊙c_l (j ≤ l) and c_j⊙b_j
    /// (B = AᵀR0): every alpha in GEMMs, one per block of Q's rows (P's column blocks
    /// `coef`, m × nr · nr × w), summed. A block of rows for all the batch's targets stays
    /// in cache between forming and its product, and P is packed once per batch (blocks of
    /// targets instead would repack all of P for each).
    func gramQuadSSE(_ fs: FoldSetup, _ tg: FoldTargets, c: NDArray, coef: [NDArray]) throws -> [Double] {
        let w = c.cols, k = fs.s.count, m = sweep.alphas.count
        let bmat = try sweep.backend.gemm(fs.a, tg.r0, transA: true, transB: false, alpha: 1)   // k × w
        var sse = [Double](repeating: 0, count: m * w)
        for a in 0..<m { for q in 0..<w { sse[a * w + q] = tg.ss0[q] } }
        let most = coef.map(\.cols).max() ?? 0
        // One buffer for every block (fresh large allocations cost page faults).
        var qbuf = ContiguousArray<Double>(unsafeUninitializedCapacity: most * w) { _, n in n = most * w }
        var r0 = 0
        for p in coef {
            let nr = p.cols
            if qbuf.count > nr * w { qbuf.removeLast(qbuf.count - nr * w) }
            // The buffer moves into qm (not shared), so forming Q writes in place, uncopied.
            var qm = NDArray(shape: [nr, w], storage: qbuf)
            qbuf = []
            Self.formQ(&qm, c: c, b: bmat, k: k, fromRow: r0)
            let pq = try sweep.backend.gemm(p, qm, transA: false, transB: false, alpha: 1)   // m × w
            qbuf = qm.storage; qm = NDArray(zeros: [0])
            pq.storage.withUnsafeBufferPointer { pp in
                for i in 0..<(m * w) { sse[i] += pp[i] }
            }
            r0 += nr
        }
        return sse
    }

    /// Rows r0..<r0+nr of Q (nr = qm's rows) for all of C's columns: rows c_j⊙c_l for j ≤ l
    /// (row-packed upper triangle), then c_j⊙b_j.
    static func formQ(_ qm: inout NDArray, c: NDArray, b: NDArray, k: Int, fromRow r0: Int) {
        let w = c.cols, nr = qm.rows, k2 = k * (k + 1) / 2
        precondition(qm.cols == w && r0 >= 0 && r0 + nr <= k2 + k)
        qm.storage.withUnsafeMutableBufferPointer { pq in
            c.storage.withUnsafeBufferPointer { pc in
                b.storage.withUnsafeBufferPointer { pb in
                    let dst = pq.baseAddress!, cs = pc.baseAddress!, bs = pb.baseAddress!
                    var row = 0, out = 0
                    // The quadratic rows, skipping whole j-runs before the block.
                    for j in 0..<k where out < nr {
                        if row + (k - j) <= r0 { row += k - j; continue }
                        let cj = cs + j * w
                        for l in j..<k where out < nr {
                            if row >= r0 {
                                let cl = cs + l * w, o = dst + out * w
                                for i in 0..<w { o[i] = cj[i] * cl[i] }
                                out += 1
                            }
                            row += 1
                        }
                    }
                    for j in 0..<k where out < nr && k2 + j >= r0 {
                        let cj = cs + j * w, bj = bs + j * w, o = dst + out * w
                        for i in 0..<w { o[i] = cj[i] * bj[i] }
                        out += 1
                    }
                }
            }
        }
    }

    /// Gram mode with P too large to keep (big k): per alpha chunk, the H = D·G·D are
    /// stacked (na·k × k) so H·C is one GEMM; the linear term is [d(α1); …]·(C⊙B).
    func gramChunkSSE(_ fs: FoldSetup, _ tg: FoldTargets, c: NDArray, g: NDArray) throws -> [Double] {
        let w = c.cols, k = fs.s.count, m = sweep.alphas.count
        let bmat = try sweep.backend.gemm(fs.a, tg.r0, transA: true, transB: false, alpha: 1)   // k × w
        var cb = c
        for i in 0..<(k * w) { cb.storage[i] *= bmat.storage[i] }
        var sse = [Double](repeating: 0, count: m * w)
        let chunk = max(1, min(m, sweep.chunkBudget / max(1, k * w)))
        for a0 in stride(from: 0, to: m, by: chunk) {
            let na = min(chunk, m - a0)
            let d = sweep.shrink(fs.s, sweep.alphas[a0..<(a0 + na)])
            var hs = NDArray(zeros: [na * k, k])
            for ai in 0..<na {
                for j in 0..<k {
                    let dj = d[ai * k + j], row = (ai * k + j) * k
                    for l in 0..<k { hs.storage[row + l] = dj * g.storage[j * k + l] * d[ai * k + l] }
                }
            }
            let hc = try sweep.backend.gemm(hs, c, transA: false, transB: false, alpha: 1)                     // na·k × w
            let lin = try sweep.backend.gemm(NDArray(shape: [na, k], d), cb, transA: false, transB: false, alpha: 1)  // na × w
            for ai in 0..<na {
                let o = (a0 + ai) * w
                for j in 0..<k {
                    let hrow = (ai * k + j) * w, crow = j * w
                    for q in 0..<w { sse[o + q] += c.storage[crow + q] * hc.storage[hrow + q] }
                }
                for q in 0..<w { sse[o + q] += tg.ss0[q] - 2 * lin.storage[ai * w + q] }
            }
        }
        return sse
    }

    /// Direct mode: W = [D(α1)·C  D(α2)·C …] (k × na·w), SSE = ||R0 − A·W||².
    func directSSE(_ fs: FoldSetup, _ tg: FoldTargets, c: NDArray) throws -> [Double] {
        let w = c.cols, k = fs.s.count, m = sweep.alphas.count, nte = fs.test.count
        var sse = [Double](repeating: 0, count: m * w)
        let chunk = max(1, min(m, sweep.chunkBudget / max(1, k * w)))
        for a0 in stride(from: 0, to: m, by: chunk) {
            let na = min(chunk, m - a0), width = na * w
            let d = sweep.shrink(fs.s, sweep.alphas[a0..<(a0 + na)])
            var wm = NDArray(shape: [k, width],
                             storage: ContiguousArray(unsafeUninitializedCapacity: k * width) { _, n in n = k * width })
            wm.storage.withUnsafeMutableBufferPointer { pw in
                for j in 0..<k {
                    for ai in 0..<na {
                        let dj = d[ai * k + j], base = j * width + ai * w
                        for q in 0..<w { pw[base + q] = dj * c.storage[j * w + q] }
                    }
                }
            }
            let pm = try sweep.backend.gemm(fs.a, wm, transA: false, transB: false, alpha: 1)   // nte × width
            pm.storage.withUnsafeBufferPointer { pp in
                tg.r0.storage.withUnsafeBufferPointer { pr in
                    for i in 0..<nte {
                        for ai in 0..<na {
                            let base = i * width + ai * w, ri = i * w, o = (a0 + ai) * w
                            for q in 0..<w {
                                let r = pr[ri + q] - pp[base + q]
                                sse[o + q] += r * r
                            }
                        }
                    }
                }
            }
        }
        return sse
    }

    /// Gram mode's per-alpha coefficients P (m × K′, K′ = k(k+1)/2 + k): for j ≤ l,
    /// (2 − δ_jl)·G_jl·d_j·d_l, then −2·d_j, so that P·[c_j c_l; c_j b_j] = cᵀDGDc − 2·Σ d_j c_j b_j.
    func quadCoefficients(_ s: [Double], _ g: NDArray) -> NDArray {
        let k = s.count, m = sweep.alphas.count, k2 = k * (k + 1) / 2, kq = k2 + k
        let d = sweep.shrink(s, sweep.alphas[...])
        var p = NDArray(zeros: [m, kq])
        p.storage.withUnsafeMutableBufferPointer { pp in
            for a in 0..<m {
                let da = a * k, o = a * kq
                var row = 0
                for j in 0..<k {
                    let dj = d[da + j]
                    pp[o + row] = g.storage[j * k + j] * dj * dj
                    row += 1
                    for l in (j + 1)..<k {
                        pp[o + row] = 2 * g.storage[j * k + l] * dj * d[da + l]
                        row += 1
                    }
                }
                for j in 0..<k { pp[o + k2 + j] = -2 * d[da + j] }
            }
        }
        return p
    }
}

/// One (fold, target batch) sweep item's scores and time; bytes so an MPI rank can send it.
struct SweepPart: ByteCodable {
    var values: [Double]
    var seconds: Double
    /// The time of this item's fold setup (the SVD), wherever it ran.
    var setupSeconds: Double

    func encode(to w: inout ByteWriter) { values.encode(to: &w); w.put(seconds); w.put(setupSeconds) }
    static func decode(from r: inout ByteReader) throws -> SweepPart {
        SweepPart(values: try [Double].decode(from: &r), seconds: try r.double(), setupSeconds: try r.double())
    }
}

private extension NDArray {
    /// A 2-D array's columns in consecutive blocks of `width` (the last one narrower).
    func columnBlocks(of width: Int) -> [NDArray] {
        let w = Swift.max(1, width)
        return stride(from: 0, to: cols, by: w).map { takingColumns($0..<Swift.min(cols, $0 + w)) }
    }
}
