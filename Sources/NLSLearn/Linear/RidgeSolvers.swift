import NLSCompute

/// Ridge solvers (sklearn `_ridge.py` `_solve_svd`, `_solve_cholesky`,
/// `_solve_cholesky_kernel`, plus an eigendecomposition solver), all through `ComputeBackend`.
public enum RidgeSolver: String, CaseIterable, Sendable {
    /// Same choice as scikit-learn for dense input without sample weights: cholesky.
    case auto, svd, cholesky, eigen
}

enum RidgeSolvers {
    /// Singular values at or below this are dropped, as sklearn's `_solve_svd` (s > 1e-15).
    static let svdCutoff = 1e-15

    /// Solves min ||Yc - Xc·Wᵀ||² + α||W||² for centred data. `alphas` has one value or one
    /// per target. Returns coef as targets × features.
    static func solve(xc: NDArray, yc: NDArray, alphas: [Double], solver: RidgeSolver,
                      backend: ComputeBackend) throws -> NDArray {
        switch solver {
        case .svd: return try svd(xc: xc, yc: yc, alphas: alphas, backend: backend)
        case .auto, .cholesky: return try cholesky(xc: xc, yc: yc, alphas: alphas, backend: backend)
        case .eigen: return try eigen(xc: xc, yc: yc, alphas: alphas, backend: backend)
        }
    }

    static func singular(_ solver: RidgeSolver) -> LearnError {
        LearnError("Ridge: alpha=0 with a singular (rank-deficient) X — the least-squares problem "
                   + "has no unique solution (solver \"\(solver.rawValue)\"). Use alpha > 0 (e.g. alpha=1e-6) "
                   + "or remove collinear/constant features; with fit_intercept the centred X has rank ≤ n_samples−1.")
    }

    /// Numerical rank test used when some alpha is exactly 0.
    static func rankDeficient(_ s: [Double], rows: Int, cols: Int) -> Bool {
        guard let smax = s.max(), smax > 0 else { return true }
        let tol = smax * Double(max(rows, cols)) * Double.ulpOfOne
        return s.count < min(rows, cols) || s.contains { $0 <= tol }
    }

    static func svd(xc: NDArray, yc: NDArray, alphas: [Double], backend: ComputeBackend) throws -> NDArray {
        let f = try svdFactors(xc, alphas: alphas, backend: backend)
        return try shrunkCoef(try backend.gemm(f.u, yc, transA: true, transB: false, alpha: 1), s: f.s, vt: f.vt,
                              alphas: alphas, backend: backend)
    }

    /// The thin SVD of the centred X, checked for a singular problem when some alpha is 0.
    static func svdFactors(_ xc: NDArray, alphas: [Double], backend: ComputeBackend) throws -> (u: NDArray, s: [Double], vt: NDArray) {
        let (u, sArr, vt) = try backend.svd(xc)
        let s = Array(sArr.storage)
        if alphas.contains(0), rankDeficient(s, rows: xc.rows, cols: xc.cols) { throw singular(.svd) }
        return (u, s, vt)
    }

    /// The svd solver with UᵀY on a device: Y is uploaded once, minus `yMeans` in the same
    /// pass (`ComputeBackend.upload(_:columns:minus:)`), and only UᵀY (k × t) comes back.
    static func svdOnDevice(xc: NDArray, y: NDArray, yMeans: [Double]?, alphas: [Double],
                            backend: ComputeBackend) throws -> NDArray {
        let f = try svdFactors(xc, alphas: alphas, backend: backend)
        let yd = try backend.upload(y, columns: 0..<y.cols, minus: yMeans)
        let uty = try backend.download(try backend.gemm(try backend.upload(f.u), yd, transA: true, transB: false, alpha: 1))
        return try shrunkCoef(uty, s: f.s, vt: f.vt, alphas: alphas, backend: backend)
    }

    /// coef = (D·UᵀY)ᵀ·Vt with D = diag(s / (s² + α)) per target.
    static func shrunkCoef(_ utyIn: NDArray, s: [Double], vt: NDArray, alphas: [Double], backend: ComputeBackend) throws -> NDArray {
        var uty = utyIn
        let k = s.count, t = uty.cols
        for j in 0..<k {
            for c in 0..<t {
                let a = alphas.count == 1 ? alphas[0] : alphas[c]
                let d = s[j] > svdCutoff ? s[j] / (s[j] * s[j] + a) : 0
                uty.storage[j * t + c] *= d
            }
        }
        // coef = (Vᵀᵀ · D·UᵀY)ᵀ = (D·UᵀY)ᵀ · Vt  (t × p)
        return try backend.gemm(uty, vt, transA: true, transB: false, alpha: 1)
    }

    static func addDiagonal(_ a: NDArray, _ v: Double) -> NDArray {
        var out = a
        let n = a.rows
        for i in 0..<n { out.storage[i * n + i] += v }
        return out
    }

    static func cholesky(xc: NDArray, yc: NDArray, alphas: [Double], backend: ComputeBackend) throws -> NDArray {
        let n = xc.rows, p = xc.cols, t = yc.cols
        let uniform = alphas.count == 1 || Set(alphas).count == 1
        if p > n {
            // Kernel (dual) form: W = Xᵀ (XXᵀ + αI)⁻¹ Y
            let kmat = try backend.syrk(xc, transA: false)      // n × n
            var dual: NDArray
            if uniform {
                dual = try spd(addDiagonal(kmat, alphas[0]), yc, alphas[0], backend)
            } else {
                dual = NDArray(zeros: [n, t])
                for c in 0..<t {
                    let col = NDArray(shape: [n, 1], yc.columnValues(c))
                    let x = try spd(addDiagonal(kmat, alphas[c]), col, alphas[c], backend)
                    for i in 0..<n { dual.storage[i * t + c] = x.storage[i] }
                }
            }
            return try backend.gemm(dual, xc, transA: true, transB: false, alpha: 1)   // t × p
        }
        let a = try backend.syrk(xc, transA: true)                         // p × p
        let xy = try backend.gemm(xc, yc, transA: true, transB: false, alpha: 1)   // p × t
        if uniform {
            let w = try spd(addDiagonal(a, alphas[0]), xy, alphas[0], backend)   // p × t
            return w.transposedMatrix()
        }
        var coef = NDArray(zeros: [t, p])
        for c in 0..<t {
            let col = NDArray(shape: [p, 1], xy.columnValues(c))
            let w = try spd(addDiagonal(a, alphas[c]), col, alphas[c], backend)
            for j in 0..<p { coef.storage[c * p + j] = w.storage[j] }
        }
        return coef
    }

    private static func spd(_ a: NDArray, _ b: NDArray, _ alpha: Double, _ backend: ComputeBackend) throws -> NDArray {
        do {
            let x = try backend.solveSPD(a, b)
            guard x.isAllFinite else { throw singular(.cholesky) }
            if alpha == 0 {
                // Cholesky can succeed on a numerically singular Gram matrix; check its spectrum.
                let ev = try backend.eigh(a).values.storage
                let mx = ev.max() ?? 0
                if mx <= 0 || (ev.min() ?? 0) <= mx * Double(a.rows) * 1e3 * Double.ulpOfOne { throw singular(.cholesky) }
            }
            return x
        } catch let e as ComputeError {
            if alpha == 0 { throw singular(.cholesky) }
            throw LearnError("Ridge (cholesky): \(e.message); try solver \"svd\"")
        }
    }

    static func eigen(xc: NDArray, yc: NDArray, alphas: [Double], backend: ComputeBackend) throws -> NDArray {
        let n = xc.rows, p = xc.cols, t = yc.cols
        let kernel = p > n
        let gram = kernel ? try backend.syrk(xc, transA: false) : try backend.syrk(xc, transA: true)
        let (lamArr, q) = try backend.eigh(gram)
        let lam = Array(lamArr.storage)
        let m = lam.count
        if alphas.contains(0) {
            let mx = lam.max() ?? 0
            if mx <= 0 || lam.contains(where: { $0 <= mx * Double(max(n, p)) * 1e3 * Double.ulpOfOne }) { throw singular(.eigen) }
        }
        // rhs: kernel → Y (n × t), primal → XᵀY (p × t)
        let rhs = kernel ? yc : try backend.gemm(xc, yc, transA: true, transB: false, alpha: 1)
        var qtr = try backend.gemm(q, rhs, transA: true, transB: false, alpha: 1)   // m × t
        for j in 0..<m {
            for c in 0..<t {
                let a = alphas.count == 1 ? alphas[0] : alphas[c]
                let den = max(lam[j], 0) + a
                qtr.storage[j * t + c] = den > 0 ? qtr.storage[j * t + c] / den : 0
            }
        }
        let sol = try backend.gemm(q, qtr, transA: false, transB: false, alpha: 1)   // m × t
        if kernel {
            return try backend.gemm(sol, xc, transA: true, transB: false, alpha: 1)  // t × p
        }
        return sol.transposedMatrix()
    }
}
