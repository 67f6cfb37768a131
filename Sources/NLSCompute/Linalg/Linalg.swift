import Foundation

/// numpy.linalg-like functions. All heavy work goes through a `ComputeBackend`.
public enum Linalg {
    /// Thin SVD (numpy `svd(a, full_matrices=False)`): `u` (m×k), `s` (k, descending), `vt` (k×n).
    public static func svd(_ a: NDArray, backend: ComputeBackend = CPUBackend.shared) throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        try backend.svd(try float2D(a, "svd"))
    }

    /// Symmetric eigen-decomposition: ascending eigenvalues, eigenvectors as columns.
    public static func eigh(_ a: NDArray, backend: ComputeBackend = CPUBackend.shared) throws -> (values: NDArray, vectors: NDArray) {
        let m = try square(a, "eigh")
        return try backend.eigh(m)
    }

    /// Solves A·x = b (b 1-D or 2-D); throws on a singular matrix.
    public static func solve(_ a: NDArray, _ b: NDArray, backend: ComputeBackend = CPUBackend.shared) throws -> NDArray {
        let m = try square(a, "solve")
        guard b.ndim == 1 || b.ndim == 2 else { throw ComputeError("solve: b must be 1-D or 2-D, got shape \(b.shapeDescription)") }
        guard b.shape[0] == m.shape[0] else {
            throw ComputeError("solve: b has \(b.shape[0]) rows but a is \(m.shape[0])×\(m.shape[0])")
        }
        return try backend.solve(m, b.astype(.float64))
    }

    /// Least squares (numpy `lstsq`, gelsd): minimises ‖a·x − b‖₂. `rcond` nil uses numpy's
    /// default `eps · max(m, n)`. `residuals` is empty unless rank = n < m (as numpy).
    public static func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double? = nil, backend: ComputeBackend = CPUBackend.shared)
        throws -> (x: NDArray, residuals: NDArray, rank: Int, s: NDArray) {
        let m2 = try float2D(a, "lstsq")
        guard b.ndim == 1 || b.ndim == 2 else { throw ComputeError("lstsq: b must be 1-D or 2-D, got shape \(b.shapeDescription)") }
        guard b.shape[0] == m2.shape[0] else {
            throw ComputeError("lstsq: incompatible dimensions: a has \(m2.shape[0]) rows, b has \(b.shape[0])")
        }
        let (m, n) = (m2.shape[0], m2.shape[1])
        let rc = rcond ?? Double.ulpOfOne * Double(Swift.max(m, n))
        let r = try backend.lstsq(m2, b.astype(.float64), rcond: rc)
        var residuals = NDArray(zeros: [0])
        if r.rank == n && m > n {
            let fit = try NDArray.matmul(m2, r.x, backend: backend)
            let d = try (fit - b.astype(.float64))
            residuals = try (d * d).sum(axis: 0)
            if b.ndim == 1 { residuals = residuals.reshaped([1]) }
        }
        return (r.x, residuals, r.rank, r.s)
    }

    /// Moore–Penrose pseudo-inverse via SVD; singular values ≤ rtol·max(s) are dropped
    /// (numpy default rtol = max(m, n)·eps).
    public static func pinv(_ a: NDArray, rtol: Double? = nil, backend: ComputeBackend = CPUBackend.shared) throws -> NDArray {
        let m = try float2D(a, "pinv")
        let (u, s, vt) = try backend.svd(m)
        let cutoff = (rtol ?? Double.ulpOfOne * Double(Swift.max(m.shape[0], m.shape[1]))) * (s.storage.max() ?? 0)
        var us = u  // u · diag(1/s)
        let k = s.size
        for j in 0..<k {
            let inv = s.storage[j] > cutoff ? 1 / s.storage[j] : 0
            for i in 0..<u.shape[0] { us.storage[i * k + j] *= inv }
        }
        return try backend.gemm(vt, us, transA: true, transB: true, alpha: 1)
    }

    /// Inverse of a square matrix (solve against the identity); throws when singular.
    public static func inv(_ a: NDArray, backend: ComputeBackend = CPUBackend.shared) throws -> NDArray {
        let m = try square(a, "inv")
        return try backend.solve(m, try NDArray.eye(m.shape[0]))
    }

    /// Determinant by LU with partial pivoting (small matrices; plain Swift).
    public static func det(_ a: NDArray) throws -> Double {
        let m = try square(a, "det")
        let n = m.shape[0]
        var lu = Array(m.storage)
        var d = 1.0
        for c in 0..<n {
            var p = c
            for r in (c + 1)..<Swift.max(n, c + 1) where Swift.abs(lu[r * n + c]) > Swift.abs(lu[p * n + c]) { p = r }
            if lu[p * n + c] == 0 { return 0 }
            if p != c { for j in 0..<n { lu.swapAt(c * n + j, p * n + j) }; d = -d }
            let piv = lu[c * n + c]
            d *= piv
            for r in (c + 1)..<Swift.max(n, c + 1) {
                let f = lu[r * n + c] / piv
                if f != 0 { for j in c..<n { lu[r * n + j] -= f * lu[c * n + j] } }
            }
        }
        return d
    }

    /// numpy `norm`: vectors → 2-norm (or `ord` 1, inf, any p); matrices → Frobenius
    /// ("fro") or spectral (`ord: 2`); with `axis`, vector norms along that axis.
    public static func norm(_ a: NDArray, ord: Double? = nil, axis: Int? = nil, backend: ComputeBackend = CPUBackend.shared) throws -> NDArray {
        if let axis = axis {
            let ax = try NDArray.normalizeAxis(axis, ndim: a.ndim)
            let o = ord ?? 2
            let x = a.astype(.float64).abs()
            if o == .infinity { return try x.max(axis: ax) }
            if o == 1 { return try x.sum(axis: ax) }
            if o == 2 { return try (x * x).sum(axis: ax).sqrt() }
            return try x.pow(o).sum(axis: ax).pow(1 / o)
        }
        if a.ndim == 2, let o = ord {
            guard o == 2 else { throw ComputeError("norm: unsupported matrix order \(o); use nil (Frobenius) or 2") }
            let s = try backend.svd(a.astype(.float64)).s
            return NDArray(scalar: s.storage.first ?? 0)
        }
        let x = a.astype(.float64).abs().ravel()
        let o = ord ?? 2
        if o == 2 {
            // scaled sum of squares, exact for the usual sizes and overflow-safe
            return NDArray(scalar: try x.dot(x).squareRoot())
        }
        if o == .infinity { return NDArray(scalar: x.storage.max() ?? 0) }
        if o == 1 { return NDArray(scalar: x.sumValue) }
        return NDArray(scalar: Foundation.pow(try x.pow(o).sumValue, 1 / o))
    }

    /// Frobenius norm (string form of numpy's `ord="fro"`).
    public static func norm(_ a: NDArray, ord: String) throws -> NDArray {
        guard ord == "fro" else { throw ComputeError("norm: invalid norm order '\(ord)'") }
        return try norm(a)
    }

    static func float2D(_ a: NDArray, _ what: String) throws -> NDArray {
        guard a.ndim == 2 else { throw ComputeError("\(what): expected a 2-D array, got shape \(a.shapeDescription)") }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw ComputeError("\(what): array must not contain infs or NaNs") }
        return a.astype(.float64)
    }

    static func square(_ a: NDArray, _ what: String) throws -> NDArray {
        let m = try float2D(a, what)
        guard m.shape[0] == m.shape[1] else {
            throw ComputeError("\(what): last 2 dimensions of the array must be square, got shape \(a.shapeDescription)")
        }
        return m
    }
}
