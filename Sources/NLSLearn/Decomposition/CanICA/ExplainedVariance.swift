import NLSCompute

/// nilearn 0.14 `_explained_variance(X, components, per_component)` on data [samples × voxels].
enum ExplainedVariance {
    static func compute(_ x: NDArray, components: NDArray, perComponent: Bool, backend: ComputeBackend) throws -> NDArray {
        let k = components.rows, p = components.cols
        var c = components
        for i in 0..<k {   // rows scaled to unit norm (zero rows left alone)
            var ss = 0.0
            for j in 0..<p { ss += c.storage[i * p + j] * c.storage[i * p + j] }
            let norm = ss.squareRoot()
            if norm != 0 { for j in 0..<p { c.storage[i * p + j] /= norm } }
        }
        if perComponent {
            // 1 − var(X − outer(C_i·Xᵀ, C_i)) / var(X), floored at 0.
            let full = variance(x.storage)
            let projected = try backend.gemm(x, c, transA: false, transB: true, alpha: 1)   // [samples × k]
            return NDArray((0..<k).map { i in
                var res = x.storage
                for s in 0..<x.rows {
                    let a = projected.storage[s * k + i]
                    for j in 0..<p { res[s * p + j] -= a * c.storage[i * p + j] }
                }
                return max(0, 1 - variance(res) / full)
            })
        }
        // A linear regression of each sample on the maps, with an intercept that the residual
        // leaves out (as nilearn's `X - lr.coef_.dot(components)`).
        let ct = c.transposedMatrix()   // [voxels × k]: voxels are the regression's samples
        let design = ct.centered(by: ct.columnMeans())
        let xt = x.transposedMatrix()
        let coef = try Linalg.lstsq(design, xt.centered(by: xt.columnMeans()), backend: backend).x   // [k × samples]
        let fit = try backend.gemm(coef, c, transA: true, transB: false, alpha: 1)
        var resSS = 0.0, totalSS = 0.0
        for i in x.storage.indices {
            let r = x.storage[i] - fit.storage[i]
            resSS += r * r; totalSS += x.storage[i] * x.storage[i]
        }
        return NDArray([max(0, 1 - resSS / totalSS)])
    }

    private static func variance(_ v: ContiguousArray<Double>) -> Double {
        let mean = v.reduce(0, +) / Double(v.count)
        return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
    }
}
