import Foundation
import NLSCompute

/// `standardize` strategies of nilearn's `signal.clean`.
public enum Standardize: String, Sendable {
    case none
    case zscoreSample = "zscore_sample"
    case psc

    /// Parses nilearn 0.14's strategies "zscore_sample" and "psc" (true and false are
    /// Bools in the language). "zscore" (population std) was removed in nilearn 0.13 and
    /// is rejected, not mapped to another strategy.
    public init(parsing s: String) throws {
        switch s {
        case "zscore_sample": self = .zscoreSample
        case "psc": self = .psc
        default:
            let hint = s == "zscore" ? " (nilearn 0.14 no longer accepts \"zscore\"; \"zscore_sample\" replaces it)" : ""
            throw ImagingError("standardize must be true, false, \"zscore_sample\" or \"psc\", not \"\(s)\"\(hint)")
        }
    }
}

/// Column-wise signal operations on a `[T × V]` matrix (time × signals), in place.
extension NDArray {
    mutating func subtractColumnMeans() {
        let m = columnMeans()
        eachElement { _, c, v in v -= m[c] }
    }

    /// Runs `body(row, column, &value)` over the matrix with the shape read once (NDArray's
    /// accessors are not inlined across modules in debug builds: per-element calls cost 10×).
    mutating func eachElement(_ body: (Int, Int, inout Double) -> Void) {
        let n = rows, p = cols
        storage.withUnsafeMutableBufferPointer { b in
            for t in 0..<n { for c in 0..<p { body(t, c, &b[t * p + c]) } }
        }
    }

    /// nilearn `_detrend(type="linear")`: remove the mean, then the projection on the
    /// centred, unit-norm ramp.
    mutating func detrendColumns() {
        guard rows > 1 else { return }
        subtractColumnMeans()
        var ramp = (0..<rows).map { Double($0) }
        let rm = ramp.reduce(0, +) / Double(rows)
        ramp = ramp.map { $0 - rm }
        let norm = ramp.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if !(norm < Double.ulpOfOne) { ramp = ramp.map { $0 / norm } }
        var dot = [Double](repeating: 0, count: cols)
        eachElement { t, c, v in dot[c] += ramp[t] * v }
        eachElement { t, c, v in v -= dot[c] * ramp[t] }
    }

    /// nilearn `standardize_signal(detrend=False)`.
    mutating func standardizeColumns(_ s: Standardize) {
        guard s != .none, rows > 1 else { return }
        switch s {
        case .zscoreSample:
            subtractColumnMeans()
            var ss = [Double](repeating: 0, count: cols)
            eachElement { _, c, v in ss[c] += v * v }
            let sd = ss.map { sq -> Double in
                let s = (sq / Double(rows - 1)).squareRoot()
                return s < Double.ulpOfOne ? 1 : s
            }
            eachElement { _, c, v in v /= sd[c] }
        case .psc:
            let m = columnMeans()
            eachElement { _, c, v in
                let mc = m[c]
                v = Swift.abs(mc) < Double.ulpOfOne ? 0 : (v - mc) / Swift.abs(mc) * 100
            }
        case .none: break
        }
    }

    mutating func filterColumns(_ f: Butterworth) {
        var col = [Double](repeating: 0, count: rows)
        for c in 0..<cols {
            for t in 0..<rows { col[t] = storage[t * cols + c] }
            let y = f.filtfilt(col)
            for t in 0..<rows { storage[t * cols + c] = y[t] }
        }
    }
}

/// Orthonormal basis of the column space of `a` ([T × C]) as nilearn computes it: QR with
/// column pivoting (Householder), keeping columns whose |R_ii| > 100·eps.
func confoundBasis(_ a: NDArray) -> [[Double]] {
    let m = a.rows, n = a.cols
    var cols = (0..<n).map { c in (0..<m).map { a.storage[$0 * n + c] } }
    var vs: [[Double]] = []
    var diag: [Double] = []
    for k in 0..<min(m, n) {
        // pivot: remaining column with the largest norm (rows k..<m)
        var best = k, bestNorm = -1.0
        for c in k..<n {
            let s = (k..<m).reduce(0.0) { $0 + cols[c][$1] * cols[c][$1] }
            if s > bestNorm { bestNorm = s; best = c }
        }
        cols.swapAt(k, best)
        let x = Array(cols[k][k..<m])
        let alpha = (x.reduce(0) { $0 + $1 * $1 }).squareRoot()
        let r = x[0] >= 0 ? -alpha : alpha
        diag.append(r)
        var v = x
        v[0] -= r
        let vn = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if vn > 0 { v = v.map { $0 / vn } }
        vs.append(v)
        for c in k..<n {
            var d = 0.0
            for i in 0..<v.count { d += v[i] * cols[c][k + i] }
            for i in 0..<v.count { cols[c][k + i] -= 2 * d * v[i] }
        }
    }
    // Q columns: apply reflectors to unit vectors
    var q: [[Double]] = []
    for k in 0..<diag.count where Swift.abs(diag[k]) > Double.ulpOfOne * 100 {
        var e = [Double](repeating: 0, count: m)
        e[k] = 1
        for j in stride(from: vs.count - 1, through: 0, by: -1) {
            let v = vs[j]
            var d = 0.0
            for i in 0..<v.count { d += v[i] * e[j + i] }
            for i in 0..<v.count { e[j + i] -= 2 * d * v[i] }
        }
        q.append(e)
    }
    return q
}

/// nilearn 0.14 `signal.clean(signals, detrend, standardize, confounds, standardize_confounds,
/// filter='butterworth', low_pass, high_pass, t_r, ensure_finite)` without runs/sample_mask.
/// `signals` is `[n_timepoints × n_signals]`. Order: detrend → Butterworth (order 5,
/// sosfiltfilt, odd padding) → confound projection → standardize. Confounds get the same
/// detrending/filtering, then z-scoring when `standardizeConfounds`.
public func signalClean(_ signals: NDArray, detrend: Bool = true, standardize: Standardize = .zscoreSample,
                        confounds: NDArray? = nil, standardizeConfounds: Bool = true,
                        lowPass: Double? = nil, highPass: Double? = nil, tR: Double? = 2.5,
                        ensureFinite: Bool = false) throws -> NDArray {
    guard signals.ndim == 1 || signals.ndim == 2 else {
        throw ImagingError("clean: signals must be 1-D or 2-D [time × signals], got shape \(signals.shape)")
    }
    let T = signals.ndim == 2 ? signals.shape[0] : signals.shape[0]
    let V = signals.ndim == 2 ? signals.shape[1] : 1
    var x = NDArray(shape: [T, V], storage: signals.storage)
    if ensureFinite { for i in x.storage.indices where !x.storage[i].isFinite { x.storage[i] = 0 } }
    var conf: NDArray? = nil
    if let c = confounds {
        guard c.ndim == 1 || c.ndim == 2 else { throw ImagingError("clean: confounds must be 1-D or 2-D, got shape \(c.shape)") }
        guard c.shape[0] == T else {
            throw ImagingError("clean: confounds have \(c.shape[0]) rows but signals have \(T) time points")
        }
        guard c.storage.allSatisfy({ $0.isFinite }) else { throw ImagingError("clean: confounds contain NaN or infinite values") }
        conf = NDArray(shape: [T, c.ndim == 2 ? c.shape[1] : 1], storage: c.storage)
    }
    let filter = try butterworthFilter(lowPass: lowPass, highPass: highPass, tR: tR, nTimepoints: T)

    let originalMean = x.columnMeans()
    if detrend {
        x.detrendColumns()
        conf?.detrendColumns()
    }
    if let f = filter {
        x.filterColumns(f)
        conf?.filterColumns(f)
    }
    if var c = conf {
        if standardizeConfounds {
            c.standardizeColumns(.zscoreSample)
        } else {
            for j in 0..<c.cols {
                var mx = 0.0
                for t in 0..<T { mx = max(mx, Swift.abs(c.storage[t * c.cols + j])) }
                if mx == 0 { mx = 1 }
                for t in 0..<T { c.storage[t * c.cols + j] /= mx }
            }
        }
        let q = confoundBasis(c)
        for qc in q {
            var dot = [Double](repeating: 0, count: V)
            for t in 0..<T { let w = qc[t]; if w != 0 { for s in 0..<V { dot[s] += w * x.storage[t * V + s] } } }
            for t in 0..<T { let w = qc[t]; if w != 0 { for s in 0..<V { x.storage[t * V + s] -= w * dot[s] } } }
        }
    }
    if standardize == .psc {
        let m = x.columnMeans()
        let num = m.reduce(0) { $0 + Swift.abs($1) } / Double(max(V, 1))
        let den = originalMean.reduce(0) { $0 + Swift.abs($1) } / Double(max(V, 1))
        if num / den < 0.1 {
            for t in 0..<T { for s in 0..<V { x.storage[t * V + s] += originalMean[s] } }
        }
    }
    x.standardizeColumns(standardize)
    let dtype: DType = signals.dtype == .float32 ? .float32 : .float64
    return NDArray(shape: signals.shape, storage: x.storage, dtype: dtype)
}

/// nilearn's Butterworth set-up for `clean`: order 5, cutoffs clipped into (0, Nyquist)
/// as scipy's `_check_wn`, nil when no filtering is asked (or the band is empty).
func butterworthFilter(lowPass: Double?, highPass: Double?, tR: Double?, nTimepoints T: Int) throws -> Butterworth? {
    var filter: Butterworth? = nil
    if lowPass != nil || highPass != nil {
        guard let tr = tR, tr > 0, tr.isFinite else {
            throw ImagingError("clean: the repetition time (t_r) must be given for Butterworth filtering")
        }
        let fs = 1 / tr, nyq = fs / 2
        func checkWn(_ f: Double) -> Double {
            if f >= nyq { return nyq - nyq * 10 * Double(Float.ulpOfOne) }
            if f < 0 { return nyq * Double(Float.ulpOfOne) }
            return f
        }
        for f in [lowPass, highPass].compactMap({ $0 }) where !f.isFinite {
            throw ImagingError("clean: filter frequencies must be finite, got \(f)")
        }
        if let l = lowPass, let h = highPass, h >= l {
            throw ImagingError("clean: high_pass (\(h)) must be lower than low_pass (\(l))")
        }
        let kind: Butterworth.Kind
        switch (highPass, lowPass) {
        case let (h?, l?):
            let (wh, wl) = (checkWn(h), checkWn(l))
            kind = .band(wh, wl)
            if wh == wl { filter = nil; break }
        case let (h?, nil): kind = .high(checkWn(h))
        case let (nil, l?): kind = .low(checkWn(l))
        default: kind = .low(0)
        }
        if !(highPass != nil && lowPass != nil && checkWn(highPass!) == checkWn(lowPass!)) {
            switch kind {
        case .low(let f), .high(let f):
            if f == 0 { throw ImagingError("clean: filter cutoff frequencies must be > 0") }
        case .band(let a, _):
            if a == 0 { throw ImagingError("clean: filter cutoff frequencies must be > 0") }
        }
        let f = Butterworth(order: 5, kind: kind, fs: fs)
            guard T > f.padlen else {
                throw ImagingError("clean: \(T) time points are too few for Butterworth filtering (need more than \(f.padlen))")
            }
            filter = f
        }
    }

    return filter
}
