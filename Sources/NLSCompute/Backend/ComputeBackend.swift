/// Errors raised by compute backends; messages are shown to users as they are.
public struct ComputeError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The one interface estimators use for heavy linear algebra (scikit-learn's "engine"
/// idea). Estimators never call OpenBLAS, LAPACK or OpenCL directly; each backend
/// implements these operations, and results must agree across backends.
/// All matrices are 2-D row-major `NDArray`s.
public protocol ComputeBackend: AnyObject {
    /// Short name shown to users ("cpu", "opencl:0").
    var name: String { get }

    /// C = alpha · op(A) · op(B), op = transpose when the flag is set.
    func gemm(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool, alpha: Double) throws -> NDArray
    /// C = Aᵀ·A (transA: true) or A·Aᵀ, symmetric, full matrix returned.
    func syrk(_ a: NDArray, transA: Bool) throws -> NDArray
    /// Thin SVD A = U·diag(s)·Vt with singular values in descending order (gesdd).
    func svd(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vt: NDArray)
    /// Eigen-decomposition of a symmetric matrix: ascending eigenvalues, eigenvectors as columns.
    func eigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray)
    /// Reduced QR (numpy `qr(a, mode="reduced")`, LAPACK geqrf + orgqr): Q (m×k, orthonormal
    /// columns) and R (k×n, upper triangular), k = min(m, n).
    func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray)
    /// LU with partial pivoting as SciPy's `lu(a, permute_l=True)` (LAPACK getrf): PL (m×k,
    /// the row-permuted unit lower factor) and U (k×n), A = PL·U, k = min(m, n). An exactly
    /// singular U is returned, not an error.
    func lu(_ a: NDArray) throws -> (pl: NDArray, u: NDArray)
    /// Solves A·X = B for square A (B may have several columns).
    func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray
    /// Solves A·X = B for symmetric positive-definite A (Cholesky); throws if A is not SPD.
    func solveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray
    /// Minimum-norm least squares A·X ≈ B (LAPACK gelsd semantics): singular values
    /// ≤ rcond·s_max are treated as zero. B is 1-D or 2-D with A's row count; X has A's
    /// column count rows (1-D when B is 1-D). A default implementation (via `svd`) exists.
    func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray)

    // Device-resident API (DeviceArray.swift, DeviceKernels.swift). Every requirement below
    // has a host default in which a "device array" is a host NDArray (`HostArray`), so
    // backends without device memory need not implement any of it.

    /// Memory limits of the backend's device; nil for host memory (no batching needed).
    var deviceMemory: DeviceMemory? { get }
    /// Copies a 2-D host matrix to the device.
    func upload(_ a: NDArray) throws -> DeviceArray
    /// Copies columns `columns` of a 2-D host matrix to the device, minus `offsets[j]` from
    /// column j when given (one per column of `a`): one pass over the host data, no host
    /// copy of the selection. The rounding to the device's precision happens after the
    /// subtraction (centred float32 data keeps its digits).
    func upload(_ a: NDArray, columns: Range<Int>, minus offsets: [Double]?) throws -> DeviceArray
    /// Copies a device matrix back to the host.
    func download(_ a: DeviceArray) throws -> NDArray
    /// A new rows × cols device matrix (contents unspecified until written by a kernel).
    func allocate(rows: Int, cols: Int) throws -> DeviceArray
    /// C = alpha · op(A) · op(B) on device arrays; the result stays on the device.
    func gemm(_ a: DeviceArray, _ b: DeviceArray, transA: Bool, transB: Bool, alpha: Double) throws -> DeviceArray
    /// C = Aᵀ·A or A·Aᵀ (full symmetric) on a device array; the result stays on the device.
    func syrk(_ a: DeviceArray, transA: Bool) throws -> DeviceArray
    /// Row gather: out[r, :] = a[rows[r], :] − offset (offset 1 × cols; nil subtracts nothing).
    func gatherRows(_ a: DeviceArray, rows: [Int], minus offset: DeviceArray?) throws -> DeviceArray
    /// Column reduction: the 1 × cols matrix of column means (zeros when a has no rows).
    func columnMeans(_ a: DeviceArray) throws -> DeviceArray
    /// In place: a[i, :] −= row for every row i (row is 1 × cols).
    func subtractRow(_ a: DeviceArray, _ row: DeviceArray) throws

    /// Whether `launch` runs library-registered device programs (OpenCL backends).
    var runsDevicePrograms: Bool { get }
    /// Runs `kernel` of a library's `program` (compiled once per device and precision) over
    /// `global` work items (1-D or 2-D). Host backends throw: callers check `runsDevicePrograms`.
    func launch(_ program: DeviceProgram, _ kernel: String, global: [Int], _ args: [KernelArgument]) throws

    /// Runs `body` with the backend's host threads limited to `n` (OpenBLAS's pool on the
    /// CPU backend; nothing elsewhere). Scoped and reentrant: nested and concurrent scopes
    /// restore the previous limit when the last one ends.
    func withHostThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T
}

extension ComputeBackend {
    /// Portable least squares through the backend's own SVD: x = V·diag(1/s)·Uᵀ·b.
    public func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray) {
        let (u, s, vt) = try svd(a)
        let b2 = b.ndim == 1 ? b.reshaped([b.size, 1]) : b
        var utb = try gemm(u, b2, transA: true, transB: false, alpha: 1)
        let cutoff = rcond * (s.storage.first ?? 0)
        var rank = 0
        let k = s.size, nr = b2.shape[1]
        for i in 0..<k {
            let keep = s.storage[i] > cutoff
            if keep { rank += 1 }
            for j in 0..<nr { utb.storage[i * nr + j] = keep ? utb.storage[i * nr + j] / s.storage[i] : 0 }
        }
        var x = try gemm(vt, utb, transA: true, transB: false, alpha: 1)
        if b.ndim == 1 { x = x.reshaped([x.size]) }
        return (x, rank, s)
    }

    public func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try gemm(a, b, transA: false, transB: false, alpha: 1)
    }
}
