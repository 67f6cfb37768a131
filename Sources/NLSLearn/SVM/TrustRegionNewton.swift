/// liblinear's primal solver for L2-regularised squared-hinge SVMs (solver type 2,
/// L2R_L2LOSS_SVC), which scikit-learn's LinearSVC uses whenever `dual="auto"` picks the
/// primal (n_samples ≥ n_features): a trust-region Newton method (TRON, Lin & Moré) with
/// conjugate-gradient inner steps, on
///     f(w) = ½‖w‖² + C·Σ max(0, 1 − yᵢ·w·xᵢ)².
/// Followed step for step — the same start (w = 0), trust-region constants, CG tolerance
/// (0.1‖g‖), stopping rule (‖g‖ ≤ eps·‖g₀‖) and order of the sums — so that the early
/// stop at scikit-learn's tolerance lands on the same w, not only near the optimum:
/// predictions near the decision boundary (and so searchlight accuracies) then agree too.
struct TrustRegionNewton {
    /// Rows of X (the intercept column included), one after another.
    let x: [Double]
    let n: Int, d: Int
    let y: [Double]
    let c: Double
    /// Samples with yᵢ·w·xᵢ < 1 at the last gradient.
    private var active: [Int] = []
    /// yᵢ·w·xᵢ at the last objective evaluation.
    private var margin: [Double]

    init(x: [Double], n: Int, d: Int, y: [Double], c: Double) {
        self.x = x; self.n = n; self.d = d; self.y = y; self.c = c
        margin = [Double](repeating: 0, count: n)
    }

    /// liblinear's tolerance for this solver: eps·max(min(#pos, #neg), 1)/n.
    static func tolerance(_ eps: Double, _ y: [Double]) -> Double {
        let pos = y.filter { $0 > 0 }.count
        return eps * Double(max(min(pos, y.count - pos), 1)) / Double(y.count)
    }

    func dotRow(_ i: Int, _ v: [Double]) -> Double {
        var s = 0.0
        let base = i * d
        for j in 0..<d { s += v[j] * x[base + j] }
        return s
    }

    mutating func objective(_ w: [Double]) -> Double {
        var f = 0.0
        for j in 0..<d { f += w[j] * w[j] }
        f /= 2
        for i in 0..<n {
            margin[i] = y[i] * dotRow(i, w)
            let m = 1 - margin[i]
            if m > 0 { f += c * m * m }
        }
        return f
    }

    /// Gradient at the w of the last `objective` call.
    mutating func gradient(_ w: [Double]) -> [Double] {
        active = (0..<n).filter { margin[$0] < 1 }
        var g = [Double](repeating: 0, count: d)
        for i in active {
            let v = c * y[i] * (margin[i] - 1), base = i * d
            for j in 0..<d { g[j] += v * x[base + j] }
        }
        for j in 0..<d { g[j] = w[j] + 2 * g[j] }
        return g
    }

    /// Generalised Hessian (on the active set of the last gradient) times s.
    func hessianTimes(_ s: [Double]) -> [Double] {
        var hs = [Double](repeating: 0, count: d)
        for i in active {
            let v = c * dotRow(i, s), base = i * d
            for j in 0..<d { hs[j] += v * x[base + j] }
        }
        for j in 0..<d { hs[j] = s[j] + 2 * hs[j] }
        return hs
    }

    /// Minimises f from w = 0; returns w and the number of accepted steps.
    mutating func solve(eps: Double, maxIter: Int) -> ([Double], Int) {
        let (eta0, eta1, eta2) = (1e-4, 0.25, 0.75)
        let (sigma1, sigma2, sigma3) = (0.25, 0.5, 4.0)
        var w = [Double](repeating: 0, count: d)
        var f = objective(w)
        var g = gradient(w)
        var delta = Self.norm(g)
        let gnorm1 = delta
        var iter = 1
        var search = gnorm1 > eps * gnorm1
        while iter <= maxIter && search {
            let (s, r) = conjugateGradient(delta, g)
            var wNew = w
            for j in 0..<d { wNew[j] += s[j] }
            let gs = Self.dot(g, s)
            let prered = -0.5 * (gs - Self.dot(s, r))
            let fNew = objective(wNew)
            let actred = f - fNew
            let snorm = Self.norm(s)
            if iter == 1 { delta = min(delta, snorm) }
            let alpha = fNew - f - gs <= 0 ? sigma3 : max(sigma1, -0.5 * (gs / (fNew - f - gs)))
            if actred < eta0 * prered { delta = min(max(alpha, sigma1) * snorm, sigma2 * delta) }
            else if actred < eta1 * prered { delta = max(sigma1 * delta, min(alpha * snorm, sigma2 * delta)) }
            else if actred < eta2 * prered { delta = max(sigma1 * delta, min(alpha * snorm, sigma3 * delta)) }
            else { delta = max(delta, min(alpha * snorm, sigma3 * delta)) }
            if actred > eta0 * prered {
                iter += 1
                w = wNew; f = fNew
                g = gradient(w)
                if Self.norm(g) <= eps * gnorm1 { search = false; break }
            }
            if f < -1e32 { break }
            if abs(actred) <= 0 && prered <= 0 { break }
            if abs(actred) <= 1e-12 * abs(f) && abs(prered) <= 1e-12 * abs(f) { break }
        }
        return (w, iter - 1)
    }

    /// Truncated CG on H·s = −g within ‖s‖ ≤ delta; returns s and the residual r = −g − H·s.
    func conjugateGradient(_ delta: Double, _ g: [Double]) -> ([Double], [Double]) {
        var s = [Double](repeating: 0, count: d)
        var r = g.map { -$0 }
        var dir = r
        let cgtol = 0.1 * Self.norm(g)
        var rTr = Self.dot(r, r)
        while Self.norm(r) > cgtol {
            let hd = hessianTimes(dir)
            var alpha = rTr / Self.dot(dir, hd)
            for j in 0..<d { s[j] += alpha * dir[j] }
            if Self.norm(s) > delta {
                // Step back, then to the boundary along dir.
                for j in 0..<d { s[j] -= alpha * dir[j] }
                let std = Self.dot(s, dir), sts = Self.dot(s, s), dtd = Self.dot(dir, dir)
                let dsq = delta * delta
                let rad = (std * std + dtd * (dsq - sts)).squareRoot()
                alpha = std >= 0 ? (dsq - sts) / (std + rad) : (rad - std) / dtd
                for j in 0..<d { s[j] += alpha * dir[j] }
                for j in 0..<d { r[j] -= alpha * hd[j] }
                break
            }
            for j in 0..<d { r[j] -= alpha * hd[j] }
            let rNew = Self.dot(r, r)
            let beta = rNew / rTr
            for j in 0..<d { dir[j] = beta * dir[j] + r[j] }
            rTr = rNew
        }
        return (s, r)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
