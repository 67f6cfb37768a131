import Foundation

struct Cx {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }
    static func + (a: Cx, b: Cx) -> Cx { Cx(a.re + b.re, a.im + b.im) }
    static func - (a: Cx, b: Cx) -> Cx { Cx(a.re - b.re, a.im - b.im) }
    static func * (a: Cx, b: Cx) -> Cx { Cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Cx, b: Cx) -> Cx {
        let d = b.re * b.re + b.im * b.im
        return Cx((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    var conj: Cx { Cx(re, -im) }
    var abs: Double { (re * re + im * im).squareRoot() }
    func sqrt() -> Cx {
        let r = abs
        let a = ((r + re) / 2).squareRoot()
        let b = ((r - re) / 2).squareRoot()
        return Cx(a, im < 0 ? -b : b)
    }
}

/// One second-order section: b0 b1 b2 / 1 a1 a2.
struct Biquad { var b: [Double]; var a: [Double] }

/// Digital Butterworth filter designed as `scipy.signal.butter(N, Wn, btype, output='sos', fs)`
/// and applied as `scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen=None)`, which is what
/// nilearn 0.14's `signal.butterworth` does (order 5). Zero-phase output with steady-state
/// initial conditions does not depend on how poles/zeros are grouped into sections, so the
/// grouping here is simpler than scipy's `zpk2sos`; the pad length follows scipy's rule.
struct Butterworth {
    let sections: [Biquad]
    let padlen: Int

    enum Kind { case low(Double), high(Double), band(Double, Double) }

    /// Frequencies in Hz, `fs` the sampling rate in Hz (1 / t_r).
    init(order n: Int, kind: Kind, fs: Double) {
        // analog prototype poles
        var proto: [Cx] = []
        for m in stride(from: -n + 1, to: n, by: 2) {
            let theta = Double.pi * Double(m) / Double(2 * n)
            proto.append(Cx(-cos(theta), -sin(theta)))
        }
        let fs2 = 4.0   // bilinear with normalised fs = 2
        func warp(_ f: Double) -> Double { 4 * tan(Double.pi * (2 * f / fs) / 2) }
        var poles: [Cx] = [], zeros: [Cx] = [], k = 1.0
        switch kind {
        case .low(let f):
            let wo = warp(f)
            poles = proto.map { $0 * Cx(wo) }
            k = pow(wo, Double(n))
        case .high(let f):
            let wo = warp(f)
            poles = proto.map { Cx(wo) / $0 }
            zeros = Array(repeating: Cx(0), count: n)
            var prodP = Cx(1)
            for p in proto { prodP = prodP * (Cx(0) - p) }
            k = (Cx(1) / prodP).re
        case .band(let lo, let hi):
            let w1 = warp(lo), w2 = warp(hi)
            let bw = w2 - w1, wo = (w1 * w2).squareRoot()
            for p in proto {
                let pl = p * Cx(bw / 2)
                let s = (pl * pl - Cx(wo * wo)).sqrt()
                poles.append(pl + s); poles.append(pl - s)
            }
            zeros = Array(repeating: Cx(0), count: n)
            k = pow(bw, Double(n))
        }
        // bilinear transform
        var zz = zeros.map { (Cx(fs2) + $0) / (Cx(fs2) - $0) }
        let pz = poles.map { (Cx(fs2) + $0) / (Cx(fs2) - $0) }
        var num = Cx(1), den = Cx(1)
        for z in zeros { num = num * (Cx(fs2) - z) }
        for p in poles { den = den * (Cx(fs2) - p) }
        k *= (num / den).re
        zz += Array(repeating: Cx(-1), count: poles.count - zeros.count)

        // group poles: conjugate pairs, then reals two by two
        var complexUp: [Cx] = [], reals: [Double] = []
        for p in pz {
            if Swift.abs(p.im) <= 1e-12 * max(1, p.abs) { reals.append(p.re) }
            else if p.im > 0 { complexUp.append(p) }
        }
        var poleQuads: [(Double, Double)] = complexUp.map { (-2 * $0.re, $0.re * $0.re + $0.im * $0.im) }
        var r = 0
        while r + 1 < reals.count { poleQuads.append((-(reals[r] + reals[r + 1]), reals[r] * reals[r + 1])); r += 2 }
        if r < reals.count { poleQuads.append((-reals[r], 0)) }
        let zr = zz.map { $0.re }   // all zeros are real (±1) for these designs
        var secs: [Biquad] = []
        var zi = 0
        for (s, q) in poleQuads.enumerated() {
            var b: [Double]
            if q.1 == 0 && zi < zr.count { b = [1, -zr[zi], 0]; zi += 1 }
            else if zi + 1 < zr.count { b = [1, -(zr[zi] + zr[zi + 1]), zr[zi] * zr[zi + 1]]; zi += 2 }
            else { b = [1, 0, 0] }
            if s == 0 { b = b.map { $0 * k } }
            secs.append(Biquad(b: b, a: [1, q.0, q.1]))
        }
        sections = secs
        let nsec = secs.count
        let odd = pz.count % 2 == 1 ? 1 : 0
        padlen = 3 * (2 * nsec + 1 - odd)
    }

    /// `scipy.signal.lfilter_zi` for one section.
    static func sectionZi(_ s: Biquad) -> (Double, Double) {
        // (I - companion(a).T) zi = b[1:] - a[1:] b0
        let a1 = s.a[1], a2 = s.a[2]
        let B0 = s.b[1] - a1 * s.b[0], B1 = s.b[2] - a2 * s.b[0]
        // [[1 + a1, -1], [a2, 1]]
        let det = (1 + a1) + a2
        let z0 = (B0 + B1) / det
        let z1 = B1 - a2 * z0
        return (z0, z1)
    }

    func forward(_ x: inout [Double], x0: Double) {
        var scale = 1.0
        for s in sections {
            let (z0i, z1i) = Butterworth.sectionZi(s)
            var z0 = z0i * scale * x0, z1 = z1i * scale * x0
            let b0 = s.b[0], b1 = s.b[1], b2 = s.b[2], a1 = s.a[1], a2 = s.a[2]
            for t in 0..<x.count {
                let xi = x[t]
                let y = b0 * xi + z0
                z0 = b1 * xi - a1 * y + z1
                z1 = b2 * xi - a2 * y
                x[t] = y
            }
            scale *= (s.b[0] + s.b[1] + s.b[2]) / (1 + a1 + a2)
        }
    }

    /// Zero-phase filtering of one signal (odd padding of `padlen` samples each side).
    func filtfilt(_ x: [Double]) -> [Double] {
        let n = x.count, p = padlen
        var ext = [Double](); ext.reserveCapacity(n + 2 * p)
        for i in stride(from: p, through: 1, by: -1) { ext.append(2 * x[0] - x[i]) }
        ext += x
        for i in 1...p { ext.append(2 * x[n - 1] - x[n - 1 - i]) }
        forward(&ext, x0: ext[0])
        ext.reverse()
        forward(&ext, x0: ext[0])
        ext.reverse()
        return Array(ext[p..<(p + n)])
    }
}
