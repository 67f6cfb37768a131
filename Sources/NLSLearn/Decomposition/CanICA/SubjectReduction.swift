import NLSCompute

/// One subject's dimension reduction before the group step (nilearn 0.14
/// `_mask_and_reduce_single` after masking, and `_fast_svd`).
enum SubjectReduction {
    /// The subject's signals [time × voxels] → the first `k` (≤ time) principal voxel patterns
    /// scaled by their singular values [k × voxels]: `U.T * S` of svd(dataᵀ), as nilearn.
    static func reduce(_ data: NDArray, nComponents: Int, randomState: Int?, backend: ComputeBackend) throws -> NDArray {
        let k = min(nComponents, data.rows)   // nilearn: n_samples = min(n_components, n_volumes)
        let (u, s, _) = try fastSVD(data.transposedMatrix(), k, randomState: randomState, backend: backend)
        var out = u.transposedMatrix()
        Decomposition.scaleRows(&out, s.values)
        return out
    }

    /// nilearn's `_fast_svd(X, k)`: LAPACK's SVD (u-based `svd_flip`, truncated) when
    /// max(shape) ≤ 500 or k ≥ 0.8·min(shape); otherwise scikit-learn's randomized_svd with
    /// n_iter "auto", 10 oversamples, flip_sign, and a RandomState made from `randomState`.
    static func fastSVD(_ x: NDArray, _ k: Int, randomState: Int?,
                        backend: ComputeBackend) throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        let lo = min(x.rows, x.cols)
        let randomized = max(x.rows, x.cols) > 500 && k >= 1 && Double(k) < 0.8 * Double(lo)
        if randomized {
            return try RandomizedSVD.compute(x, nComponents: k, randomState: randomState, backend: backend,
                                             who: "CanICA subject reduction")
        }
        var (u, s, vt) = try backend.svd(x)
        Decomposition.svdFlip(&u, &vt, uBased: true)
        return (Decomposition.firstColumns(u, k), NDArray(Array(s.storage.prefix(k))), Decomposition.firstRows(vt, k))
    }
}
