import CBLAS

extension NDArray {
    /// self += alpha · x (same element count, float64), via BLAS daxpy.
    mutating func axpy(_ alpha: Double, _ x: NDArray) {
        let n = Int32(size)
        if n == 0 { return }
        x.storage.withUnsafeBufferPointer { px in
            storage.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(n, alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// Dot product of two 1-D float arrays of equal length (BLAS ddot).
    public func dot(_ other: NDArray) throws -> Double {
        guard ndim == 1, other.ndim == 1 else { throw ComputeError("dot: expected two 1-D arrays, got shapes \(shapeDescription) and \(other.shapeDescription)") }
        guard size == other.size else { throw ComputeError("dot: shapes \(shapeDescription) and \(other.shapeDescription) not aligned: \(size) (dim 0) != \(other.size) (dim 0)") }
        if size == 0 { return 0 }
        return storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in cblas_ddot(Int32(size), a.baseAddress, 1, b.baseAddress, 1) }
        }
    }
}
