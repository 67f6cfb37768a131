/// OpenCL C kernels of the OpenCL backend (general operations only), compiled once per context and precision
/// (`-DREAL=float|double -DACC=float|double`). `real` is the storage type of device
/// buffers; `acc` the accumulator of reductions (double whenever the device has fp64,
/// so float32 storage still sums in double).
enum OpenCLKernels {
    static func options(precision: DevicePrecision, fp64: Bool) -> String {
        let real = precision == .float64 ? "double" : "float"
        let acc = fp64 ? "double" : "float"
        return "-DREAL=\(real) -DACC=\(acc)" + (fp64 ? " -DNLS_FP64=1" : "")
    }

    /// Types every program starts with (libraries' programs too, see `DeviceProgram`).
    static let prelude = """
    #ifdef NLS_FP64
    #pragma OPENCL EXTENSION cl_khr_fp64 : enable
    #endif
    typedef REAL real;
    typedef ACC acc;

    """

    static let source = prelude + """

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

    /* mean[q] = mean of column q over all n rows (0 when n == 0). */
    __kernel void nls_column_means(const int n, const int w, __global const real* a, __global real* mean) {
        const int q = get_global_id(0);
        if (q >= w) return;
        acc s = 0;
        for (int r = 0; r < n; r++) s += (acc)a[r * w + q];
        mean[q] = n > 0 ? (real)(s / (acc)n) : (real)0;
    }

    /* out[r, q] = a[rows[r], q] - (use_offset ? offset[q] : 0) */
    __kernel void nls_gather_rows(const int nr, const int w, __global const real* a, __global const int* rows,
                                  const int use_offset, __global const real* offset, __global real* out) {
        const int q = get_global_id(0), r = get_global_id(1);
        if (q < w && r < nr) out[r * w + q] = a[rows[r] * w + q] - (use_offset ? offset[q] : (real)0);
    }

    /* a[i, q] -= row[q] */
    __kernel void nls_subtract_row(const int n, const int w, __global const real* row, __global real* a) {
        const int q = get_global_id(0), i = get_global_id(1);
        if (q < w && i < n) a[i * w + q] -= row[q];
    }
    """
}
