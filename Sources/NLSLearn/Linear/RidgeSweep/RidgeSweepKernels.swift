import NLSCompute

/// The alpha sweep's own device kernels, registered with the backend as a `DeviceProgram`
/// (the compute layer offers only general operations). `real`/`acc` come from the backend:
/// storage and accumulator precision.
enum RidgeSweepKernels {
    static let program = DeviceProgram(name: "Ridge alpha sweep", source: """
    /* stats[q] = sum r0^2; stats[w + q] = SS_tot of the test rows (0 for a constant column). */
    __kernel void nls_ridge_fold_stats(const int n, const int w, __global const real* r0, __global real* stats) {
        const int q = get_global_id(0);
        if (q >= w) return;
        acc s = 0, s2 = 0;
        real lo = n > 0 ? r0[q] : 0, hi = lo;
        for (int i = 0; i < n; i++) {
            const real v = r0[i * w + q];
            s += (acc)v; s2 += (acc)v * (acc)v;
            lo = fmin(lo, v); hi = fmax(hi, v);
        }
        acc sst = 0;
        if (n > 0 && lo != hi) {
            const acc mean = s / (acc)n;
            for (int i = 0; i < n; i++) { const acc d = (acc)r0[i * w + q] - mean; sst += d * d; }
        }
        stats[q] = (real)s2;
        stats[w + q] = (real)sst;
    }

    /* W[j, ai*w + q] = d[j*m + a0 + ai] * c[j*w + q]   (W: k x (na*w)) */
    __kernel void nls_ridge_scale(const int k, const int w, const int na, const int m, const int a0,
                                  __global const real* d, __global const real* c, __global real* wm) {
        const int col = get_global_id(0), j = get_global_id(1);
        const int width = na * w;
        if (col >= width || j >= k) return;
        const int ai = col / w, q = col - ai * w;
        wm[j * width + col] = d[j * m + a0 + ai] * c[j * w + q];
    }

    /* The device twin of Metrics.score (Swift): R2 with sklearn's constant-target rules, or -MSE. */
    real nls_ridge_score(const acc sse, const acc sst, const int nte, const int metric) {
        if (metric == 1) return (real)(-sse / (acc)nte);
        if (nte < 2) return (real)NAN;
        if (sst != 0) return sse != 0 ? (real)(1 - sse / sst) : (real)1;
        return sse != 0 ? (real)0 : (real)1;
    }

    /* Gram mode: SSE = ||R0||^2 + sum_j W_j (GW_j - 2 B_j); out[(a0+ai)*w + q] = score. */
    __kernel void nls_ridge_score_gram(const int k, const int w, const int na, const int a0, const int nte,
                                       const int metric, __global const real* wm, __global const real* gw,
                                       __global const real* b, __global const real* stats, __global real* out) {
        const int col = get_global_id(0);
        const int width = na * w;
        if (col >= width) return;
        const int ai = col / w, q = col - ai * w;
        acc s = 0;
        for (int j = 0; j < k; j++) {
            s += (acc)wm[j * width + col] * ((acc)gw[j * width + col] - 2 * (acc)b[j * w + q]);
        }
        s += (acc)stats[q];
        out[(a0 + ai) * w + q] = nls_ridge_score(s, (acc)stats[w + q], nte, metric);
    }

    /* Direct mode: SSE = ||R0 - P||^2 with P = A W (nte x width). */
    __kernel void nls_ridge_score_direct(const int w, const int na, const int a0, const int nte, const int metric,
                                         __global const real* pm, __global const real* r0,
                                         __global const real* stats, __global real* out) {
        const int col = get_global_id(0);
        const int width = na * w;
        if (col >= width) return;
        const int ai = col / w, q = col - ai * w;
        acc s = 0;
        for (int i = 0; i < nte; i++) {
            const acc r = (acc)r0[i * w + q] - (acc)pm[i * width + col];
            s += r * r;
        }
        out[(a0 + ai) * w + q] = nls_ridge_score(s, (acc)stats[w + q], nte, metric);
    }
    """)

    /// Per-fold targets on the device: Ytr (centred train rows), R0 (test rows minus the
    /// train means) and stats (2 × w: ‖R0‖², SS_tot).
    struct Targets {
        let ytr: DeviceArray, r0: DeviceArray, stats: DeviceArray
        let nTest: Int
    }

    static func targets(_ be: ComputeBackend, _ y: DeviceArray, train: [Int], test: [Int], center: Bool) throws -> Targets {
        let ytr = try be.gatherRows(y, rows: train, minus: nil)
        let mean: DeviceArray? = center ? try be.columnMeans(ytr) : nil
        if let mean = mean { try be.subtractRow(ytr, mean) }
        let r0 = try be.gatherRows(y, rows: test, minus: mean)
        let stats = try be.allocate(rows: 2, cols: y.cols)
        try be.launch(program, "nls_ridge_fold_stats", global: [y.cols],
                      [.int(test.count), .int(y.cols), .array(r0), .array(stats)])
        return Targets(ytr: ytr, r0: r0, stats: stats, nTest: test.count)
    }

    /// For every alpha a, W = diag(d[:, a])·C and the per-target score of A·W against R0
    /// ("gram" mode through G = AᵀA and B = AᵀR0 when both are given), written to rows
    /// row0 ..< row0 + m of `out` (alpha-major, w columns), which stays on the device.
    static func alphaScores(_ be: ComputeBackend, c: DeviceArray, d: NDArray, a: DeviceArray, gram: (g: DeviceArray, b: DeviceArray)?,
                            targets tg: Targets, metric: RegressionMetric, alphaChunk: Int,
                            into out: DeviceArray, row0: Int) throws {
        let k = c.rows, w = c.cols, m = d.shape[1], nte = tg.nTest
        guard d.shape[0] == k, a.cols == k, a.rows == nte, tg.r0.cols == w, out.cols == w, row0 >= 0, row0 + m <= out.rows else {
            throw LearnError("alpha sweep: inconsistent shapes C \(c.shape), d \(d.shape), A \(a.shape), R0 \(tg.r0.shape), scores \(out.shape) from row \(row0)")
        }
        if m == 0 || w == 0 { return }
        let dm = try be.upload(d)
        let metricCode = metric == .r2 ? 0 : 1
        let chunk = max(1, min(m, alphaChunk))
        for a0 in stride(from: 0, to: m, by: chunk) {
            let na = min(chunk, m - a0), width = na * w
            let wm = try be.allocate(rows: k, cols: width)
            try be.launch(program, "nls_ridge_scale", global: [width, k],
                          [.int(k), .int(w), .int(na), .int(m), .int(a0), .array(dm), .array(c), .array(wm)])
            if let (g, b) = gram {
                let gw = try be.gemm(g, wm, transA: false, transB: false, alpha: 1)
                try be.launch(program, "nls_ridge_score_gram", global: [width],
                              [.int(k), .int(w), .int(na), .int(row0 + a0), .int(nte), .int(metricCode),
                               .array(wm), .array(gw), .array(b), .array(tg.stats), .array(out)])
            } else {
                let pm = try be.gemm(a, wm, transA: false, transB: false, alpha: 1)
                try be.launch(program, "nls_ridge_score_direct", global: [width],
                              [.int(w), .int(na), .int(row0 + a0), .int(nte), .int(metricCode),
                               .array(pm), .array(tg.r0), .array(tg.stats), .array(out)])
            }
        }
    }
}
