/// Sorting and order statistics (numpy `sort`, `median`, `percentile` with the default
/// "linear" method). A NaN in a lane makes its median/percentile NaN, as numpy.
extension NDArray {
    /// Lanes along `axis` made contiguous: (array with axis moved last, lane length, result shape).
    func lanes(_ axis: Int?, keepdims: Bool = false) throws -> (NDArray, Int, [Int]) {
        guard let axis = axis else { return (ravel(), size, keepdims ? [Int](repeating: 1, count: ndim) : []) }
        let a = try NDArray.normalizeAxis(axis, ndim: ndim)
        var perm = Array(0..<ndim); perm.remove(at: a); perm.append(a)
        let moved = try transpose(perm)
        var s = shape
        if keepdims { s[a] = 1 } else { s.remove(at: a) }
        return (moved, shape[a], s)
    }

    /// Sorted copy along `axis` (default last; nil sorts the flattened array). NaN last.
    public func sort(axis: Int? = -1) throws -> NDArray {
        if ndim == 0 { return self }
        guard let ax = axis else { return sorted() }
        let a = try NDArray.normalizeAxis(ax, ndim: ndim)
        let (moved, n, _) = try lanes(a)
        var st = moved.storage
        if n > 1 {
            st.withUnsafeMutableBufferPointer { p in
                for k in 0..<(p.count / n) {
                    var lane = UnsafeMutableBufferPointer(rebasing: p[(k * n)..<((k + 1) * n)])
                    lane.sort { $0 < $1 || ($1.isNaN && !$0.isNaN) }
                }
            }
        }
        // move the axis back
        var perm = Array(0..<(ndim - 1)); perm.insert(ndim - 1, at: a)
        return try NDArray(shape: moved.shape, storage: st, dtype: dtype).transpose(perm)
    }

    func laneStatistic(_ axis: Int?, keepdims: Bool, _ f: ([Double]) -> Double) throws -> NDArray {
        guard size > 0 else { throw ComputeError("cannot compute an order statistic of an empty array") }
        let (moved, n, s) = try lanes(axis, keepdims: keepdims)
        guard n > 0 else { throw ComputeError("cannot compute an order statistic along an empty axis") }
        let count = moved.size / n
        var out = ContiguousArray<Double>(repeating: 0, count: count)
        for k in 0..<count {
            let lane = Array(moved.storage[(k * n)..<((k + 1) * n)])
            out[k] = lane.contains(where: { $0.isNaN }) ? .nan : f(lane.sorted())
        }
        let dt: DType = dtype == .float32 ? .float32 : .float64
        if dt == .float32 { NDArray.castInPlace(&out, dt) }
        return NDArray(shape: s, storage: out, dtype: dt)
    }

    /// numpy `median`: middle value, or the mean of the two middle values.
    public func median(axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        try laneStatistic(axis, keepdims: keepdims) { v in
            let n = v.count
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
        }
    }

    /// numpy `percentile(a, q)` (q in [0, 100], linear interpolation between order statistics).
    public func percentile(_ q: Double, axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        guard q >= 0 && q <= 100 else { throw ComputeError("percentiles must be in the range [0, 100], got \(q)") }
        return try laneStatistic(axis, keepdims: keepdims) { v in
            let pos = q / 100 * Double(v.count - 1)
            let lo = Swift.min(Swift.max(Int(pos.rounded(.down)), 0), v.count - 1)
            let hi = Swift.min(lo + 1, v.count - 1)
            let t = pos - Double(lo)
            let a = v[lo], b = v[hi], d = b - a
            return t >= 0.5 ? b - d * (1 - t) : a + d * t   // numpy's _lerp
        }
    }

    /// numpy `quantile(a, q)` with q in [0, 1].
    public func quantile(_ q: Double, axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        guard q >= 0 && q <= 1 else { throw ComputeError("quantiles must be in the range [0, 1], got \(q)") }
        return try percentile(q * 100, axis: axis, keepdims: keepdims)
    }
}
