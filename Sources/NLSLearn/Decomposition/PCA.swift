import NLSCompute

/// PCA's SVD solvers (scikit-learn 1.9; "arpack" is not offered).
public enum PCASolver: String, CaseIterable, Sendable {
    case auto, full
    case covarianceEigh = "covariance_eigh"
    case randomized
}

/// Principal component analysis with scikit-learn 1.9's semantics (`sklearn.decomposition.PCA`):
/// the data are centred; "full" takes LAPACK's SVD of the centred data, "covariance_eigh"
/// the eigendecomposition of the covariance matrix, "randomized" `RandomizedSVD` (with numpy's
/// stream for an integer random_state). Signs follow `svd_flip(u_based_decision=False)`: the
/// largest-magnitude entry of every component is positive. "auto" is scikit-learn's rule:
/// covariance_eigh when n_features ≤ 1000 and n_samples ≥ 10·n_features, else full when
/// max(shape) ≤ 500, else randomized when 1 ≤ n_components < 0.8·min(shape), else full.
///
/// Differences: n_components is an integer (no fractions or "mle"); `fit_transform` is fit
/// then transform (scikit-learn returns U·S from the fit, equal up to rounding).
public final class PCA: PrincipalAxes {
    public static let typeName = "PCA"
    public static let summary = "Principal component analysis (scikit-learn PCA): projection on the leading singular vectors of the centred data."
    public static let parameterSpecs = [
        ParameterSpec("n_components", .optionalInt, default: .none,
                      doc: "Number of components to keep; none keeps min(n_samples, n_features)."),
        ParameterSpec("svd_solver", .choice(PCASolver.allCases.map(\.rawValue)), default: .string("auto"),
                      doc: "auto | full (LAPACK SVD) | covariance_eigh | randomized (Halko et al.)."),
        ParameterSpec("whiten", .bool, default: .bool(false),
                      doc: "Divide the projections by the singular values (unit component-wise variance)."),
        ParameterSpec("n_oversamples", .int, default: .int(10),
                      doc: "Extra random vectors of the randomized solver."),
        ParameterSpec("iterated_power", .optionalInt, default: .none,
                      doc: "Power iterations of the randomized solver; none is scikit-learn's \"auto\"."),
        ParameterSpec("random_state", .optionalInt, default: .none,
                      doc: "Seed of the randomized solver (numpy's RandomState stream); none draws a fresh one."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("components", .array, doc: "Principal axes [n_components × features], by decreasing variance."),
        AttributeSpec("explained_variance", .array, doc: "Variance of each component (S² / (n_samples − 1))."),
        AttributeSpec("explained_variance_ratio", .array, doc: "Fraction of the total variance of each component."),
        AttributeSpec("singular_values", .array, doc: "Singular values of the centred data for each component."),
        AttributeSpec("mean", .array, doc: "Per-feature mean of the training data."),
        AttributeSpec("noise_variance", .float, doc: "Probabilistic PCA noise variance (mean of the discarded variances)."),
    ]

    public var nComponents: Int?
    public var svdSolver: PCASolver = .auto
    public var whiten = false
    public var nOversamples = 10
    public var iteratedPower: Int?
    public var randomState: Int?
    public var backend: ComputeBackend = CPUBackend.shared

    public private(set) var components: NDArray?
    public private(set) var explainedVariance: [Double] = []
    public private(set) var explainedVarianceRatio: [Double] = []
    public private(set) var singularValues: [Double] = []
    public private(set) var mean: [Double] = []
    public private(set) var noiseVariance = 0.0
    /// The solver "auto" chose at the last fit (scikit-learn's `_fit_svd_solver`).
    public private(set) var fittedSolver: PCASolver?

    public init() {}

    public convenience init(nComponents: Int?, svdSolver: PCASolver = .auto, whiten: Bool = false,
                            randomState: Int? = nil, backend: ComputeBackend = CPUBackend.shared) {
        self.init()
        self.nComponents = nComponents; self.svdSolver = svdSolver; self.whiten = whiten
        self.randomState = randomState; self.backend = backend
    }

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "n_components": return nComponents.map { .int($0) } ?? ParamValue.none
        case "svd_solver": return .string(svdSolver.rawValue)
        case "whiten": return .bool(whiten)
        case "n_oversamples": return .int(nOversamples)
        case "iterated_power": return iteratedPower.map { .int($0) } ?? ParamValue.none
        case "random_state": return randomState.map { .int($0) } ?? ParamValue.none
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        let who = estimatorName
        switch name {
        case "n_components": nComponents = try ParamRead.optionalInt(value, who, name, min: 1)
        case "svd_solver": svdSolver = try ParamRead.choice(value, who, name)
        case "whiten": whiten = try ParamRead.bool(value, who, name)
        case "n_oversamples": nOversamples = try ParamRead.int(value, who, name, min: 0)
        case "iterated_power": iteratedPower = try ParamRead.optionalInt(value, who, name, min: 0)
        case "random_state": randomState = try ParamRead.seed(value, who, name)
        default: throw unknownParameter(name)
        }
    }

    public var isFitted: Bool { components != nil }

    public func attribute(_ name: String) throws -> AttributeValue { try principalAxesAttribute(name) }

    /// scikit-learn's solver choice for "auto" (1.5 and later).
    static func resolve(_ solver: PCASolver, shape: [Int], nComponents k: Int) -> PCASolver {
        guard solver == .auto else { return solver }
        let n = shape[0], p = shape[1]
        if p <= 1000 && n >= 10 * p { return .covarianceEigh }
        if max(n, p) <= 500 { return .full }
        if k >= 1 && Double(k) < 0.8 * Double(min(n, p)) { return .randomized }
        return .full
    }

    public func fit(_ x: NDArray) throws {
        let who = "\(estimatorName).fit"
        try Decomposition.checkData(x, who, minSamples: 2)
        let n = x.rows, p = x.cols, lo = min(n, p)
        let k = nComponents ?? lo
        guard k <= lo else {
            throw LearnError("\(who): n_components=\(k) must be between 1 and min(n_samples, n_features)=\(lo)")
        }
        let solver = Self.resolve(svdSolver, shape: x.shape, nComponents: k)
        let mu = x.columnMeans()
        let xc = x.centered(by: mu)
        var vt: NDArray, ev: [Double], s: [Double], total: Double, noise: Double
        switch solver {
        case .full, .auto:
            let r = try backend.svd(xc)
            vt = r.vt; s = r.s.values
            ev = s.map { $0 * $0 / Double(n - 1) }
            total = ev.reduce(0, +)
            noise = k < lo ? mean(ev[k...]) : 0
        case .covarianceEigh:
            (vt, ev) = try covarianceEigh(x, mean: mu)
            s = ev.map { ($0 * Double(n - 1)).squareRoot() }
            total = ev.reduce(0, +)
            noise = k < lo ? mean(ev[k...]) : 0   // all p eigenvalues, as scikit-learn
        case .randomized:
            var rng = try Decomposition.randomState(randomState)
            let r = try RandomizedSVD.compute(xc, nComponents: k, nOversamples: nOversamples, nIter: iteratedPower,
                                              normalizer: .auto, flipSign: false, rng: &rng, backend: backend, who: who)
            vt = r.vt; s = r.s.values
            ev = s.map { $0 * $0 / Double(n - 1) }
            total = xc.storage.reduce(0) { $0 + $1 * $1 } / Double(n - 1)
            noise = k < lo ? (total - ev.reduce(0, +)) / Double(lo - k) : 0
        }
        Decomposition.svdFlipRows(&vt)
        components = Decomposition.firstRows(vt, k)
        explainedVariance = Array(ev[0..<k])
        explainedVarianceRatio = explainedVariance.map { $0 / total }
        singularValues = Array(s[0..<k])
        mean = mu
        noiseVariance = noise
        fittedSolver = solver
    }

    /// scikit-learn's "covariance_eigh": C = (XᵀX − n·μμᵀ) / (n − 1), eigenvalues descending
    /// (negative rounding residues set to 0), eigenvectors as rows.
    func covarianceEigh(_ x: NDArray, mean mu: [Double]) throws -> (vt: NDArray, variances: [Double]) {
        let n = Double(x.rows), p = x.cols
        var c = try backend.syrk(x, transA: true)
        for i in 0..<p { for j in 0..<p { c.storage[i * p + j] = (c.storage[i * p + j] - n * mu[i] * mu[j]) / (n - 1) } }
        let (w, v) = try backend.eigh(c)
        var vt = NDArray(zeros: [p, p])
        for r in 0..<p { for j in 0..<p { vt.storage[r * p + j] = v.storage[j * p + (p - 1 - r)] } }
        return (vt, w.values.reversed().map { max($0, 0) })
    }

    private func mean(_ xs: ArraySlice<Double>) -> Double {
        xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
    }

}
