/// OpenCL C kernels of the OpenCL backend, compiled once per context and precision
/// (`-DREAL=float|double -DACC=float|double`). `real` is the storage type of device
/// buffers; `acc` the accumulator of reductions (double whenever the device has fp64,
/// so float32 storage still sums in double).
enum OpenCLKernels {
    static func options(precision: DevicePrecision, fp64: Bool) -> String {
        let real = precision == .float64 ? "double" : "float"
        let acc = fp64 ? "double" : "float"
        return "-DREAL=\(real) -DACC=\(acc)" + (fp64 ? " -DNLS_FP64=1" : "")
    }

    static let source = """
    #ifdef NLS_FP64
    #pragma OPENCL EXTENSION cl_khr_fp64 : enable
    #endif
    typedef REAL real;
    typedef ACC acc;

    /* Lower triangle of an n x n row-major matrix := upper triangle. */
    __kernel void nls_symmetrize(const int n, __global real* c) {
        const int j = get_global_id(0), i = get_global_id(1);
        if (i < n && j < i) c[i * n + j] = c[j * n + i];
    }

    /* out[i] = value */
    __kernel void nls_fill(const int count, const real value, __global real* out) {
        const int i = get_global_id(0);
        if (i < count) out[i] = value;
    }

    /* mean[q] = mean over the listed rows of y[:, q] (0 when center == 0). */
    __kernel void nls_rows_mean(const int nr, const int w, const int center, __global const real* y,
                                __global const int* rows, __global real* mean) {
        const int q = get_global_id(0);
        if (q >= w) return;
        acc s = 0;
        if (center) { for (int r = 0; r < nr; r++) s += (acc)y[rows[r] * w + q]; }
        mean[q] = (center && nr > 0) ? (real)(s / (acc)nr) : (real)0;
    }

    /* out[r, q] = y[rows[r], q] - mean[q] */
    __kernel void nls_gather_center(const int nr, const int w, __global const real* y, __global const int* rows,
                                    __global const real* mean, __global real* out) {
        const int q = get_global_id(0), r = get_global_id(1);
        if (q < w && r < nr) out[r * w + q] = y[rows[r] * w + q] - mean[q];
    }

    /* stats[q] = sum r0^2; stats[w + q] = SS_tot of the test rows (0 for a constant column). */
    __kernel void nls_fold_stats(const int n, const int w, __global const real* r0, __global real* stats) {
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

    real nls_score(const acc sse, const acc sst, const int nte, const int metric) {
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
        out[(a0 + ai) * w + q] = nls_score(s, (acc)stats[w + q], nte, metric);
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
        out[(a0 + ai) * w + q] = nls_score(s, (acc)stats[w + q], nte, metric);
    }
    """
}
