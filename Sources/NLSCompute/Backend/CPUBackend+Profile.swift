/// The backend's operations as `ComputeProfile` sees them: BLAS calls with their FLOPs,
/// LAPACK decompositions and solves by count and time (nothing recorded without a profile).
extension CPUBackend {
    public func gemm(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool, alpha: Double) throws -> NDArray {
        let m = a.ndim == 2 ? (transA ? a.shape[1] : a.shape[0]) : 0
        let k = a.ndim == 2 ? (transA ? a.shape[0] : a.shape[1]) : 0
        let n = b.ndim == 2 ? (transB ? b.shape[0] : b.shape[1]) : 0
        return try ComputeProfile.measure(.hostBLAS, flops: 2 * Double(m) * Double(n) * Double(k)) {
            try blasGEMM(a, b, transA: transA, transB: transB, alpha: alpha)
        }
    }

    public func syrk(_ a: NDArray, transA: Bool) throws -> NDArray {
        let n = a.ndim == 2 ? (transA ? a.shape[1] : a.shape[0]) : 0
        let k = a.ndim == 2 ? (transA ? a.shape[0] : a.shape[1]) : 0
        return try ComputeProfile.measure(.hostBLAS, flops: Double(n) * Double(n) * Double(k)) { try blasSYRK(a, transA: transA) }
    }

    public func svd(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        try ComputeProfile.measure(.hostDecomposition) { try lapackSVD(a) }
    }
    public func eigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray) {
        try ComputeProfile.measure(.hostDecomposition) { try lapackEigh(a) }
    }
    public func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray) {
        try ComputeProfile.measure(.hostDecomposition) { try lapackQR(a) }
    }
    public func lu(_ a: NDArray) throws -> (pl: NDArray, u: NDArray) {
        try ComputeProfile.measure(.hostDecomposition) { try lapackLU(a) }
    }
    public func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try ComputeProfile.measure(.hostDecomposition) { try lapackSolve(a, b) }
    }
    public func solveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try ComputeProfile.measure(.hostDecomposition) { try lapackSolveSPD(a, b) }
    }
    public func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray) {
        try ComputeProfile.measure(.hostDecomposition) { try lapackLstsq(a, b, rcond: rcond) }
    }
}
