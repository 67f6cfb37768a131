import NLSCompute

/// Small element-wise array helpers used inside NLSLearn (heavy algebra goes through
/// `ComputeBackend`). Kept in a namespace so they never clash with NDArray methods that
/// NLSCompute may add later.
enum Mat {
    /// A 1-D array as an n×1 matrix; 2-D arrays unchanged.
    static func as2D(_ a: NDArray) -> NDArray {
        if a.ndim == 2 { return a }
        if a.ndim == 1 { return a.reshaped([a.shape[0], 1]) }
        return a.reshaped([1, a.size])
    }

    /// Column means (sequential summation over rows, as numpy's mean(axis=0) on C arrays).
    static func columnMeans(_ a: NDArray) -> [Double] {
        let n = a.rows, p = a.cols
        var m = [Double](repeating: 0, count: p)
        guard n > 0 else { return m }
        a.storage.withUnsafeBufferPointer { pa in
            m.withUnsafeMutableBufferPointer { pm in
                for i in 0..<n {
                    let row = i * p
                    for j in 0..<p { pm[j] += pa[row + j] }
                }
                for j in 0..<p { pm[j] /= Double(n) }
            }
        }
        return m
    }

    /// Column totals (sequential summation over rows).
    static func columnSums(_ a: NDArray) -> [Double] {
        let n = a.rows, p = a.cols
        var tot = [Double](repeating: 0, count: p)
        a.storage.withUnsafeBufferPointer { pa in
            tot.withUnsafeMutableBufferPointer { pt in
                for i in 0..<n { let row = pa.baseAddress! + i * p; for q in 0..<p { pt[q] += row[q] } }
            }
        }
        return tot
    }

    /// a - means (broadcast over rows).
    static func centered(_ a: NDArray, by means: [Double]) -> NDArray {
        var out = a
        let n = a.rows, p = a.cols
        out.storage.withUnsafeMutableBufferPointer { po in
            means.withUnsafeBufferPointer { pm in
                for i in 0..<n {
                    let row = i * p
                    for j in 0..<p { po[row + j] -= pm[j] }
                }
            }
        }
        return out
    }

    /// a -= means (broadcast over rows), in place.
    static func subtractRow(_ a: inout NDArray, _ means: [Double]) {
        let n = a.rows, p = a.cols
        a.storage.withUnsafeMutableBufferPointer { po in
            means.withUnsafeBufferPointer { pm in
                for i in 0..<n {
                    let row = i * p
                    for j in 0..<p { po[row + j] -= pm[j] }
                }
            }
        }
    }

    /// Rows `idx` of a 2-D matrix (or elements of a 1-D array).
    static func takeRows(_ a: NDArray, _ idx: [Int]) -> NDArray {
        if a.ndim == 1 {
            var s = ContiguousArray<Double>(); s.reserveCapacity(idx.count)
            for i in idx { s.append(a.storage[i]) }
            return NDArray(shape: [idx.count], storage: s, dtype: a.dtype)
        }
        let p = a.cols
        var s = ContiguousArray<Double>(repeating: 0, count: idx.count * p)
        a.storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for (r, i) in idx.enumerated() {
                    for j in 0..<p { ps[r * p + j] = pa[i * p + j] }
                }
            }
        }
        return NDArray(shape: [idx.count, p], storage: s, dtype: a.dtype)
    }

    /// Rows `idx`, columns `cols` of a 2-D matrix (one copy of just that block).
    static func takeBlock(_ a: NDArray, rows idx: [Int], cols: Range<Int>) -> NDArray {
        let p = a.cols, w = cols.count, lo = cols.lowerBound
        var s = ContiguousArray<Double>(repeating: 0, count: idx.count * w)
        a.storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for (r, i) in idx.enumerated() {
                    let src = i * p + lo, dst = r * w
                    for c in 0..<w { ps[dst + c] = pa[src + c] }
                }
            }
        }
        return NDArray(shape: [idx.count, w], storage: s)
    }

    /// Columns `range` of a 2-D matrix.
    static func takeCols(_ a: NDArray, _ range: Range<Int>) -> NDArray {
        let n = a.rows, p = a.cols, w = range.count
        if range == 0..<p { return a }
        var s = ContiguousArray<Double>(repeating: 0, count: n * w)
        a.storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for i in 0..<n {
                    for (c, j) in range.enumerated() { ps[i * w + c] = pa[i * p + j] }
                }
            }
        }
        return NDArray(shape: [n, w], storage: s)
    }

    static func transpose(_ a: NDArray) -> NDArray {
        let n = a.rows, p = a.cols
        var s = ContiguousArray<Double>(repeating: 0, count: n * p)
        a.storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for i in 0..<n { for j in 0..<p { ps[j * n + i] = pa[i * p + j] } }
            }
        }
        return NDArray(shape: [p, n], storage: s)
    }

    static func allFinite(_ a: NDArray) -> Bool {
        a.storage.withUnsafeBufferPointer { pa in
            for v in pa where !v.isFinite { return false }
            return true
        }
    }

    /// Column j of a 2-D matrix as an array.
    static func column(_ a: NDArray, _ j: Int) -> [Double] {
        let n = a.rows, p = a.cols
        return (0..<n).map { a.storage[$0 * p + j] }
    }
}
