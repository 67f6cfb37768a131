import Foundation

/// numpy's pairwise summation (8-way unrolled blocks of 128), so contiguous sums match
/// numpy bit for bit.
@inline(__always)
func pairwiseSum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
    if n < 8 {
        var r = 0.0
        for i in 0..<n { r += p[i] }
        return r
    } else if n <= 128 {
        var r0 = p[0], r1 = p[1], r2 = p[2], r3 = p[3], r4 = p[4], r5 = p[5], r6 = p[6], r7 = p[7]
        var i = 8
        let end = n - (n % 8)
        while i < end {
            r0 += p[i]; r1 += p[i + 1]; r2 += p[i + 2]; r3 += p[i + 3]
            r4 += p[i + 4]; r5 += p[i + 5]; r6 += p[i + 6]; r7 += p[i + 7]
            i += 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += p[i]; i += 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(p, n2) + pairwiseSum(p + n2, n - n2)
    }
}

/// Reductions with an optional axis (`nil` = over all elements; the result is then 0-d).
extension NDArray {
    /// (outer, n, inner) layout of a reduction over `axis`, plus the reduced shape.
    func reductionLayout(_ axis: Int?, keepdims: Bool) throws -> (outer: Int, n: Int, inner: Int, shape: [Int]) {
        guard let axis = axis else {
            return (1, size, 1, keepdims ? [Int](repeating: 1, count: ndim) : [])
        }
        if ndim == 0 { guard axis == 0 || axis == -1 else { throw ComputeError("axis \(axis) is out of bounds for array of dimension 0") }; return (1, 1, 1, []) }
        let a = try NDArray.normalizeAxis(axis, ndim: ndim)
        var s = shape
        if keepdims { s[a] = 1 } else { s.remove(at: a) }
        return (shape[..<a].reduce(1, *), shape[a], shape[(a + 1)...].reduce(1, *), s)
    }

    /// Sums along the layout: pairwise for contiguous lanes, row accumulation otherwise
    /// (cache-friendly for axis 0 of tall matrices).
    func sumLanes(_ outer: Int, _ n: Int, _ inner: Int) -> ContiguousArray<Double> {
        var out = ContiguousArray<Double>(repeating: 0, count: outer * inner)
        storage.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { o in
                guard let base = src.baseAddress, n > 0 else { return }
                if inner == 1 {
                    for k in 0..<outer { o[k] = pairwiseSum(base + k * n, n) }
                    return
                }
                for k in 0..<outer {
                    let dst = o.baseAddress! + k * inner
                    for i in 0..<n {
                        let row = base + (k * n + i) * inner
                        for j in 0..<inner { dst[j] += row[j] }
                    }
                }
            }
        }
        return out
    }

    static func accumulatorType(_ d: DType) -> DType { d == .bool ? .int64 : d }

    public func sum(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        var out = sumLanes(outer, n, inner)
        let dt = NDArray.accumulatorType(dtype)
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    public func mean(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        var out = sumLanes(outer, n, inner)
        let dn = Double(n)
        out.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] /= dn } }
        let dt: DType = dtype == .float32 ? .float32 : .float64
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    /// numpy `var(axis, ddof)`: mean of squared deviations, divided by `n - ddof`.
    public func variance(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        let means = sumLanes(outer, n, inner).map { $0 / Double(n) }
        if inner > 1 {
            // row accumulation of squared deviations: numpy's order for strided axes
            var out = ContiguousArray<Double>(repeating: 0, count: outer * inner)
            storage.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { o in
                    means.withUnsafeBufferPointer { m in
                        for k in 0..<outer { for i in 0..<n {
                            let b = (k * n + i) * inner, ob = k * inner
                            for j in 0..<inner { let d = src[b + j] - m[ob + j]; o[ob + j] += d * d }
                        } }
                    }
                }
            }
            let div = Swift.max(Double(n) - Double(ddof), 0)
            out.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] /= div } }
            let dt: DType = dtype == .float32 ? .float32 : .float64
            if dt == .float32 { NDArray.castInPlace(&out, dt) }
            return NDArray(shape: s, storage: out, dtype: dt)
        }
        var dev = ContiguousArray<Double>(repeating: 0, count: size)
        storage.withUnsafeBufferPointer { src in
            dev.withUnsafeMutableBufferPointer { d in
                means.withUnsafeBufferPointer { m in
                    for k in 0..<outer {
                        for i in 0..<n {
                            let b = (k * n + i) * inner
                            for j in 0..<inner { let x = src[b + j] - m[k * inner + j]; d[b + j] = x * x }
                        }
                    }
                }
            }
        }
        let sq = NDArray(shape: shape, storage: dev, dtype: .float64)
        var out = sq.sumLanes(outer, n, inner)
        let div = Swift.max(Double(n) - Double(ddof), 0)
        out.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] /= div } }
        let dt: DType = dtype == .float32 ? .float32 : .float64
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    /// numpy `var` (named `variance` in Swift too, since `var` is a keyword).
    public func `var`(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> NDArray {
        try variance(axis: axis, ddof: ddof, keepdims: keepdims)
    }

    public func std(axis: Int? = nil, ddof: Int = 0, keepdims: Bool = false) throws -> NDArray {
        var v = try variance(axis: axis, ddof: ddof, keepdims: keepdims)
        v.storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = p[i].squareRoot() } }
        if v.dtype == .float32 { NDArray.castInPlace(&v.storage, .float32) }
        return v
    }

    /// Row-accumulating reduction: `first` seeds each output from lane element 0,
    /// `step(acc, x, i)` folds element i.
    @inline(__always)
    func foldLanes(_ outer: Int, _ n: Int, _ inner: Int, _ step: (inout Double, inout Double, Double, Int) -> Void)
        -> (ContiguousArray<Double>, ContiguousArray<Double>) {
        var acc = ContiguousArray<Double>(repeating: 0, count: outer * inner)
        var aux = ContiguousArray<Double>(repeating: 0, count: outer * inner)
        storage.withUnsafeBufferPointer { src in
            acc.withUnsafeMutableBufferPointer { a in
                aux.withUnsafeMutableBufferPointer { x in
                    if inner == 1 {  // contiguous lanes: keep the accumulator in registers
                        for k in 0..<outer {
                            var av = src[k * n], xv = 0.0
                            let b = k * n
                            for i in 1..<Swift.max(n, 1) { step(&av, &xv, src[b + i], i) }
                            a[k] = av; x[k] = xv
                        }
                        return
                    }
                    for k in 0..<outer {
                        for j in 0..<inner { a[k * inner + j] = src[k * n * inner + j] }
                        for i in 1..<Swift.max(n, 1) {
                            let b = (k * n + i) * inner
                            for j in 0..<inner { step(&a[k * inner + j], &x[k * inner + j], src[b + j], i) }
                        }
                    }
                }
            }
        }
        return (acc, aux)
    }

    func extremum(_ axis: Int?, _ keepdims: Bool, _ name: String, _ isMax: Bool) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        if n == 0 && outer * inner > 0 || size == 0 {
            throw ComputeError("zero-size array to reduction operation \(name) which has no identity")
        }
        let acc: ContiguousArray<Double>
        if inner > 1 {
            acc = isMax ? extremumRows(outer, n, inner) { v, a in v > a || v.isNaN }
                        : extremumRows(outer, n, inner) { v, a in v < a || v.isNaN }
        } else {
            acc = isMax
                ? foldLanes(outer, n, inner) { a, _, v, _ in a = (v > a || v.isNaN) ? v : a }.0
                : foldLanes(outer, n, inner) { a, _, v, _ in a = (v < a || v.isNaN) ? v : a }.0
        }
        return NDArray(shape: s, storage: acc, dtype: dtype)
    }

    /// Row-wise running min/max for strided lanes (vectorisable select, NaN sticks).
    @inline(__always)
    func extremumRows(_ outer: Int, _ n: Int, _ inner: Int, _ better: (Double, Double) -> Bool) -> ContiguousArray<Double> {
        var acc = ContiguousArray<Double>(repeating: 0, count: outer * inner)
        storage.withUnsafeBufferPointer { src in
            acc.withUnsafeMutableBufferPointer { a in
                for k in 0..<outer {
                    let ob = k * inner
                    for j in 0..<inner { a[ob + j] = src[k * n * inner + j] }
                    for i in 1..<Swift.max(n, 1) {
                        let b = (k * n + i) * inner
                        for j in 0..<inner { let v = src[b + j]; let c = a[ob + j]; a[ob + j] = better(v, c) ? v : c }
                    }
                }
            }
        }
        return acc
    }

    public func min(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray { try extremum(axis, keepdims, "minimum", false) }
    public func max(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray { try extremum(axis, keepdims, "maximum", true) }

    func argExtremum(_ axis: Int?, _ isMax: Bool) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: false)
        if n == 0 || size == 0 {
            throw ComputeError("attempt to get \(isMax ? "argmax" : "argmin") of an empty sequence")
        }
        // first occurrence wins; the first NaN wins over everything
        let (_, idx) = isMax
            ? foldLanes(outer, n, inner) { a, ix, v, i in if a.isNaN { return }; if v.isNaN || v > a { a = v; ix = Double(i) } }
            : foldLanes(outer, n, inner) { a, ix, v, i in if a.isNaN { return }; if v.isNaN || v < a { a = v; ix = Double(i) } }
        return NDArray(shape: s, storage: idx, dtype: .int64)
    }

    /// Index of the first minimum (flat index when `axis` is nil).
    public func argmin(axis: Int? = nil) throws -> NDArray { try argExtremum(axis, false) }
    /// Index of the first maximum (flat index when `axis` is nil).
    public func argmax(axis: Int? = nil) throws -> NDArray { try argExtremum(axis, true) }

    public func prod(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        var out: ContiguousArray<Double>
        if n == 0 { out = ContiguousArray(repeating: 1, count: outer * inner) } else {
            out = foldLanes(outer, n, inner) { a, _, v, _ in a *= v }.0
        }
        let dt = NDArray.accumulatorType(dtype)
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    /// True where any element along the axis is nonzero.
    public func any(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        if n == 0 { return NDArray(shape: s, storage: ContiguousArray(repeating: 0, count: outer * inner), dtype: .bool) }
        var out = foldLanes(outer, n, inner) { a, _, v, _ in if v != 0 { a = 1 } }.0
        NDArray.castInPlace(&out, .bool)
        return NDArray(shape: s, storage: out, dtype: .bool)
    }

    /// True where all elements along the axis are nonzero.
    public func all(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        let (outer, n, inner, s) = try reductionLayout(axis, keepdims: keepdims)
        if n == 0 { return NDArray(shape: s, storage: ContiguousArray(repeating: 1, count: outer * inner), dtype: .bool) }
        var out = foldLanes(outer, n, inner) { a, _, v, _ in if v == 0 { a = 0 } }.0
        NDArray.castInPlace(&out, .bool)
        return NDArray(shape: s, storage: out, dtype: .bool)
    }

    /// Cumulative sum (flattened when `axis` is nil).
    public func cumsum(axis: Int? = nil) throws -> NDArray {
        let src = axis == nil ? ravel() : self
        let (outer, n, inner, _) = try src.reductionLayout(axis == nil ? 0 : axis, keepdims: true)
        var out = src.storage
        out.withUnsafeMutableBufferPointer { p in
            for k in 0..<outer { for i in 1..<Swift.max(n, 1) {
                let b = (k * n + i) * inner
                for j in 0..<inner { p[b + j] += p[b - inner + j] }
            } }
        }
        let dt = NDArray.accumulatorType(dtype)
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: src.shape, storage: out, dtype: dt)
    }

    // Scalar shortcuts for Swift callers.
    public var sumValue: Double { storage.withUnsafeBufferPointer { p in p.baseAddress.map { pairwiseSum($0, p.count) } ?? 0 } }
    public var meanValue: Double { sumValue / Double(size) }
}
