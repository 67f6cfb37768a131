import CBLAS
import Foundation

/// OpenBLAS (CBLAS) + LAPACKE implementation of `ComputeBackend`.
public final class CPUBackend: ComputeBackend {
    public static let shared = CPUBackend()
    public let name = "cpu"
    public init() {}

    /// OpenBLAS's own thread pool size (process-wide).
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's pool limited to `n` threads while `body` runs (see `BLASThreadBudget`).
    public func withHostThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        try BLASThreadBudget.shared.withLimit(n, body)
    }

    private func require2D(_ a: NDArray, _ what: String) throws {
        guard a.ndim == 2 else { throw ComputeError("\(what): expected a 2-D array, got shape \(a.shape)") }
    }

    func blasGEMM(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool, alpha: Double) throws -> NDArray {
        try require2D(a, "matmul"); try require2D(b, "matmul")
        let m = transA ? a.shape[1] : a.shape[0]
        let k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0]
        let n = transB ? b.shape[0] : b.shape[1]
        guard k == kb else {
            throw ComputeError("matmul: shapes \(a.shape)\(transA ? "ᵀ" : "") and \(b.shape)\(transB ? "ᵀ" : "") are not aligned (\(k) ≠ \(kb))")
        }
        try NDArray.checkShape([m, n], op: "matmul")
        if m == 0 || n == 0 || k == 0 { return NDArray(zeros: [m, n]) }
        let lda = a.shape[1], ldb = b.shape[1]
        let ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans
        // beta = 0: OpenBLAS sets C without reading it, so C starts uninitialised.
        let storage = ContiguousArray<Double>(unsafeUninitializedCapacity: m * n) { pc, count in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    let pa = pa.baseAddress!, pb = pb.baseAddress!, pc = pc.baseAddress!
                    let blocks = Self.gemmBlocks(m: m, n: n, k: k)
                    if blocks.ranges.count == 1 {
                        let whole = {
                            cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), alpha,
                                        pa, Int32(lda), pb, Int32(ldb), 0, pc, Int32(n))
                        }
                        // OpenBLAS runs products of up to 65,536 multiply-adds on one thread
                        // itself (SMP_THRESHOLD_MIN, times GEMM_MULTITHREAD_THRESHOLD ≥ 1).
                        if blocks.pinToOneThread { BLASThreadBudget.shared.withLimit(1, whole) } else { whole() }
                        return
                    }
                    BLASThreadBudget.shared.withLimit(1) {
                        DispatchQueue.concurrentPerform(iterations: blocks.ranges.count) { i in
                            let r = blocks.ranges[i], w = Int32(r.count)
                            if blocks.alongColumns {
                                cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), w, Int32(k), alpha, pa, Int32(lda),
                                            pb + (transB ? r.lowerBound * ldb : r.lowerBound), Int32(ldb),
                                            0, pc + r.lowerBound, Int32(n))
                            } else {
                                cblas_dgemm(CblasRowMajor, ta, tb, w, Int32(n), Int32(k), alpha,
                                            pa + (transA ? r.lowerBound : r.lowerBound * lda), Int32(lda),
                                            pb, Int32(ldb), 0, pc + r.lowerBound * n, Int32(n))
                            }
                        }
                    }
                }
            }
            count = m * n
        }
        return NDArray(shape: [m, n], storage: storage)
    }

    /// How a GEMM is spread over OpenBLAS's allowed threads. OpenBLAS's own threaded GEMM
    /// rounds differently with its thread count, while a single-threaded GEMM of any block
    /// of C's rows or columns gives exactly the entries of the whole product (tested). So
    /// OpenBLAS never threads a GEMM here: with more than one thread allowed, a large C is
    /// cut into one block per thread (at multiples of 64, along its longer side), each made
    /// single-threaded on a thread of its own, and a small one is made on one thread. The
    /// cores are used, and results do not depend on n_jobs or on the number of cores.
    static func gemmBlocks(m: Int, n: Int, k: Int) -> (alongColumns: Bool, ranges: [Range<Int>], pinToOneThread: Bool) {
        let threads = CPUBackend.blasThreads
        let alongColumns = n >= m, extent = alongColumns ? n : m
        let parts = min(threads, extent / 64)
        let mnk = Double(m) * Double(n) * Double(k)
        // Small products are not worth the dispatch (about 2·10⁶ multiply-adds or fewer).
        guard parts > 1, mnk >= 2e6 else { return (alongColumns, [0..<extent], threads > 1 && mnk > 65536) }
        let per = ((extent + parts - 1) / parts + 63) / 64 * 64
        let ranges = stride(from: 0, to: extent, by: per).map { $0..<min(extent, $0 + per) }
        return (alongColumns, ranges, false)
    }

    func blasSYRK(_ a: NDArray, transA: Bool) throws -> NDArray {
        try require2D(a, "syrk")
        let n = transA ? a.shape[1] : a.shape[0]
        let k = transA ? a.shape[0] : a.shape[1]
        try NDArray.checkShape([n, n], op: "syrk")
        var c = NDArray(zeros: [n, n])
        if n == 0 || k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasRowMajor, CblasUpper, transA ? CblasTrans : CblasNoTrans,
                            Int32(n), Int32(k), 1, pa.baseAddress, Int32(a.shape[1]), 0, pc.baseAddress, Int32(n))
            }
        }
        for i in 0..<n { for j in 0..<i { c.storage[i * n + j] = c.storage[j * n + i] } }
        return c
    }

    func lapackSVD(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vt: NDArray) {
        try require2D(a, "svd")
        let m = a.shape[0], n = a.shape[1], k = min(m, n)
        var work = a.storage
        var s = NDArray(zeros: [k]), u = NDArray(zeros: [m, k]), vt = NDArray(zeros: [k, n])
        if k == 0 { return (u, s, vt) }
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.storage.withUnsafeMutableBufferPointer { ps in
                u.storage.withUnsafeMutableBufferPointer { pu in
                    vt.storage.withUnsafeMutableBufferPointer { pv in
                        LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n),
                                       pa.baseAddress, Int32(n), ps.baseAddress, pu.baseAddress, Int32(k),
                                       pv.baseAddress, Int32(n))
                    }
                }
            }
        }
        guard info == 0 else { throw ComputeError("svd did not converge (LAPACK info \(info))") }
        return (u, s, vt)
    }

    func lapackEigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray) {
        try require2D(a, "eigh")
        let n = a.shape[0]
        guard a.shape[1] == n else { throw ComputeError("eigh: expected a square matrix, got shape \(a.shape)") }
        var v = a
        var w = NDArray(zeros: [n])
        if n == 0 { return (w, v) }
        let info = v.storage.withUnsafeMutableBufferPointer { pv in
            w.storage.withUnsafeMutableBufferPointer { pw in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                               pv.baseAddress, Int32(n), pw.baseAddress)
            }
        }
        guard info == 0 else { throw ComputeError("eigh did not converge (LAPACK info \(info))") }
        return (w, v)
    }

    func lapackQR(_ a: NDArray) throws -> (q: NDArray, r: NDArray) {
        try require2D(a, "qr")
        let m = a.shape[0], n = a.shape[1], k = min(m, n)
        var work = a.storage
        var tau = [Double](repeating: 0, count: k)
        if k == 0 { return (NDArray(zeros: [m, k]), NDArray(zeros: [k, n])) }
        var info = work.withUnsafeMutableBufferPointer { pa in
            LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), pa.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw ComputeError("qr: LAPACK geqrf info \(info)") }
        var r = NDArray(zeros: [k, n])
        for i in 0..<k { for j in i..<n { r.storage[i * n + j] = work[i * n + j] } }
        info = work.withUnsafeMutableBufferPointer { pa in
            LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), pa.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw ComputeError("qr: LAPACK orgqr info \(info)") }
        var q = NDArray(zeros: [m, k])
        for i in 0..<m { for j in 0..<k { q.storage[i * k + j] = work[i * n + j] } }
        return (q, r)
    }

    func lapackLU(_ a: NDArray) throws -> (pl: NDArray, u: NDArray) {
        try require2D(a, "lu")
        let m = a.shape[0], n = a.shape[1], k = min(m, n)
        if k == 0 { return (NDArray(zeros: [m, k]), NDArray(zeros: [k, n])) }
        if n > m {
            // OpenBLAS 0.3.21's getrf crashes on very wide matrices (60 × 10⁶). Pivots and L
            // depend only on the first m columns; PL is square and invertible, so U = PL⁻¹·A.
            let (pl, _) = try lapackLU(a.takingColumns(0..<m))
            return (pl, try lapackSolve(pl, a))
        }
        var work = a.storage
        var ipiv = [Int32](repeating: 0, count: k)
        let info = work.withUnsafeMutableBufferPointer { pa in
            LAPACKE_dgetrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), pa.baseAddress, Int32(n), &ipiv)
        }
        // info > 0: U has an exact zero pivot; the factorisation itself is complete.
        guard info >= 0 else { throw ComputeError("lu: LAPACK getrf info \(info)") }
        var u = NDArray(zeros: [k, n]), pl = NDArray(zeros: [m, k])
        for i in 0..<k { for j in i..<n { u.storage[i * n + j] = work[i * n + j] } }
        for i in 0..<m {
            for j in 0..<min(i, k) { pl.storage[i * k + j] = work[i * n + j] }
            if i < k { pl.storage[i * k + i] = 1 }
        }
        // A = P·L·U with P = S₀·S₁·…·S_{k−1} (getrf's row swaps): apply the swaps in reverse.
        for i in stride(from: k - 1, through: 0, by: -1) {
            let p = Int(ipiv[i]) - 1
            if p != i { for j in 0..<k { pl.storage.swapAt(i * k + j, p * k + j) } }
        }
        return (pl, u)
    }

    func lapackSolve(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try require2D(a, "solve")
        let n = a.shape[0]
        guard a.shape[1] == n else { throw ComputeError("solve: expected a square matrix, got shape \(a.shape)") }
        guard b.ndim == 1 || b.ndim == 2 else { throw ComputeError("solve: right-hand side must be 1-D or 2-D, got shape \(b.shape)") }
        if n == 0 { return b }
        let bIs1D = b.ndim == 1
        let nrhs = bIs1D ? 1 : b.shape[1]
        guard (bIs1D ? b.shape[0] : b.shape[0]) == n else {
            throw ComputeError("solve: right-hand side has \(b.shape[0]) rows, matrix has \(n)")
        }
        var lu = a
        var x = b
        var ipiv = [Int32](repeating: 0, count: n)
        let info = lu.storage.withUnsafeMutableBufferPointer { pa in
            x.storage.withUnsafeMutableBufferPointer { px in
                LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), pa.baseAddress, Int32(n), &ipiv,
                              px.baseAddress, Int32(nrhs))
            }
        }
        if info > 0 { throw ComputeError("solve: matrix is singular (U[\(info - 1),\(info - 1)] is zero)") }
        guard info == 0 else { throw ComputeError("solve: LAPACK info \(info)") }
        return x
    }

    func lapackSolveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        try require2D(a, "solveSPD")
        let n = a.shape[0]
        guard a.shape[1] == n else { throw ComputeError("solveSPD: expected a square matrix, got shape \(a.shape)") }
        guard (b.ndim == 1 || b.ndim == 2), b.shape[0] == n else {
            throw ComputeError("solveSPD: right-hand side of shape \(b.shape) does not match a \(n)×\(n) matrix")
        }
        if n == 0 { return b }
        let nrhs = b.ndim == 1 ? 1 : b.shape[1]
        var l = a
        var x = b
        let info = l.storage.withUnsafeMutableBufferPointer { pa in
            x.storage.withUnsafeMutableBufferPointer { px in
                LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), Int32(nrhs), pa.baseAddress,
                              Int32(n), px.baseAddress, Int32(nrhs))
            }
        }
        if info > 0 { throw ComputeError("matrix is not positive definite (leading minor \(info))") }
        guard info == 0 else { throw ComputeError("solveSPD: LAPACK info \(info)") }
        return x
    }

    func lapackLstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray) {
        try require2D(a, "lstsq")
        let m = a.shape[0], n = a.shape[1]
        guard b.ndim == 1 || b.ndim == 2, b.shape[0] == m else {
            throw ComputeError("lstsq: right-hand side of shape \(b.shape) does not match \(m) rows")
        }
        let nrhs = b.ndim == 1 ? 1 : b.shape[1]
        let ldb = max(m, n)
        var work = a.storage
        var bb = ContiguousArray<Double>(repeating: 0, count: ldb * nrhs)
        for i in 0..<(m * nrhs) { bb[i] = b.storage[i] }
        var s = NDArray(zeros: [min(m, n)])
        var rank: Int32 = 0
        if m == 0 || n == 0 || nrhs == 0 {
            let x = NDArray(zeros: b.ndim == 1 ? [n] : [n, nrhs])
            return (x, 0, s)
        }
        let info = work.withUnsafeMutableBufferPointer { pa in
            bb.withUnsafeMutableBufferPointer { pb in
                s.storage.withUnsafeMutableBufferPointer { ps in
                    LAPACKE_dgelsd(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(nrhs), pa.baseAddress, Int32(n),
                                   pb.baseAddress, Int32(nrhs), ps.baseAddress, rcond, &rank)
                }
            }
        }
        guard info == 0 else { throw ComputeError("lstsq: SVD did not converge (LAPACK info \(info))") }
        let x = NDArray(shape: b.ndim == 1 ? [n] : [n, nrhs], storage: ContiguousArray(bb[0..<(n * nrhs)]))
        return (x, Int(rank), s)
    }
}
