import NLSCompute

/// What PCA, IncrementalPCA, FastICA and randomized_svd share: scikit-learn's `svd_flip`
/// sign rule, seeded random streams, input checks and the linear projection
/// (transform / inverse_transform of scikit-learn's `_BasePCA`).
enum Decomposition {
    /// scikit-learn 1.9's `svd_flip(u, v, u_based_decision)`: each column of U (u-based) or
    /// row of Vt (v-based) gets the sign that makes its largest-magnitude entry (the first
    /// one, on ties) positive; the matching row of Vt / column of U gets the same sign. An
    /// all-zero vector keeps its sign.
    static func svdFlip(_ u: inout NDArray, _ vt: inout NDArray, uBased: Bool) {
        let signs = uBased ? columnSigns(u) : columnSigns(vt.transposedMatrix())
        scaleColumns(&u, signs)
        scaleRows(&vt, signs)
    }

    /// The v-based `svd_flip` when U is not needed (PCA, IncrementalPCA).
    static func svdFlipRows(_ vt: inout NDArray) {
        scaleRows(&vt, columnSigns(vt.transposedMatrix()))
    }

    /// Per column, the sign of its first largest-magnitude entry (+1 for an all-zero column).
    static func columnSigns(_ a: NDArray) -> [Double] {
        let m = a.rows, c = a.cols
        return (0..<c).map { j in
            var best = 0.0, value = 0.0
            for i in 0..<m where abs(a.storage[i * c + j]) > best { best = abs(a.storage[i * c + j]); value = a.storage[i * c + j] }
            return value < 0 ? -1 : 1
        }
    }

    static func scaleColumns(_ a: inout NDArray, _ s: [Double]) {
        let c = a.cols
        for i in 0..<a.rows { for j in 0..<c { a.storage[i * c + j] *= s[j] } }
    }

    static func scaleRows(_ a: inout NDArray, _ s: [Double]) {
        let c = a.cols
        for i in 0..<a.rows { for j in 0..<c { a.storage[i * c + j] *= s[i] } }
    }

    /// The random stream of `random_state`: numpy's `RandomState(seed)` for an integer (the
    /// same numbers as scikit-learn), a seed from the session's generator for none.
    static func randomState(_ seed: Int?) throws -> NumpyRandomState {
        try NumpyRandomState(seed: seed ?? sessionSeed())
    }

    /// A seed for `random_state: none`, drawn from the session's generator (`set seed`), as
    /// scikit-learn draws from numpy's global one: reproducible from the session's seed, and
    /// the same on every rank of an MPI job (each runs the same script; a draw from the
    /// system's entropy would differ between ranks and split their models).
    static func sessionSeed() -> Int {
        Int(Random.shared.nextUInt64() & UInt64(UInt32.max))
    }

    /// A 2-D finite array with at least `minSamples` rows and one column.
    static func checkData(_ x: NDArray, _ who: String, minSamples: Int = 1) throws {
        try Check.features(x, who)
        guard x.rows >= minSamples else {
            throw LearnError("\(who): needs at least \(minSamples) samples (rows), got \(x.rows)")
        }
    }

    /// A finite 2-D array with `features` columns, for transform.
    static func checkTransformInput(_ x: NDArray, features: Int, _ who: String) throws {
        try Check.features(x, who)
        guard x.cols == features else {
            throw LearnError("\(who): X has \(x.cols) features (columns) but the estimator was fitted with \(features)")
        }
    }

    /// `_BasePCA.transform`: (X − mean)·Cᵀ, divided by √explained_variance when whitening
    /// (each scale at least machine epsilon, as scikit-learn).
    static func project(_ x: NDArray, components: NDArray, mean: [Double], whitenBy variance: [Double]?,
                        backend: ComputeBackend) throws -> NDArray {
        var z = try backend.gemm(x.centered(by: mean), components, transA: false, transB: true, alpha: 1)
        if let v = variance {
            let k = z.cols
            let scale = v.map { max($0.squareRoot(), Double.ulpOfOne) }
            for i in 0..<z.rows { for j in 0..<k { z.storage[i * k + j] /= scale[j] } }
        }
        return z
    }

    /// `_BasePCA.inverse_transform`: Z·C + mean, with C scaled by √explained_variance when whitening.
    static func reconstruct(_ z: NDArray, components: NDArray, mean: [Double], whitenBy variance: [Double]?,
                            backend: ComputeBackend, _ who: String) throws -> NDArray {
        guard z.ndim == 2, z.cols == components.rows else {
            throw LearnError("\(who): expected an array with \(components.rows) columns (one per component), got shape \(z.shape)")
        }
        guard z.isAllFinite else { throw LearnError("\(who): X contains NaN or infinity") }
        var c = components
        if let v = variance {
            let p = c.cols
            for i in 0..<c.rows { let s = v[i].squareRoot(); for j in 0..<p { c.storage[i * p + j] *= s } }
        }
        var x = try backend.gemm(z, c, transA: false, transB: false, alpha: 1)
        let p = x.cols
        for i in 0..<x.rows { for j in 0..<p { x.storage[i * p + j] += mean[j] } }
        return x
    }

    /// The first `k` rows of a matrix.
    static func firstRows(_ a: NDArray, _ k: Int) -> NDArray {
        NDArray(shape: [k, a.cols], storage: ContiguousArray(a.storage[0..<(k * a.cols)]))
    }

    /// The first `k` columns of a matrix.
    static func firstColumns(_ a: NDArray, _ k: Int) -> NDArray {
        a.takingColumns(0..<k)
    }
}

/// scikit-learn's `_BasePCA` (PCA, IncrementalPCA): the fitted axes, and transform,
/// inverse_transform and the shared attributes written once.
public protocol PrincipalAxes: Transformer {
    var components: NDArray? { get }
    var explainedVariance: [Double] { get }
    var explainedVarianceRatio: [Double] { get }
    var singularValues: [Double] { get }
    var mean: [Double] { get }
    var noiseVariance: Double { get }
    var whiten: Bool { get }
}

extension PrincipalAxes {
    public func transform(_ x: NDArray) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        try Decomposition.checkTransformInput(x, features: c.cols, "\(estimatorName).transform")
        return try Decomposition.project(x, components: c, mean: mean, whitenBy: whiten ? explainedVariance : nil, backend: backend)
    }

    public func inverseTransform(_ x: NDArray) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        return try Decomposition.reconstruct(x, components: c, mean: mean, whitenBy: whiten ? explainedVariance : nil,
                                             backend: backend, "\(estimatorName).inverse_transform")
    }

    func principalAxesAttribute(_ name: String) throws -> AttributeValue {
        guard let components = components else { throw notFitted() }
        switch name {
        case "components": return .array(components)
        case "explained_variance": return .array(NDArray(explainedVariance))
        case "explained_variance_ratio": return .array(NDArray(explainedVarianceRatio))
        case "singular_values": return .array(NDArray(singularValues))
        case "mean": return .array(NDArray(mean))
        case "noise_variance": return .float(noiseVariance)
        default: throw LearnError("\(estimatorName) has no attribute '\(name)'")
        }
    }
}
