import Foundation
import NLSCompute

/// L2-penalised logistic regression as scikit-learn's default `LogisticRegression` computes it
/// (solver lbfgs): minimise (1/n)·Σ log-loss + ‖W‖²/(2·C·n) with the intercept unpenalised —
/// binomial with one coefficient row (+ = classes[1]) for two classes, multinomial (softmax,
/// one row per class, intercepts summing to 0) otherwise.
///
/// nls's own L-BFGS (memory 10, Armijo backtracking on the exact objective) stops when the
/// largest gradient entry is ≤ tol × 1e-4: scikit-learn's lbfgs stops at tol, at an iterate that
/// depends on scipy's line search; going four orders further puts nls at the optimum both
/// approach. max_iter bounds the L-BFGS iterations, as in scikit-learn. penalty l1/elasticnet,
/// class_weight and the other solvers are not offered.
public final class LogisticRegression: LinearDecisionClassifier {
    public static let typeName = "LogisticRegression"
    public static let summary = "L2-penalised logistic regression, multinomial for > 2 classes (scikit-learn LogisticRegression)."
    public static let parameterSpecs = [
        ParameterSpec("C", .float, default: .double(1.0), doc: "Inverse regularisation strength (> 0)."),
        ParameterSpec("fit_intercept", .bool, default: .bool(true), doc: "Whether to fit an (unpenalised) intercept."),
        ParameterSpec("max_iter", .int, default: .int(100), doc: "Maximum L-BFGS iterations."),
        ParameterSpec("tol", .float, default: .double(1e-4), doc: "Gradient tolerance (nls stops at tol × 1e-4, see the type's note)."),
    ]
    public static let attributeSpecs = [
        AttributeSpec("coef", .array, doc: "Weights [1 × features] for two classes, else [classes × features]."),
        AttributeSpec("intercept", .array, doc: "Intercepts (one per row of coef)."),
        AttributeSpec("classes", .array, doc: "Sorted class labels seen by fit."),
        AttributeSpec("n_iter", .int, doc: "L-BFGS iterations run."),
    ]

    public var c: Double = 1.0
    public var fitIntercept = true
    public var maxIter = 100
    public var tol: Double = 1e-4
    public var backend: ComputeBackend = CPUBackend.shared

    public private(set) var classes: [Double] = []
    public private(set) var coef: NDArray?
    public private(set) var intercept: [Double] = []
    public private(set) var nIter = 0

    public init() {}

    public convenience init(c: Double, backend: ComputeBackend = CPUBackend.shared) {
        self.init(); self.c = c; self.backend = backend
    }

    public func getParam(_ name: String) throws -> ParamValue {
        switch name {
        case "C": return .double(c)
        case "fit_intercept": return .bool(fitIntercept)
        case "max_iter": return .int(maxIter)
        case "tol": return .double(tol)
        default: throw unknownParameter(name)
        }
    }

    public func setParam(_ name: String, _ value: ParamValue) throws {
        let who = estimatorName
        switch name {
        case "C": c = try ParamRead.positive(value, who, name)
        case "fit_intercept": fitIntercept = try ParamRead.bool(value, who, name)
        case "max_iter": maxIter = try ParamRead.int(value, who, name, min: 1)
        case "tol": tol = try ParamRead.positive(value, who, name)
        default: throw unknownParameter(name)
        }
    }

    public func fit(_ x: NDArray, _ y: NDArray) throws {
        let (labels, cls) = try ClassifierSupport.classes(x, y, "\(estimatorName).fit")
        let index = Dictionary(uniqueKeysWithValues: cls.enumerated().map { ($1, $0) })
        let problem = LogisticLoss(x: x, labels: labels.map { index[$0]! }, k: cls.count == 2 ? 1 : cls.count,
                                   c: c, fitIntercept: fitIntercept, backend: backend)
        let (theta, iters) = try LBFGS.minimize(dimension: problem.dimension, maxIter: maxIter, gtol: tol * 1e-4,
                                                problem.valueAndGradient)
        let k = problem.k, p = x.cols
        var b = Array(theta[(k * p)...])
        if k > 1 { let m = b.reduce(0, +) / Double(k); b = b.map { $0 - m } }
        classes = cls; coef = NDArray(shape: [k, p], Array(theta[0..<(k * p)])); intercept = b; nIter = iters
    }

}

/// scikit-learn's lbfgs objective: mean binomial (k = 1) or multinomial log-loss plus
/// ‖W‖²/(2Cn). Parameters θ = [W (k × p, row-major), b (k)]; b stays 0 without an intercept.
struct LogisticLoss {
    let x: NDArray
    let labels: [Int]
    let k: Int
    let c: Double
    let fitIntercept: Bool
    let backend: ComputeBackend

    var dimension: Int { k * (x.cols + 1) }

    func valueAndGradient(_ theta: [Double]) throws -> (Double, [Double]) {
        let n = x.rows, p = x.cols, nd = Double(n)
        let w = NDArray(shape: [k, p], Array(theta[0..<(k * p)]))
        var z = try backend.gemm(x, w, transA: false, transB: true, alpha: 1)   // n × k
        var loss = 0.0
        for i in 0..<n {
            for j in 0..<k { z.storage[i * k + j] += theta[k * p + j] }
            if k == 1 {   // z.storage becomes the residual σ(z) − y
                let zi = z.storage[i], yi = labels[i] == 1 ? 1.0 : 0.0
                loss += max(zi, 0) + log1p(exp(-abs(zi))) - yi * zi
                z.storage[i] = (zi >= 0 ? 1 / (1 + exp(-zi)) : exp(zi) / (1 + exp(zi))) - yi
            } else {      // z.storage becomes softmax − one-hot
                let row = i * k, m = z.storage[row..<(row + k)].max()!
                var s = 0.0
                for j in 0..<k { s += exp(z.storage[row + j] - m) }
                loss += m + log(s) - z.storage[row + labels[i]]
                for j in 0..<k { z.storage[row + j] = exp(z.storage[row + j] - m) / s }
                z.storage[row + labels[i]] -= 1
            }
        }
        let gw = try backend.gemm(z, x, transA: true, transB: false, alpha: 1 / nd)   // k × p
        var grad = [Double](repeating: 0, count: dimension)
        var penalty = 0.0
        for q in 0..<(k * p) {
            penalty += theta[q] * theta[q]
            grad[q] = gw.storage[q] + theta[q] / (c * nd)
        }
        if fitIntercept {
            for i in 0..<n { for j in 0..<k { grad[k * p + j] += z.storage[i * k + j] / nd } }
        }
        return (loss / nd + penalty / (2 * c * nd), grad)
    }
}

/// Limited-memory BFGS (memory 10) with Armijo backtracking, from θ = 0. Stops when the largest
/// gradient entry is ≤ gtol, after maxIter iterations, or when the objective stops decreasing
/// (relative change ≤ 64·ε, scipy's ftol floor). Returns θ and the iterations run.
enum LBFGS {
    static func minimize(dimension d: Int, maxIter: Int, gtol: Double,
                         _ fg: ([Double]) throws -> (Double, [Double])) throws -> ([Double], Int) {
        var theta = [Double](repeating: 0, count: d)
        var (f, g) = try fg(theta)
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        var it = 0
        while it < maxIter, g.map(abs).max()! > gtol {
            it += 1
            let dir = direction(g, pairs)
            let slope = zip(g, dir).reduce(0) { $0 + $1.0 * $1.1 }
            guard slope < 0 else { break }
            var t = pairs.isEmpty ? min(1, 1 / g.map(abs).reduce(0, +)) : 1.0
            var next: (theta: [Double], f: Double, g: [Double])?
            for _ in 0..<60 {
                let cand = zip(theta, dir).map { $0 + t * $1 }
                let (fc, gc) = try fg(cand)
                if fc <= f + 1e-4 * t * slope { next = (cand, fc, gc); break }
                t *= 0.5
            }
            guard let nx = next else { break }
            let s = zip(nx.theta, theta).map { $0 - $1 }, y = zip(nx.g, g).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-300 { pairs.append((s, y, 1 / sy)); if pairs.count > 10 { pairs.removeFirst() } }
            let fOld = f
            theta = nx.theta; f = nx.f; g = nx.g
            if (fOld - f) / max(abs(fOld), abs(f), 1) <= 64 * Double.ulpOfOne { break }
        }
        return (theta, it)
    }

    /// −H·g by the two-loop recursion, H₀ = (s·y / y·y) of the newest pair.
    static func direction(_ g: [Double], _ pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = g
        var a = [Double](repeating: 0, count: pairs.count)
        for m in stride(from: pairs.count - 1, through: 0, by: -1) {
            a[m] = pairs[m].rho * zip(pairs[m].s, q).reduce(0) { $0 + $1.0 * $1.1 }
            for j in 0..<q.count { q[j] -= a[m] * pairs[m].y[j] }
        }
        if let last = pairs.last {
            let gamma = 1 / (last.rho * last.y.reduce(0) { $0 + $1 * $1 })
            q = q.map { $0 * gamma }
        }
        for m in 0..<pairs.count {
            let b = pairs[m].rho * zip(pairs[m].y, q).reduce(0) { $0 + $1.0 * $1.1 }
            for j in 0..<q.count { q[j] += (a[m] - b) * pairs[m].s[j] }
        }
        return q.map { -$0 }
    }
}
