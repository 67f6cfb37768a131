/// Fast 2-D helpers for library code on hot paths (row gathers, column blocks, column
/// statistics), without the general indexing machinery. Indices and ranges must be in
/// bounds: callers pass validated CV splits and target batches, never user input.
extension NDArray {
    /// A 1-D array as an n×1 matrix; 2-D arrays unchanged; others flattened to one row.
    public var matrix2D: NDArray {
        if ndim == 2 { return self }
        if ndim == 1 { return reshaped([shape[0], 1]) }
        return reshaped([1, size])
    }

    /// Column means (sequential summation over rows, as numpy's mean(axis=0) on C arrays).
    public func columnMeans() -> [Double] {
        var m = columnSums()
        if rows > 0 { for j in m.indices { m[j] /= Double(rows) } }
        return m
    }

    /// Column totals (sequential summation over rows).
    public func columnSums() -> [Double] {
        let n = rows, p = cols
        var tot = [Double](repeating: 0, count: p)
        storage.withUnsafeBufferPointer { pa in
            tot.withUnsafeMutableBufferPointer { pt in
                for i in 0..<n { let row = pa.baseAddress! + i * p; for q in 0..<p { pt[q] += row[q] } }
            }
        }
        return tot
    }

    /// self − means (broadcast over rows), in one pass into a new array; shape and dtype kept.
    public func centered(by means: [Double]) -> NDArray {
        precondition(ndim <= 2, "centered(by:) takes a 1-D or 2-D array, got shape \(shape)")
        var out = takingColumns(0..<cols, minus: means).reshaped(shape)
        out.dtype = dtype
        return out
    }

    /// Rows `idx` of a 2-D matrix (or elements of a 1-D array), dtype kept.
    public func takingRows(_ idx: [Int]) -> NDArray {
        if ndim == 1 {
            var s = ContiguousArray<Double>(); s.reserveCapacity(idx.count)
            for i in idx { s.append(storage[i]) }
            return NDArray(shape: [idx.count], storage: s, dtype: dtype)
        }
        let p = cols
        var s = ContiguousArray<Double>(repeating: 0, count: idx.count * p)
        storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for (r, i) in idx.enumerated() {
                    for j in 0..<p { ps[r * p + j] = pa[i * p + j] }
                }
            }
        }
        return NDArray(shape: [idx.count, p], storage: s, dtype: dtype)
    }

    /// Rows `idx`, columns `cols` of a 2-D matrix (one copy of just that block).
    public func takingBlock(rows idx: [Int], cols range: Range<Int>) -> NDArray {
        let p = cols, w = range.count, lo = range.lowerBound
        var s = ContiguousArray<Double>(repeating: 0, count: idx.count * w)
        storage.withUnsafeBufferPointer { pa in
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
    public func takingColumns(_ range: Range<Int>) -> NDArray {
        if range == 0..<cols { return self }
        return takingColumns(range, minus: nil)
    }

    /// Columns `range` of a 2-D matrix (1-D: one row) minus `means` (one per column of
    /// `range`; nil: none), in one pass: the centred block of targets a batch needs, without
    /// a second copy. float64, like `takingColumns(_:)`.
    public func takingColumns(_ range: Range<Int>, minus means: [Double]?) -> NDArray {
        let n = rows, p = cols, w = range.count, lo = range.lowerBound
        precondition(means == nil || means!.count >= w, "takingColumns: \(means!.count) means for \(w) columns")
        let s = ContiguousArray<Double>(unsafeUninitializedCapacity: n * w) { out, count in
            storage.withUnsafeBufferPointer { pa in
                guard let src = pa.baseAddress, let dst = out.baseAddress else { return }
                for i in 0..<n {
                    let from = src + i * p + lo, to = dst + i * w
                    if let m = means {
                        m.withUnsafeBufferPointer { pm in for c in 0..<w { to[c] = from[c] - pm[c] } }
                    } else {
                        to.initialize(from: from, count: w)
                    }
                }
            }
            count = n * w
        }
        return NDArray(shape: [n, w], storage: s)
    }

    /// The transpose of a 2-D matrix, as a new contiguous matrix.
    public func transposedMatrix() -> NDArray {
        let n = rows, p = cols
        var s = ContiguousArray<Double>(repeating: 0, count: n * p)
        storage.withUnsafeBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                for i in 0..<n { for j in 0..<p { ps[j * n + i] = pa[i * p + j] } }
            }
        }
        return NDArray(shape: [p, n], storage: s)
    }

    /// Whether no element is NaN or infinite.
    public var isAllFinite: Bool {
        storage.withUnsafeBufferPointer { pa in
            for v in pa where !v.isFinite { return false }
            return true
        }
    }

    /// Column j of a 2-D matrix as plain values.
    public func columnValues(_ j: Int) -> [Double] {
        let n = rows, p = cols
        return (0..<n).map { storage[$0 * p + j] }
    }
}
