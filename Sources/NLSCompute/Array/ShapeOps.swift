/// Reshaping, transposition and joining (numpy semantics; results are contiguous copies
/// except `reshape`/`ravel`, which share storage copy-on-write).
extension NDArray {
    /// numpy `reshape`; one dimension may be -1 (inferred).
    public func reshape(_ newShape: [Int]) throws -> NDArray {
        var dims = newShape
        let unknown = dims.indices.filter { dims[$0] == -1 }
        guard unknown.count <= 1 else { throw ComputeError("can only specify one unknown dimension") }
        if dims.contains(where: { $0 < -1 }) { throw ComputeError("negative dimensions not allowed in reshape \(NDArray.shapeString(newShape))") }
        if let u = unknown.first {
            let known = (try? NDArray.elementCount(dims.enumerated().filter { $0.offset != u }.map { $0.element })) ?? 0
            guard known != 0, size % known == 0 else {
                throw ComputeError("cannot reshape array of size \(size) into shape \(NDArray.shapeString(newShape))")
            }
            dims[u] = size / known
        }
        guard (try? NDArray.elementCount(dims)) == size else {
            throw ComputeError("cannot reshape array of size \(size) into shape \(NDArray.shapeString(newShape))")
        }
        return NDArray(shape: dims, storage: storage, dtype: dtype)
    }

    /// 1-D view of all elements in row-major order (numpy `ravel`/`flatten`).
    public func ravel() -> NDArray { NDArray(shape: [size], storage: storage, dtype: dtype) }
    public func flatten() -> NDArray { ravel() }

    /// Transpose: reverses axes (2-D: rows ↔ columns; 1-D: unchanged).
    public var T: NDArray { (try? transpose(nil)) ?? self }

    /// numpy `transpose(axes)`; `nil` reverses the axes.
    public func transpose(_ axes: [Int]? = nil) throws -> NDArray {
        let nd = ndim
        var perm: [Int]
        if let axes = axes {
            guard axes.count == nd else { throw ComputeError("axes don't match array: got \(axes.count) axes for a \(nd)-D array") }
            perm = try axes.map { try NDArray.normalizeAxis($0, ndim: nd) }
            guard Set(perm).count == nd else { throw ComputeError("repeated axis in transpose") }
        } else {
            perm = Array((0..<nd).reversed())
        }
        if nd < 2 || perm == Array(0..<nd) { return self }
        let newShape = perm.map { shape[$0] }
        if nd == 2 {
            let r = shape[0], c = shape[1]
            let bs = 32
            let out = Storage.make(size) { o in
                storage.withUnsafeBufferPointer { p in
                    var i0 = 0
                    while i0 < r {
                        var j0 = 0
                        let i1 = Swift.min(i0 + bs, r)
                        while j0 < c {
                            let j1 = Swift.min(j0 + bs, c)
                            for i in i0..<i1 { for j in j0..<j1 { o[j * r + i] = p[i * c + j] } }
                            j0 += bs
                        }
                        i0 += bs
                    }
                }
            }
            return NDArray(shape: newShape, storage: out, dtype: dtype)
        }
        let srcStrides = strides
        let st = perm.map { srcStrides[$0] }
        var counter = [Int](repeating: 0, count: nd)
        let out = Storage.make(size) { o in
            storage.withUnsafeBufferPointer { p in
                var off = 0
                for k in 0..<o.count {
                    o[k] = p[off]
                    var d = nd - 1
                    while d >= 0 {
                        counter[d] += 1; off += st[d]
                        if counter[d] < newShape[d] { break }
                        off -= st[d] * counter[d]; counter[d] = 0; d -= 1
                    }
                }
            }
        }
        return NDArray(shape: newShape, storage: out, dtype: dtype)
    }

    /// Swaps two axes.
    public func swapaxes(_ a: Int, _ b: Int) throws -> NDArray {
        let x = try NDArray.normalizeAxis(a, ndim: ndim), y = try NDArray.normalizeAxis(b, ndim: ndim)
        var perm = Array(0..<ndim); perm.swapAt(x, y)
        return try transpose(perm)
    }

    /// Inserts a length-1 axis at `axis` (numpy `expand_dims`).
    public func expandDims(_ axis: Int) throws -> NDArray {
        let a = try NDArray.normalizeAxis(axis, ndim: ndim + 1)
        var s = shape; s.insert(1, at: a)
        return NDArray(shape: s, storage: storage, dtype: dtype)
    }

    /// Removes length-1 axes (all of them, or only `axis`).
    public func squeeze(_ axis: Int? = nil) throws -> NDArray {
        if let axis = axis {
            let a = try NDArray.normalizeAxis(axis, ndim: ndim)
            guard shape[a] == 1 else { throw ComputeError("cannot select an axis to squeeze out which has size not equal to one") }
            var s = shape; s.remove(at: a)
            return NDArray(shape: s, storage: storage, dtype: dtype)
        }
        return NDArray(shape: shape.filter { $0 != 1 }, storage: storage, dtype: dtype)
    }

    static func resultDType(_ arrays: [NDArray]) -> DType {
        guard var d = arrays.first?.dtype else { return .float64 }
        for a in arrays.dropFirst() where a.dtype != d {
            d = (d == .bool) ? a.dtype : (a.dtype == .bool ? d : DType.promote(d, a.dtype))
        }
        return d
    }

    /// numpy `concatenate(arrays, axis)`.
    public static func concatenate(_ arrays: [NDArray], axis: Int = 0) throws -> NDArray {
        guard let first = arrays.first else { throw ComputeError("need at least one array to concatenate") }
        guard first.ndim > 0 else { throw ComputeError("zero-dimensional arrays cannot be concatenated") }
        let ax = try normalizeAxis(axis, ndim: first.ndim)
        for (i, a) in arrays.enumerated() {
            guard a.ndim == first.ndim else {
                throw ComputeError("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(first.ndim) dimension(s) and the array at index \(i) has \(a.ndim) dimension(s)")
            }
            for d in 0..<first.ndim where d != ax && a.shape[d] != first.shape[d] {
                throw ComputeError("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(a.shape[d])")
            }
        }
        let dt = resultDType(arrays)
        var outShape = first.shape
        outShape[ax] = arrays.reduce(0) { $0 + $1.shape[ax] }
        try checkShape(outShape, op: "concatenate", dtype: dt)
        let outer = first.shape[..<ax].reduce(1, *)
        let inner = first.shape[(ax + 1)...].reduce(1, *)
        var out = ContiguousArray<Double>()
        out.reserveCapacity(outShape.reduce(1, *))
        for o in 0..<outer {
            for a in arrays {
                let chunk = a.shape[ax] * inner
                a.storage.withUnsafeBufferPointer { p in
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[(o * chunk)..<((o + 1) * chunk)]))
                }
            }
        }
        if dt == .float32 || dt == .bool { castInPlace(&out, dt) }
        return NDArray(shape: outShape, storage: out, dtype: dt)
    }

    /// numpy `stack(arrays, axis)`: joins same-shape arrays along a new axis.
    public static func stack(_ arrays: [NDArray], axis: Int = 0) throws -> NDArray {
        guard let first = arrays.first else { throw ComputeError("need at least one array to stack") }
        for a in arrays where a.shape != first.shape { throw ComputeError("all input arrays must have the same shape") }
        let ax = try normalizeAxis(axis, ndim: first.ndim + 1)
        let expanded = try arrays.map { try $0.expandDims(ax) }
        return try concatenate(expanded, axis: ax)
    }

    /// numpy `vstack`: 1-D inputs become rows.
    public static func vstack(_ arrays: [NDArray]) throws -> NDArray {
        try concatenate(arrays.map { $0.ndim == 0 ? $0.reshaped([1, 1]) : ($0.ndim == 1 ? $0.reshaped([1, $0.size]) : $0) }, axis: 0)
    }

    /// numpy `hstack`: concatenates 1-D inputs end to end, others along axis 1.
    public static func hstack(_ arrays: [NDArray]) throws -> NDArray {
        let arrs = arrays.map { $0.ndim == 0 ? $0.reshaped([1]) : $0 }
        return try concatenate(arrs, axis: (arrs.first?.ndim ?? 1) == 1 ? 0 : 1)
    }
}
