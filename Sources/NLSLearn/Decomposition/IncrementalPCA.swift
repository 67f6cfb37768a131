import NLSCompute

/// Incremental PCA with scikit-learn 1.9's algorithm (`sklearn.decomposition.IncrementalPCA`,
/// Ross et al. 2008): each batch is centred on its own mean and stacked under the previous
/// components scaled by their singular values, plus one mean-correction row
/// √(n_seen·n_batch / n_total)·(mean_seen − mean_batch); the SVD of that stack (v-based
/// `svd_flip`) gives the new components. Running means and variances follow
/// `_incremental_mean_and_var`. `fit` resets and runs `partial_fit` over batches of
/// `batch_size` rows (none: 5·n_features), the last batch absorbing a remainder smaller than
/// n_components (scikit-learn's `gen_batches(min_batch_size=n_components)`).
public final class IncrementalPCA: PrincipalAxes {
    public static let typeName = "IncrementalPCA"
    public static let summary = "Incremental principal component analysis (scikit-learn IncrementalPCA): PCA one batch at a time, with partial_fit."
    public static let parameterSpecs = [
        ParameterSpec("n_components", .optionalInt, default: .none,
                      doc: "Number of components; none keeps min(n_samples of the first batch, n_features)."),
        ParameterSpec("whiten", .bool, default: .bool(false),
                      doc: "Divide the projections by the singular values (unit component-wise variance)."),
        ParameterSpec("batch_size", .optionalInt, default: .none,
                      doc: "Rows per batch in fit; none uses 5·n_features."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("components", .array, doc: "Principal axes [n_components × features]."),
        AttributeSpec("explained_variance", .array, doc: "Variance of each component."),
        AttributeSpec("explained_variance_ratio", .array, doc: "Fraction of the total variance of each component."),
        AttributeSpec("singular_values", .array, doc: "Singular values of each component."),
        AttributeSpec("mean", .array, doc: "Per-feature running mean."),
        // scikit-learn's var_; `var` is an nls keyword.
        AttributeSpec("variance", .array, doc: "Per-feature running variance (sklearn var_)."),
        AttributeSpec("noise_variance", .float, doc: "Probabilistic PCA noise variance."),
        AttributeSpec("n_samples_seen", .int, doc: "Samples seen by fit / partial_fit so far."),
    ]

    public var nComponents: Int?
    public var whiten = false
    public var batchSize: Int?
    public var backend: ComputeBackend = CPUBackend.shared

    public private(set) var components: NDArray?
    public private(set) var explainedVariance: [Double] = []
    public private(set) var explainedVarianceRatio: [Double] = []
    public private(set) var singularValues: [Double] = []
    public private(set) var mean: [Double] = []
    public private(set) var variance: [Double] = []
    public private(set) var noiseVariance = 0.0
    public private(set) var nSamplesSeen = 0

    public init() {}

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "n_components": return nComponents.map { .int($0) } ?? ParamValue.none
        case "whiten": return .bool(whiten)
        case "batch_size": return batchSize.map { .int($0) } ?? ParamValue.none
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        let who = estimatorName
        switch name {
        case "n_components": nComponents = try ParamRead.optionalInt(value, who, name, min: 1)
        case "whiten": whiten = try ParamRead.bool(value, who, name)
        case "batch_size": batchSize = try ParamRead.optionalInt(value, who, name, min: 1)
        default: throw unknownParameter(name)
        }
    }

    public var isFitted: Bool { components != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard components != nil else { throw notFitted() }
        switch name {
        case "variance": return .array(NDArray(variance))
        case "n_samples_seen": return .int(nSamplesSeen)
        default: return try principalAxesAttribute(name)
        }
    }

    /// Forgets everything fitted (fit starts from here).
    public func reset() {
        components = nil; explainedVariance = []; explainedVarianceRatio = []; singularValues = []
        mean = []; variance = []; noiseVariance = 0; nSamplesSeen = 0
    }

    /// scikit-learn's `gen_batches(n, batch_size, min_batch_size)`.
    static func batches(_ n: Int, size: Int, minSize: Int) -> [Range<Int>] {
        var out: [Range<Int>] = [], start = 0
        for _ in 0..<(n / size) {
            let end = start + size
            if end + minSize > n { continue }
            out.append(start..<end); start = end
        }
        if start < n { out.append(start..<n) }
        return out
    }

    public func fit(_ x: NDArray) throws {
        let who = "\(estimatorName).fit"
        try Decomposition.checkData(x, who)
        reset()
        let size = batchSize ?? 5 * x.cols
        for r in Self.batches(x.rows, size: size, minSize: nComponents ?? 0) {
            try partialFit(x.takingRows(Array(r)), who: who)
        }
    }

    /// One more batch (scikit-learn's partial_fit): the first call fixes the number of features.
    public func partialFit(_ x: NDArray) throws {
        try partialFit(x, who: "\(estimatorName).partial_fit")
    }

    func partialFit(_ x: NDArray, who: String) throws {
        try Decomposition.checkData(x, who)
        let n = x.rows, p = x.cols
        let first = components == nil
        if !first, p != mean.count {
            throw LearnError("\(who): X has \(p) features (columns) but earlier batches had \(mean.count)")
        }
        let k = try componentCount(n: n, p: p, first: first, who)
        let (colMean, colVar, total) = runningMoments(x)
        var stack: NDArray
        if first {
            stack = x.centered(by: colMean)
        } else {
            stack = try correctedStack(x, total: total)
        }
        let (_, s, vtFull) = try backend.svd(stack)
        var vt = vtFull
        Decomposition.svdFlipRows(&vt)
        let ev = s.values.map { $0 * $0 / Double(total - 1) }
        let totalVar = colVar.reduce(0) { $0 + $1 * Double(total) }
        components = Decomposition.firstRows(vt, k)
        singularValues = Array(s.values[0..<k])
        explainedVariance = Array(ev[0..<k])
        explainedVarianceRatio = singularValues.map { $0 * $0 / totalVar }
        let rest = ev[k...]
        noiseVariance = (k == n || k == p || rest.isEmpty) ? 0 : rest.reduce(0, +) / Double(rest.count)
        nSamplesSeen = total; mean = colMean; variance = colVar
    }

    /// n_components_ for this batch, with scikit-learn's checks.
    func componentCount(n: Int, p: Int, first: Bool, _ who: String) throws -> Int {
        guard let k = nComponents else { return first ? min(n, p) : components!.rows }
        guard k <= p else {
            throw LearnError("\(who): n_components=\(k) invalid for n_features=\(p); need more features than components")
        }
        if first, k > n {
            throw LearnError("\(who): n_components=\(k) must be ≤ the number of samples of the first batch (\(n))")
        }
        if let c = components, c.rows != k {
            throw LearnError("\(who): the number of components changed from \(c.rows) to \(k) between calls to partial_fit")
        }
        return k
    }

    /// Updated per-feature mean, variance and sample count (`_incremental_mean_and_var`:
    /// the batch's corrected two-pass variance, combined with the running one).
    func runningMoments(_ x: NDArray) -> (mean: [Double], variance: [Double], count: Int) {
        let n = x.rows, p = x.cols, last = Double(nSamplesSeen), nb = Double(n)
        let sums = x.columnSums()
        let total = Double(nSamplesSeen + n)
        let t = sums.map { $0 / nb }
        var corr = [Double](repeating: 0, count: p), sq = [Double](repeating: 0, count: p)
        for i in 0..<n {   // row by row: contiguous reads
            for j in 0..<p { let d = x.storage[i * p + j] - t[j]; corr[j] += d; sq[j] += d * d }
        }
        var mu = [Double](repeating: 0, count: p), va = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let lastSum = first ? 0 : mean[j] * last
            mu[j] = (lastSum + sums[j]) / total
            let newVar = sq[j] - corr[j] * corr[j] / nb
            if first {
                va[j] = newVar / total
            } else {
                let lastOverNew = last / nb
                let dm = lastSum / lastOverNew - sums[j]
                va[j] = (variance[j] * last + newVar + lastOverNew / total * dm * dm) / total
            }
        }
        return (mu, va, nSamplesSeen + n)
    }

    private var first: Bool { nSamplesSeen == 0 }

    /// [S·components; X − batch mean; mean correction] for a later batch.
    func correctedStack(_ x: NDArray, total: Int) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        let n = x.rows, p = x.cols, k = c.rows
        let batchMean = x.columnMeans()
        var out = NDArray(zeros: [k + n + 1, p])
        for i in 0..<k { for j in 0..<p { out.storage[i * p + j] = singularValues[i] * c.storage[i * p + j] } }
        for i in 0..<n { for j in 0..<p { out.storage[(k + i) * p + j] = x.storage[i * p + j] - batchMean[j] } }
        let f = ((Double(nSamplesSeen) / Double(total)) * Double(n)).squareRoot()
        for j in 0..<p { out.storage[(k + n) * p + j] = f * (mean[j] - batchMean[j]) }
        return out
    }

}
