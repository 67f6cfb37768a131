import Foundation
import NLSCompute

/// FastICA's options (scikit-learn 1.9 spellings).
public enum ICAAlgorithm: String, CaseIterable, Sendable { case parallel, deflation }
public enum ICAWhiten: String, CaseIterable, Sendable {
    case unitVariance = "unit-variance"
    case arbitraryVariance = "arbitrary-variance"
}
public enum ICAFunction: String, CaseIterable, Sendable { case logcosh, exp, cube }
public enum ICAWhitenSolver: String, CaseIterable, Sendable { case svd, eigh }

/// Independent component analysis by FastICA (Hyvärinen & Oja 2000) with scikit-learn 1.9's
/// semantics (`sklearn.decomposition.FastICA`):
///
/// - whitening: the features are centred; K = (u / d)ᵀ[:n_components] from the SVD of the
///   centred data (whiten_solver "svd", the default) or the eigendecomposition of XᵀX
///   ("eigh", eigenvalues below 10·eps raised to it), with u's columns signed so that their
///   first entry is positive; X1 = K·Xᵀ·√n_samples.
/// - W₀ = RandomState(random_state).normal(size=(k, k)) (numpy's stream: the same start as
///   scikit-learn for an integer seed) unless `wInit` is set.
/// - "parallel": symmetric decorrelation W ← (WWᵀ)^(−1/2)·W of the fixed-point update
///   W ← E[g(WX1)·X1ᵀ] − diag(E[g'(WX1)])·W until max |(|diag(W₁Wᵀ)| − 1)| < tol;
///   "deflation": one component at a time with Gram–Schmidt against the previous ones.
/// - whiten "unit-variance" rescales each source to unit variance; components = W·K,
///   mixing = pinv(components).
///
/// Differences: whiten=False (data already white) and fun_args are not offered; an
/// n_components above min(n_samples, n_features) is lowered to it, as scikit-learn does
/// (it also warns); a run that reaches max_iter is kept (scikit-learn warns) — `n_iter`
/// equal to max_iter shows it.
public final class FastICA: Transformer {
    public static let typeName = "FastICA"
    public static let summary = "Independent component analysis by FastICA (scikit-learn FastICA)."
    public static let parameterSpecs = [
        ParameterSpec("n_components", .optionalInt, default: .none,
                      doc: "Number of sources; none uses min(n_samples, n_features)."),
        ParameterSpec("algorithm", .choice(ICAAlgorithm.allCases.map(\.rawValue)), default: .string("parallel"),
                      doc: "parallel (symmetric decorrelation) | deflation (one component at a time)."),
        ParameterSpec("whiten", .choice(ICAWhiten.allCases.map(\.rawValue)), default: .string("unit-variance"),
                      doc: "unit-variance (sources rescaled to unit variance) | arbitrary-variance."),
        ParameterSpec("fun", .choice(ICAFunction.allCases.map(\.rawValue)), default: .string("logcosh"),
                      doc: "Contrast function G: logcosh | exp | cube."),
        ParameterSpec("max_iter", .int, default: .int(200), doc: "Maximum number of fixed-point iterations."),
        ParameterSpec("tol", .float, default: .double(1e-4), doc: "Convergence tolerance on the unmixing matrix update."),
        ParameterSpec("whiten_solver", .choice(ICAWhitenSolver.allCases.map(\.rawValue)), default: .string("svd"),
                      doc: "svd (of the data) | eigh (of the covariance; faster when n_samples ≫ n_features)."),
        ParameterSpec("random_state", .optionalInt, default: .none,
                      doc: "Seed of the initial unmixing matrix (numpy's RandomState stream); none draws a fresh one."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("components", .array, doc: "Unmixing matrix [n_components × features]: sources = (X − mean)·componentsᵀ."),
        AttributeSpec("mixing", .array, doc: "Pseudo-inverse of components [features × n_components]."),
        AttributeSpec("mean", .array, doc: "Per-feature mean of the training data."),
        AttributeSpec("whitening", .array, doc: "Pre-whitening matrix K [n_components × features]."),
        AttributeSpec("n_iter", .int, doc: "Iterations run (the largest over components for deflation)."),
    ]

    public var nComponents: Int?
    public var algorithm: ICAAlgorithm = .parallel
    public var whiten: ICAWhiten = .unitVariance
    public var fun: ICAFunction = .logcosh
    public var maxIter = 200
    public var tol = 1e-4
    public var whitenSolver: ICAWhitenSolver = .svd
    public var randomState: Int?
    /// Initial unmixing matrix (n_components × n_components), scikit-learn's `w_init`;
    /// Swift only (tests), not a language parameter, and not copied by `clone`.
    public var wInit: NDArray?
    public var backend: ComputeBackend = CPUBackend.shared

    public private(set) var components: NDArray?
    public private(set) var mixing: NDArray?
    public private(set) var mean: [Double] = []
    public private(set) var whitening: NDArray?
    public private(set) var nIter = 0

    public init() {}

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "n_components": return nComponents.map { .int($0) } ?? ParamValue.none
        case "algorithm": return .string(algorithm.rawValue)
        case "whiten": return .string(whiten.rawValue)
        case "fun": return .string(fun.rawValue)
        case "max_iter": return .int(maxIter)
        case "tol": return .double(tol)
        case "whiten_solver": return .string(whitenSolver.rawValue)
        case "random_state": return randomState.map { .int($0) } ?? ParamValue.none
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        let who = estimatorName
        switch name {
        case "n_components": nComponents = try ParamRead.optionalInt(value, who, name, min: 1)
        case "algorithm": algorithm = try ParamRead.choice(value, who, name)
        case "whiten": whiten = try ParamRead.choice(value, who, name)
        case "fun": fun = try ParamRead.choice(value, who, name)
        case "max_iter": maxIter = try ParamRead.int(value, who, name, min: 1)
        case "tol": tol = try ParamRead.nonNegative(value, who, name)
        case "whiten_solver": whitenSolver = try ParamRead.choice(value, who, name)
        case "random_state": randomState = try ParamRead.seed(value, who, name)
        default: throw unknownParameter(name)
        }
    }

    public var isFitted: Bool { components != nil }

    public func attribute(_ name: String) throws -> AttributeValue {
        guard let components = components, let mixing = mixing, let whitening = whitening else { throw notFitted() }
        switch name {
        case "components": return .array(components)
        case "mixing": return .array(mixing)
        case "mean": return .array(NDArray(mean))
        case "whitening": return .array(whitening)
        case "n_iter": return .int(nIter)
        default: throw LearnError("\(estimatorName) has no attribute '\(name)'")
        }
    }

    public func fit(_ x: NDArray) throws {
        let who = "\(estimatorName).fit"
        try Decomposition.checkData(x, who, minSamples: 2)
        let n = x.rows, k = min(nComponents ?? min(x.rows, x.cols), min(x.rows, x.cols))
        var rng = try Decomposition.randomState(randomState)
        let w0: NDArray
        if let w = wInit {
            guard w.shape == [k, k], w.isAllFinite else {
                throw LearnError("\(who): w_init has shape \(w.shape); it must be a finite \(k)×\(k) matrix")
            }
            w0 = w
        } else {
            w0 = try rng.normal(rows: k, cols: k)
        }
        let mu = x.columnMeans()
        let xc = x.centered(by: mu)
        let kMat = try whiteningMatrix(xc, k)
        var x1 = try backend.gemm(kMat, xc, transA: false, transB: true, alpha: 1)   // k × n
        let root = Double(n).squareRoot()
        for i in x1.storage.indices { x1.storage[i] *= root }
        let run = algorithm == .parallel ? try parallel(x1, w0) : try deflation(x1, w0)
        var w = run.0
        let iterations = run.1
        if whiten == .unitVariance {
            // Sources S = Xc·(W·K)ᵀ; each row of W divided by its source's standard deviation.
            let s = try backend.gemm(xc, try backend.gemm(w, kMat, transA: false, transB: false, alpha: 1),
                                     transA: false, transB: true, alpha: 1)
            let sd = Self.columnStd(s)
            guard sd.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw LearnError("\(who): a recovered source is constant; the data have fewer independent directions than n_components=\(k)")
            }
            Decomposition.scaleRows(&w, sd.map { 1 / $0 })
        }
        let comps = try backend.gemm(w, kMat, transA: false, transB: false, alpha: 1)
        mixing = try Linalg.pinv(comps, backend: backend)
        components = comps; whitening = kMat; mean = mu; nIter = iterations
    }

    /// K (k × features): scikit-learn's whitening from the centred data.
    func whiteningMatrix(_ xc: NDArray, _ k: Int) throws -> NDArray {
        let p = xc.cols
        var u: NDArray, d: [Double]
        switch whitenSolver {
        case .svd:
            let r = try backend.svd(xc)   // the right singular vectors of X are the left ones of Xᵀ
            u = r.vt.transposedMatrix(); d = r.s.values
        case .eigh:
            let (vals, vecs) = try backend.eigh(try backend.syrk(xc, transA: true))
            let order = (0..<p).reversed()
            let eps = Double.ulpOfOne * 10
            // d < eps is set to eps before the square root, as scikit-learn.
            d = order.map { vals.storage[$0] < eps ? eps.squareRoot() : vals.storage[$0].squareRoot() }
            u = NDArray(zeros: [p, p])
            for (c, src) in order.enumerated() { for i in 0..<p { u.storage[i * p + c] = vecs.storage[i * p + src] } }
        }
        guard d.count >= k, d[0..<k].allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw LearnError("\(estimatorName).fit: X has fewer than n_components=\(k) linearly independent directions "
                             + "after centring; lower n_components")
        }
        let r = u.cols
        var kMat = NDArray(zeros: [k, p])
        for c in 0..<k {
            let sign: Double = u.storage[c] < 0 ? -1 : 1   // u *= sign(u[0]) (0 counts as +)
            for i in 0..<p { kMat.storage[c * p + i] = sign * u.storage[i * r + c] / d[c] }
        }
        return kMat
    }

    /// g(Y) element-wise and the row means of g'(Y) (scikit-learn's _logcosh, _exp, _cube, alpha 1).
    func contrast(_ y: NDArray) -> (g: NDArray, meanDerivative: [Double]) {
        var g = y
        let k = y.rows, n = y.cols
        var d = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var acc = 0.0
            for j in 0..<n {
                let v = y.storage[i * n + j]
                switch fun {
                case .logcosh: let t = tanh(v); g.storage[i * n + j] = t; acc += 1 - t * t
                case .exp: let e = Foundation.exp(-v * v / 2); g.storage[i * n + j] = v * e; acc += (1 - v * v) * e
                case .cube: g.storage[i * n + j] = v * v * v; acc += 3 * v * v
                }
            }
            d[i] = acc / Double(n)
        }
        return (g, d)
    }

    /// (W·Wᵀ)^(−1/2)·W, eigenvalues clipped at the smallest normal double (scikit-learn's _sym_decorrelation).
    func symmetricDecorrelation(_ w: NDArray) throws -> NDArray {
        let (s, u) = try backend.eigh(try backend.syrk(w, transA: false))
        var us = u
        Decomposition.scaleColumns(&us, s.values.map { 1 / max($0, Double.leastNormalMagnitude).squareRoot() })
        let inv = try backend.gemm(us, u, transA: false, transB: true, alpha: 1)
        return try backend.gemm(inv, w, transA: false, transB: false, alpha: 1)
    }

    /// scikit-learn's _ica_par.
    func parallel(_ x1: NDArray, _ w0: NDArray) throws -> (NDArray, Int) {
        var w = try symmetricDecorrelation(w0)
        let n = Double(x1.cols), k = w.rows
        for it in 1...maxIter {
            let (g, gd) = contrast(try backend.gemm(w, x1, transA: false, transB: false, alpha: 1))
            var m = try backend.gemm(g, x1, transA: false, transB: true, alpha: 1 / n)
            for i in 0..<k { for j in 0..<k { m.storage[i * k + j] -= gd[i] * w.storage[i * k + j] } }
            let w1 = try symmetricDecorrelation(m)
            var lim = 0.0
            for i in 0..<k {
                var dot = 0.0
                for j in 0..<k { dot += w1.storage[i * k + j] * w.storage[i * k + j] }
                lim = max(lim, abs(abs(dot) - 1))
            }
            w = w1
            if lim < tol { return (w, it) }
        }
        return (w, maxIter)
    }

    /// scikit-learn's _ica_def: components one at a time, Gram–Schmidt against the earlier ones.
    func deflation(_ x1: NDArray, _ w0: NDArray) throws -> (NDArray, Int) {
        let k = w0.rows, n = Double(x1.cols)
        var wAll = NDArray(zeros: [k, k])
        var most = 0
        for c in 0..<k {
            var w = Array(w0.storage[(c * k)..<((c + 1) * k)])
            w = Self.normalized(w)
            var used = maxIter
            for it in 1...maxIter {
                let (g, gd) = contrast(try backend.gemm(NDArray(shape: [1, k], w), x1, transA: false, transB: false, alpha: 1))
                let xg = try backend.gemm(x1, g, transA: false, transB: true, alpha: 1 / n)   // k × 1
                var w1 = (0..<k).map { xg.storage[$0] - gd[0] * w[$0] }
                for prev in 0..<c {   // w1 −= (w1·W[prev])·W[prev]
                    let row = wAll.storage[(prev * k)..<((prev + 1) * k)]
                    let dot = zip(w1, row).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<k { w1[j] -= dot * row[row.startIndex + j] }
                }
                w1 = Self.normalized(w1)
                let lim = abs(abs(zip(w1, w).reduce(0) { $0 + $1.0 * $1.1 }) - 1)
                w = w1
                if lim < tol { used = it; break }
            }
            most = max(most, used)
            for j in 0..<k { wAll.storage[c * k + j] = w[j] }
        }
        return (wAll, most)
    }

    static func normalized(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// Population standard deviation of each column.
    static func columnStd(_ s: NDArray) -> [Double] {
        let mu = s.columnMeans(), n = s.rows, c = s.cols
        var v = [Double](repeating: 0, count: c)
        for i in 0..<n { for j in 0..<c { let d = s.storage[i * c + j] - mu[j]; v[j] += d * d } }
        return v.map { ($0 / Double(n)).squareRoot() }
    }

    public func transform(_ x: NDArray) throws -> NDArray {
        guard let c = components else { throw notFitted() }
        try Decomposition.checkTransformInput(x, features: c.cols, "\(estimatorName).transform")
        return try Decomposition.project(x, components: c, mean: mean, whitenBy: nil, backend: backend)
    }

    public func inverseTransform(_ x: NDArray) throws -> NDArray {
        guard let a = mixing else { throw notFitted() }
        return try Decomposition.reconstruct(x, components: a.transposedMatrix(), mean: mean, whitenBy: nil,
                                             backend: backend, "\(estimatorName).inverse_transform")
    }
}
