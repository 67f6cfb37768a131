/// numpy `@` for 1-D and 2-D operands, computed by a `ComputeBackend` (gemm).
extension NDArray {
    public static func matmul(_ a: NDArray, _ b: NDArray, backend: ComputeBackend = CPUBackend.shared) throws -> NDArray {
        guard a.ndim >= 1, b.ndim >= 1 else { throw ComputeError("matmul: input operand does not have enough dimensions (scalar operands are not allowed; use *)") }
        guard a.ndim <= 2, b.ndim <= 2 else { throw ComputeError("matmul: only 1-D and 2-D operands are supported, got shapes \(a.shapeDescription) and \(b.shapeDescription)") }
        let a2 = a.ndim == 1 ? a.reshaped([1, a.size]) : a
        let b2 = b.ndim == 1 ? b.reshaped([b.size, 1]) : b
        guard a2.shape[1] == b2.shape[0] else {
            throw ComputeError("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(b2.shape[0]) is different from \(a2.shape[1]))")
        }
        let dt = DType.promote(a.dtype, b.dtype)
        try checkShape([a2.shape[0], b2.shape[1]], op: "matmul", dtype: dt)
        let af = a2.dtype == .float64 ? a2 : NDArray(shape: a2.shape, storage: a2.storage, dtype: .float64)
        let bf = b2.dtype == .float64 ? b2 : NDArray(shape: b2.shape, storage: b2.storage, dtype: .float64)
        var c = try backend.gemm(af, bf, transA: false, transB: false, alpha: 1)
        var outShape: [Int] = []
        if a.ndim == 2 { outShape.append(a.shape[0]) }
        if b.ndim == 2 { outShape.append(b.shape[1]) }
        c = NDArray(shape: outShape, storage: c.storage, dtype: .float64)
        return dt == .float64 ? c : c.astype(dt)
    }

    /// `self @ other`.
    public func matmul(_ other: NDArray) throws -> NDArray { try NDArray.matmul(self, other) }
}
