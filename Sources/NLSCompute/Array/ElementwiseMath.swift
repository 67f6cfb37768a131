import Foundation

/// Unary element-wise functions (numpy ufuncs) and `where`/`clip`.
extension NDArray {
    /// Applies `f` to every element; `floatResult` turns int/bool input into float64.
    @inline(__always)
    func mapValues(floatResult: Bool, _ f: (Double) -> Double) -> NDArray {
        var out = Storage.make(size) { o in storage.withUnsafeBufferPointer { p in for i in 0..<p.count { o[i] = f(p[i]) } } }
        let dt: DType = floatResult ? (dtype == .float32 ? .float32 : .float64) : dtype
        if dt == .float32 { NDArray.castInPlace(&out, .float32) }
        return NDArray(shape: shape, storage: out, dtype: dt)
    }

    public func abs() -> NDArray { mapValues(floatResult: false) { Swift.abs($0) } }
    public func sqrt() -> NDArray { mapValues(floatResult: true) { $0.squareRoot() } }
    public func exp() -> NDArray { mapValues(floatResult: true) { Foundation.exp($0) } }
    public func log() -> NDArray { mapValues(floatResult: true) { Foundation.log($0) } }
    public func log2() -> NDArray { mapValues(floatResult: true) { Foundation.log2($0) } }
    public func log10() -> NDArray { mapValues(floatResult: true) { Foundation.log10($0) } }
    public func log1p() -> NDArray { mapValues(floatResult: true) { Foundation.log1p($0) } }
    public func expm1() -> NDArray { mapValues(floatResult: true) { Foundation.expm1($0) } }
    public func sin() -> NDArray { mapValues(floatResult: true) { Foundation.sin($0) } }
    public func cos() -> NDArray { mapValues(floatResult: true) { Foundation.cos($0) } }
    public func tanh() -> NDArray { mapValues(floatResult: true) { Foundation.tanh($0) } }
    public func square() -> NDArray { mapValues(floatResult: false) { $0 * $0 }.astype(dtype == .bool ? .int64 : dtype) }
    public func sign() -> NDArray { mapValues(floatResult: false) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) } }
    public func floor() -> NDArray { mapValues(floatResult: false) { $0.rounded(.down) } }
    public func ceil() -> NDArray { mapValues(floatResult: false) { $0.rounded(.up) } }
    /// numpy `round(decimals)`: half to even, computed as rint(x·10^d)/10^d.
    public func round(decimals: Int = 0) -> NDArray {
        if dtype == .int64 || dtype == .bool { if decimals >= 0 { return self } }
        if decimals == 0 { return mapValues(floatResult: false) { $0.rounded(.toNearestOrEven) } }
        let f = Foundation.pow(10.0, Double(Swift.abs(decimals)))
        if decimals > 0 { return mapValues(floatResult: true) { ($0 * f).rounded(.toNearestOrEven) / f } }
        return mapValues(floatResult: false) { ($0 / f).rounded(.toNearestOrEven) * f }
    }
    public func isnan() -> NDArray { mapValues(floatResult: false) { $0.isNaN ? 1 : 0 }.retagged(.bool) }
    public func isfinite() -> NDArray { mapValues(floatResult: false) { $0.isFinite ? 1 : 0 }.retagged(.bool) }
    public func isinf() -> NDArray { mapValues(floatResult: false) { $0.isInfinite ? 1 : 0 }.retagged(.bool) }

    func retagged(_ d: DType) -> NDArray { NDArray(shape: shape, storage: storage, dtype: d) }

    /// numpy `clip(a, lo, hi)`; either bound may be nil (numpy: min(max(x, lo), hi), so
    /// `hi` wins when lo > hi). NaN stays NaN. Int/bool arrays clipped with a fractional
    /// bound become float64.
    public func clip(_ lo: Double?, _ hi: Double?) throws -> NDArray {
        if lo?.isNaN == true || hi?.isNaN == true { throw ComputeError("clip: bounds must not be NaN") }
        let l = lo ?? -.infinity, h = hi ?? .infinity
        let fractional = [lo, hi].contains { b in b.map { $0.isFinite && $0 != $0.rounded() } ?? false }
        let src = (fractional && !dtype.isFloating) ? astype(.float64) : self
        return src.mapValues(floatResult: false) { x in x.isNaN ? x : Swift.min(Swift.max(x, l), h) }
    }

    /// numpy `where(cond, a, b)` with broadcasting of all three.
    public static func `where`(_ cond: NDArray, _ a: NDArray, _ b: NDArray) throws -> NDArray {
        let s = try broadcastShapes(try broadcastShapes(cond.shape, a.shape), b.shape)
        let dt = a.dtype == b.dtype ? a.dtype : DType.promote(a.dtype, b.dtype)
        let c = try cond.broadcast(to: s), x = try a.broadcast(to: s), y = try b.broadcast(to: s)
        var out = ContiguousArray<Double>(repeating: 0, count: try elementCount(s))
        for i in 0..<out.count { out[i] = c.storage[i] != 0 ? x.storage[i] : y.storage[i] }
        if dt == .float32 { castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    /// Element-wise minimum / maximum of two arrays (NaN propagates), numpy `minimum`/`maximum`.
    public static func minimum(_ a: NDArray, _ b: NDArray) throws -> NDArray { try binary(.minimum, a, b) }
    public static func maximum(_ a: NDArray, _ b: NDArray) throws -> NDArray { try binary(.maximum, a, b) }

    /// True when shapes match and all elements are within `atol + rtol·|b|` (numpy `allclose`).
    public func allclose(_ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
        guard let s = try? NDArray.broadcastShapes(shape, b.shape), let x = try? broadcast(to: s), let y = try? b.broadcast(to: s) else { return false }
        for i in 0..<x.size {
            let u = x.storage[i], v = y.storage[i]
            if u == v { continue }
            if Swift.abs(u - v) > atol + rtol * Swift.abs(v) || u.isNaN || v.isNaN { return false }
        }
        return true
    }

    /// Sorted copy (flattened when axis is nil, else along the last axis only when axis = -1).
    public func sorted() -> NDArray {
        NDArray(shape: [size], storage: ContiguousArray(storage.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }), dtype: dtype)
    }
    /// Stable argsort of a 1-D array (NaNs last).
    public func argsort() throws -> NDArray {
        guard ndim == 1 else { throw ComputeError("argsort: expected a 1-D array, got shape \(shapeDescription)") }
        let idx = (0..<size).sorted { i, j in
            let a = storage[i], b = storage[j]
            if a.isNaN { return false }
            if b.isNaN { return true }
            return a < b || (a == b && i < j)
        }
        return NDArray(idx)
    }
    /// Sorted unique values (numpy `unique`).
    public func unique() -> NDArray {
        var out: [Double] = []
        for v in storage.sorted() where out.last != v { out.append(v) }
        return NDArray(shape: [out.count], storage: ContiguousArray(out), dtype: dtype)
    }
}

extension Array where Element == Double {
    var contiguous: ContiguousArray<Double> { ContiguousArray(self) }
}
