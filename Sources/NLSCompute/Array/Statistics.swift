/// Statistics helpers with numpy / scipy semantics.
extension NDArray {
    /// numpy `cov(x, rowvar, ddof)`: rows are variables when `rowVar` (numpy's default),
    /// normalised by `n - ddof` (numpy default ddof = 1). 1-D input is one variable.
    public static func cov(_ x: NDArray, rowVar: Bool = true, ddof: Int = 1) throws -> NDArray {
        guard x.ndim == 1 || x.ndim == 2 else { throw ComputeError("cov: expected a 1-D or 2-D array, got shape \(x.shapeDescription)") }
        var m = x.ndim == 1 ? x.reshaped([1, x.size]) : x
        if !rowVar && x.ndim == 2 { m = m.T }
        let vars = m.shape[0], n = m.shape[1]
        let mean = try m.mean(axis: 1, keepdims: true)
        let xc = try (m.astype(.float64) - mean)
        let fact = Double(n) - Double(ddof)
        var c = try CPUBackend.shared.gemm(xc, xc, transA: false, transB: true, alpha: 1)
        c.storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] /= fact } }
        if x.ndim == 1 || vars == 1 { return NDArray(shape: [], storage: c.storage, dtype: .float64) }
        return c
    }

    /// numpy `corrcoef(x)`: Pearson correlations between rows (variables), clipped to [-1, 1].
    public static func corrcoef(_ x: NDArray, rowVar: Bool = true) throws -> NDArray {
        let c = try cov(x, rowVar: rowVar)
        if c.ndim == 0 { return NDArray(scalar: c.storage[0] / c.storage[0]) }
        let n = c.shape[0]
        var r = c
        let d = (0..<n).map { c.storage[$0 * n + $0].squareRoot() }
        for i in 0..<n { for j in 0..<n {
            let v = c.storage[i * n + j] / d[i] / d[j]
            r.storage[i * n + j] = v.isNaN ? v : Swift.min(Swift.max(v, -1), 1)
        } }
        return r
    }

    /// Pearson correlation of two 1-D arrays.
    public static func pearson(_ a: NDArray, _ b: NDArray) throws -> Double {
        guard a.ndim == 1, b.ndim == 1, a.size == b.size else {
            throw ComputeError("pearson: expected two 1-D arrays of the same length, got shapes \(a.shapeDescription) and \(b.shapeDescription)")
        }
        return try corrcoef(vstack([a, b])).storage[1]
    }

    /// scipy.stats `zscore(a, axis=0, ddof=0)`: (a - mean) / std along `axis` (nil = all).
    /// Constant lanes give NaN, like scipy.
    public func zscore(axis: Int? = 0, ddof: Int = 0) throws -> NDArray {
        let m = try mean(axis: axis, keepdims: true)
        let s = try std(axis: axis, ddof: ddof, keepdims: true)
        if dtype == .float64 {
            // fused (x - m) / s, same rounding as the two-step numpy expression
            let (outer, n, inner, _) = try reductionLayout(axis, keepdims: true)
            let out = Storage.make(size) { o in
                storage.withUnsafeBufferPointer { src in
                    m.storage.withUnsafeBufferPointer { mp in
                        s.storage.withUnsafeBufferPointer { sp in
                            for k in 0..<outer { for i in 0..<n {
                                let b = (k * n + i) * inner, ob = k * inner
                                for j in 0..<inner { o[b + j] = (src[b + j] - mp[ob + j]) / sp[ob + j] }
                            } }
                        }
                    }
                }
            }
            return NDArray(shape: shape, storage: out, dtype: .float64)
        }
        return try (self - m) / s
    }
}
