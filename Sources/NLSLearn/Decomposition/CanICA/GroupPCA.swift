import NLSCompute

/// nilearn 0.14 `_MultiPCA._raw_fit`: the group step on the stacked subject reductions
/// [n_subjects·k × voxels].
enum GroupPCA {
    /// CCA normalisation (each row divided by its L2 norm; zero rows kept) when `doCCA`, then
    /// randomized_svd(dataᵀ, k, transpose=True, n_iter=3): the group maps [k × voxels]
    /// (Uᵀ) and their singular values (nilearn's `variance_`).
    static func fit(_ stacked: NDArray, nComponents k: Int, doCCA: Bool, randomState: Int?,
                    backend: ComputeBackend) throws -> (maps: NDArray, variance: [Double]) {
        var data = stacked
        if doCCA {
            let c = data.cols
            for i in 0..<data.rows {
                var ss = 0.0
                for j in 0..<c { ss += data.storage[i * c + j] * data.storage[i * c + j] }
                let norm = ss.squareRoot()
                if norm != 0 { for j in 0..<c { data.storage[i * c + j] /= norm } }
            }
        }
        let (u, s, _) = try RandomizedSVD.compute(data.transposedMatrix(), nComponents: k, nIter: 3, transpose: true,
                                                  randomState: randomState, backend: backend, who: "CanICA group PCA")
        return (u.transposedMatrix(), s.values)
    }
}
