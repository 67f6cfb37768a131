import NLSCompute

/// How the sample basis is renormalised between power iterations (scikit-learn's
/// `power_iteration_normalizer`).
public enum PowerIterationNormalizer: String, CaseIterable, Sendable {
    /// "none" for n_iter ≤ 2, else "LU" (scikit-learn's choice for numpy arrays).
    case auto
    case qr = "QR"
    case lu = "LU"
    case none
}

/// Truncated randomized SVD (Halko, Martinsson & Tropp 2011, Algorithm 4.4 with power
/// iterations), as scikit-learn 1.9's `sklearn.utils.extmath.randomized_svd`:
///
/// 1. M is transposed when it has fewer rows than columns (`transpose="auto"`), or as told.
/// 2. Ω = RandomState(random_state).normal(size=(n_features, n_components + n_oversamples)),
///    numpy's own stream for an integer seed, so the result equals scikit-learn's up to
///    rounding.
/// 3. `n_iter` power iterations Q ← norm(M·Q), Q ← norm(Mᵀ·Q) with norm = LU (SciPy
///    `lu(permute_l=True)`), QR or none; then Q = qr(M·Q).
/// 4. B = Qᵀ·M, (Û, s, Vt) = svd(B), U = Q·Û, `svd_flip` (u-based, or v-based when
///    transposed), truncated to n_components.
///
/// All products and factorisations go through the backend.
public enum RandomizedSVD {
    /// n_iter "auto": 7 when n_components < 0.1·min(shape), else 4 (scikit-learn #5299).
    public static func autoIterations(nComponents: Int, shape: [Int]) -> Int {
        Double(nComponents) < 0.1 * Double(min(shape[0], shape[1])) ? 7 : 4
    }

    public static func compute(_ m: NDArray, nComponents: Int, nOversamples: Int = 10, nIter: Int? = nil,
                               normalizer: PowerIterationNormalizer = .auto, flipSign: Bool = true,
                               transpose: Bool? = nil,
                               randomState: Int? = nil, backend: ComputeBackend = CPUBackend.shared,
                               who: String = "randomized_svd") throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        var rng = try Decomposition.randomState(randomState)
        return try compute(m, nComponents: nComponents, nOversamples: nOversamples, nIter: nIter,
                           normalizer: normalizer, flipSign: flipSign, transpose: transpose, rng: &rng,
                           backend: backend, who: who)
    }

    /// The same, drawing from a caller's stream (PCA passes its RandomState on, as scikit-learn).
    static func compute(_ m: NDArray, nComponents k: Int, nOversamples: Int, nIter: Int?,
                        normalizer: PowerIterationNormalizer, flipSign: Bool, transpose forced: Bool? = nil,
                        rng: inout NumpyRandomState,
                        backend: ComputeBackend, who: String) throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        try Decomposition.checkData(m, who)
        let lo = min(m.rows, m.cols)
        guard k >= 1, k <= lo else {
            throw LearnError("\(who): n_components=\(k) must be between 1 and min(n_rows, n_cols)=\(lo)")
        }
        guard nOversamples >= 0 else { throw LearnError("\(who): n_oversamples must be ≥ 0, got \(nOversamples)") }
        let iterations = nIter ?? autoIterations(nComponents: k, shape: m.shape)
        guard iterations >= 0 else { throw LearnError("\(who): n_iter must be ≥ 0, got \(iterations)") }
        let (size, overflow) = k.addingReportingOverflow(nOversamples)
        guard !overflow, size <= 1 << 20 else { throw LearnError("\(who): n_components + n_oversamples is too large") }
        // A = Mᵀ when M is wide (or when the caller says so, as nilearn's group PCA does);
        // the flags below use M's storage as A without copying it.
        let transpose = forced ?? (m.rows < m.cols)
        let q = try rangeFinder(m, transpose: transpose, size: size, nIter: iterations,
                                normalizer: normalizer, rng: &rng, backend: backend)
        let b = try backend.gemm(q, m, transA: true, transB: transpose, alpha: 1)   // Qᵀ·A
        let (uHat, s, vtFull) = try backend.svd(b)
        var u = try backend.gemm(q, uHat, transA: false, transB: false, alpha: 1)
        var vt = vtFull
        if flipSign { Decomposition.svdFlip(&u, &vt, uBased: !transpose) }
        let kk = min(k, s.size)
        let sk = NDArray(Array(s.storage[0..<kk]))
        if transpose {
            return (Decomposition.firstRows(vt, kk).transposedMatrix(), sk,
                    Decomposition.firstColumns(u, kk).transposedMatrix())
        }
        return (Decomposition.firstColumns(u, kk), sk, Decomposition.firstRows(vt, kk))
    }

    /// scikit-learn's `_randomized_range_finder` on A (= M, or Mᵀ when `transpose`): an
    /// orthonormal basis (rows(A) × size at most) of A's approximate range.
    static func rangeFinder(_ m: NDArray, transpose: Bool, size: Int, nIter: Int, normalizer: PowerIterationNormalizer,
                            rng: inout NumpyRandomState, backend: ComputeBackend) throws -> NDArray {
        let aCols = transpose ? m.rows : m.cols
        var q = try rng.normal(rows: aCols, cols: size)
        var norm = normalizer
        if norm == .auto { norm = nIter <= 2 ? .none : .lu }
        func normalize(_ y: NDArray) throws -> NDArray {
            switch norm {
            case .qr: return try backend.qr(y).q
            case .lu: return try backend.lu(y).pl
            case .none, .auto: return y
            }
        }
        for _ in 0..<nIter {
            q = try normalize(try backend.gemm(m, q, transA: transpose, transB: false, alpha: 1))    // A·Q
            q = try normalize(try backend.gemm(m, q, transA: !transpose, transB: false, alpha: 1))   // Aᵀ·Q
        }
        return try backend.qr(try backend.gemm(m, q, transA: transpose, transB: false, alpha: 1)).q
    }
}
