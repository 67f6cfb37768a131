/// liblinear's primal solver for L2-regularised squared-hinge SVMs (solver type 2,
/// L2R_L2LOSS_SVC), which scikit-learn's LinearSVC uses whenever `dual="auto"` picks the
/// primal (n_samples ≥ n_features): a trust-region Newton method (TRON, Lin & Moré) with
/// conjugate-gradient inner steps, on
///     f(w) = ½‖w‖² + C·Σ max(0, 1 − yᵢ·w·xᵢ)².
/// Followed step for step — the same start (w = 0), trust-region constants, CG tolerance
/// (0.1‖g‖), stopping rule (‖g‖ ≤ eps·‖g₀‖) and order of the sums — so that the early
/// stop at scikit-learn's tolerance lands on the same w, not only near the optimum:
/// predictions near the decision boundary (and so searchlight accuracies) then agree too.
final class TrustRegionNewton {
    /// Rows of X (the intercept column included), one after another.
    private let x: UnsafeMutableBufferPointer<Double>
    let n: Int, d: Int
    let y: [Double]
    let c: Double
    /// Samples with yᵢ·w·xᵢ < 1 at the last gradient (the first `activeCount` entries).
    private let active: UnsafeMutableBufferPointer<Int>
    private var activeCount = 0
    /// yᵢ·w·xᵢ at the last objective evaluation.
    private let margin: UnsafeMutableBufferPointer<Double>
    /// Row dot products of `hessianTimes`.
    private var scratch: [Double] = []

    init(x rows: [Double], n: Int, d: Int, y: [Double], c: Double) {
        self.n = n; self.d = d; self.y = y; self.c = c
        x = .allocate(capacity: max(1, n * d))
        _ = x.initialize(from: rows)
        active = .allocate(capacity: max(1, n))
        active.initialize(repeating: 0)
        margin = .allocate(capacity: max(1, n))
        margin.initialize(repeating: 0)
    }

    deinit { x.deallocate(); active.deallocate(); margin.deallocate() }

    /// liblinear's tolerance for this solver: eps·max(min(#pos, #neg), 1)/n.
    static func tolerance(_ eps: Double, _ y: [Double]) -> Double {
        let pos = y.filter { $0 > 0 }.count
        return eps * Double(max(min(pos, y.count - pos), 1)) / Double(y.count)
    }

    /// xᵢ·v, summed in feature order as liblinear's sparse dot.
    @inline(__always)
    private func dotRow(_ i: Int, _ v: UnsafePointer<Double>) -> Double {
        let row = x.baseAddress! + i * d
        var s = 0.0
        for j in 0..<d { s += v[j] * row[j] }
        return s
    }

    func objective(_ w: [Double]) -> Double {
        var f = 0.0
        for j in 0..<d { f += w[j] * w[j] }
        f /= 2
        w.withUnsafeBufferPointer { pw in
            // All row dots first (four chains at a time, each in feature order), then the
            // loss terms in row order, as liblinear sums them.
            let wp = pw.baseAddress!, base = x.baseAddress!
            var i = 0
            while i + 4 <= n {
                let r0 = base + i * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                for j in 0..<d {
                    let wj = wp[j]
                    s0 += wj * r0[j]; s1 += wj * r1[j]; s2 += wj * r2[j]; s3 += wj * r3[j]
                }
                margin[i] = s0; margin[i + 1] = s1; margin[i + 2] = s2; margin[i + 3] = s3
                i += 4
            }
            while i < n { margin[i] = dotRow(i, wp); i += 1 }
            for i in 0..<n {
                margin[i] = y[i] * margin[i]
                let m = 1 - margin[i]
                if m > 0 { f += c * m * m }
            }
        }
        return f
    }

    /// Gradient at the w of the last `objective` call.
    func gradient(_ w: [Double]) -> [Double] {
        activeCount = 0
        for i in 0..<n where margin[i] < 1 { active[activeCount] = i; activeCount += 1 }
        var g = [Double](repeating: 0, count: d)
        g.withUnsafeMutableBufferPointer { pg in
            for a in 0..<activeCount {
                let i = active[a]
                let v = c * y[i] * (margin[i] - 1), row = x.baseAddress! + i * d
                for j in 0..<d { pg[j] += v * row[j] }
            }
        }
        for j in 0..<d { g[j] = w[j] + 2 * g[j] }
        return g
    }

    /// Generalised Hessian (on the active set of the last gradient) times s, into hs.
    /// The row dot products do not depend on hs, so they are computed first, four rows at
    /// a time (each still summed in feature order: the same bits as one at a time, without
    /// waiting on one addition chain); the updates of hs then follow in row order.
    func hessianTimes(_ s: [Double], into hs: inout [Double]) {
        if scratch.count < activeCount { scratch = [Double](repeating: 0, count: n) }
        s.withUnsafeBufferPointer { ps in
            hs.withUnsafeMutableBufferPointer { ph in
                scratch.withUnsafeMutableBufferPointer { pv in
                    let sp = ps.baseAddress!, h = ph.baseAddress!, v = pv.baseAddress!
                    rowDots(sp, into: v)
                    for j in 0..<d { h[j] = 0 }
                    // Rows added in order; four per pass over hs (the same sums per element).
                    let base = x.baseAddress!
                    var a = 0
                    while a + 4 <= activeCount {
                        let v0 = c * v[a], v1 = c * v[a + 1], v2 = c * v[a + 2], v3 = c * v[a + 3]
                        let r0 = base + active[a] * d, r1 = base + active[a + 1] * d
                        let r2 = base + active[a + 2] * d, r3 = base + active[a + 3] * d
                        for j in 0..<d {
                            var t = h[j]
                            t += v0 * r0[j]; t += v1 * r1[j]; t += v2 * r2[j]; t += v3 * r3[j]
                            h[j] = t
                        }
                        a += 4
                    }
                    while a < activeCount {
                        let va = c * v[a], row = base + active[a] * d
                        for j in 0..<d { h[j] += va * row[j] }
                        a += 1
                    }
                    for j in 0..<d { h[j] = sp[j] + 2 * h[j] }
                }
            }
        }
    }

    /// v[a] = x_{active[a]}·s for every active row.
    @inline(__always)
    private func rowDots(_ sp: UnsafePointer<Double>, into v: UnsafeMutablePointer<Double>) {
        let base = x.baseAddress!
        var a = 0
        while a + 4 <= activeCount {
            let r0 = base + active[a] * d, r1 = base + active[a + 1] * d
            let r2 = base + active[a + 2] * d, r3 = base + active[a + 3] * d
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            for j in 0..<d {
                let sj = sp[j]
                s0 += sj * r0[j]; s1 += sj * r1[j]; s2 += sj * r2[j]; s3 += sj * r3[j]
            }
            v[a] = s0; v[a + 1] = s1; v[a + 2] = s2; v[a + 3] = s3
            a += 4
        }
        while a < activeCount { v[a] = dotRow(active[a], sp); a += 1 }
    }

    /// Minimises f from w = 0; returns w and the number of accepted steps.
    func solve(eps: Double, maxIter: Int) -> ([Double], Int) {
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
        var hd = [Double](repeating: 0, count: d)
        while Self.norm(r) > cgtol {
            hessianTimes(dir, into: &hd)
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
