import COpenCL
import Foundation

/// A row-major matrix in OpenCL device memory (float32 or float64). Owns its cl_mem,
/// released when the last reference goes away.
public final class OpenCLMatrix: DeviceArray, @unchecked Sendable {
    public let rows: Int
    public let cols: Int
    public let precision: DevicePrecision
    let mem: cl_mem
    let ctx: OpenCLContext
    public var byteCount: Int { rows * cols * precision.byteSize }

    init(ctx: OpenCLContext, rows: Int, cols: Int, precision: DevicePrecision) throws {
        self.ctx = ctx; self.rows = rows; self.cols = cols; self.precision = precision
        mem = try ctx.allocate(bytes: rows * cols * precision.byteSize)
    }
    deinit { clReleaseMemObject(mem) }
}

/// A device buffer of Int32 indices (row lists for gathers).
final class OpenCLIndexBuffer {
    let mem: cl_mem
    let count: Int
    init(ctx: OpenCLContext, _ values: [Int]) throws {
        count = values.count
        mem = try ctx.allocate(bytes: max(1, values.count) * 4)
        let v = values.map { Int32(truncatingIfNeeded: $0) }
        do { try v.withUnsafeBytes { try ctx.write(mem, $0.baseAddress!, bytes: $0.count) } }
        catch { clReleaseMemObject(mem); throw error }
    }
    deinit { clReleaseMemObject(mem) }
}

/// `ComputeBackend` on an OpenCL device: GEMM/SYRK through CLBlast, element-wise,
/// reduction and Ridge-scoring kernels in OpenCL C, decompositions of the (small)
/// factors on the host (LAPACKE via `CPUBackend`). float32 by default; float64 when
/// the device has fp64 and it is asked for.
public final class OpenCLBackend: ComputeBackend, @unchecked Sendable {
    public let device: OpenCLDevice
    public let precision: DevicePrecision
    /// Bytes one computation may hold on the device; default 70% of global memory.
    /// Set it lower to force batching (tests, shared GPUs).
    public var memoryBudget: Int
    let ctx: OpenCLContext
    private let host = CPUBackend.shared

    public var name: String { "opencl:\(device.index)" }

    /// Backend on OpenCL device `index` (over all platforms, as `OpenCLRuntime.devices()` lists them).
    public init(device index: Int = 0, precision: DevicePrecision = .float32, memoryBudget: Int? = nil) throws {
        let devs = OpenCLRuntime.devices()
        guard !devs.isEmpty else {
            throw ComputeError("device \"opencl\" is not available: \(OpenCLRuntime.status); \(OpenCLRuntime.installHint)")
        }
        guard index >= 0, index < devs.count else {
            throw ComputeError("device \"opencl:\(index)\" does not exist; available: \(Devices.availableNames().joined(separator: ", "))")
        }
        let dev = devs[index]
        if precision == .float64 && !dev.fp64 {
            throw ComputeError("OpenCL device \(index) (\(dev.name)) has no float64 support; use dtype float32, or device = \"cpu\"")
        }
        ctx = try OpenCLContext.shared(index)
        device = dev
        self.precision = precision
        self.memoryBudget = max(1 << 16, memoryBudget ?? Int(Double(dev.globalMemory) * 0.7))
    }

    /// Uploads/downloads on this device so far (shared by every backend on the device).
    public var transferStats: TransferStats { ctx.transferStats }
    public func resetTransferStats() { ctx.resetTransferStats() }
    /// Number of OpenCL programs compiled in this device's context (each once).
    public var programBuilds: Int { ctx.lock.lock(); defer { ctx.lock.unlock() }; return ctx.programBuilds }

    public var deviceMemory: DeviceMemory? {
        // Kernels index with 32-bit ints: keep every buffer under 2³¹ elements.
        DeviceMemory(budget: memoryBudget,
                     maxAllocation: min(device.maxAllocation, memoryBudget, (Int(Int32.max) - 1) * precision.byteSize),
                     elementSize: precision.byteSize)
    }

    // MARK: buffers

    func matrix(_ a: DeviceArray, _ what: String) throws -> OpenCLMatrix {
        guard let m = a as? OpenCLMatrix, m.ctx === ctx else {
            throw ComputeError("\(what): this array lives on another device than \(name)")
        }
        guard m.precision == precision else {
            throw ComputeError("\(what): array is \(m.precision.rawValue), backend \(name) computes in \(precision.rawValue)")
        }
        return m
    }

    func allocate(_ rows: Int, _ cols: Int) throws -> OpenCLMatrix {
        guard rows.multipliedReportingOverflow(by: cols).partialValue < Int(Int32.max), rows >= 0, cols >= 0,
              !rows.multipliedReportingOverflow(by: cols).overflow else {
            throw ComputeError("OpenCL: a \(rows)×\(cols) matrix has more than 2³¹ elements; use a smaller batch_size, or device = \"cpu\"")
        }
        return try OpenCLMatrix(ctx: ctx, rows: rows, cols: cols, precision: precision)
    }

    public func upload(_ a: NDArray) throws -> DeviceArray { try uploadMatrix(a) }

    func uploadMatrix(_ a: NDArray) throws -> OpenCLMatrix {
        guard a.ndim <= 2 else { throw ComputeError("upload: expected a 1-D or 2-D array, got shape \(a.shape)") }
        let m = try allocate(a.rows, a.cols)
        if a.size == 0 { return m }
        switch precision {
        case .float64:
            try a.storage.withUnsafeBytes { try ctx.write(m.mem, $0.baseAddress!, bytes: $0.count) }
        case .float32:
            let f = a.storage.map { Float($0) }
            try f.withUnsafeBytes { try ctx.write(m.mem, $0.baseAddress!, bytes: $0.count) }
        }
        return m
    }

    public func download(_ a: DeviceArray) throws -> NDArray {
        let m = try matrix(a, "download")
        var out = NDArray(zeros: [m.rows, m.cols])
        let n = m.rows * m.cols
        if n == 0 { return out }
        switch precision {
        case .float64:
            try out.storage.withUnsafeMutableBytes { try ctx.read(m.mem, $0.baseAddress!, bytes: $0.count) }
        case .float32:
            var f = [Float](repeating: 0, count: n)
            try f.withUnsafeMutableBytes { try ctx.read(m.mem, $0.baseAddress!, bytes: $0.count) }
            out.storage.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] = Double(f[i]) } }
        }
        return out
    }

    // MARK: kernels

    enum Arg {
        case mem(cl_mem), int(Int), real(Double)
    }

    /// Runs kernel `name` over `global` work items (1-D or 2-D).
    func launch(_ name: String, _ global: [Int], _ args: [Arg]) throws {
        if global.contains(0) { return }
        ctx.lock.lock(); defer { ctx.lock.unlock() }
        let k = try ctx.kernel(name, source: OpenCLKernels.source,
                               options: OpenCLKernels.options(precision: precision, fp64: device.fp64))
        for (i, a) in args.enumerated() {
            var err: cl_int = 0
            switch a {
            case .mem(let m):
                var mm: cl_mem? = m
                err = clSetKernelArg(k, cl_uint(i), MemoryLayout<cl_mem>.size, &mm)
            case .int(let v):
                guard let v32 = Int32(exactly: v) else { throw ComputeError("OpenCL: \(name): size \(v) is too large for the device kernels") }
                var x = v32
                err = clSetKernelArg(k, cl_uint(i), 4, &x)
            case .real(let v):
                if precision == .float64 { var x = v; err = clSetKernelArg(k, cl_uint(i), 8, &x) }
                else { var x = Float(v); err = clSetKernelArg(k, cl_uint(i), 4, &x) }
            }
            try CLError.check(err, "\(name): setting argument \(i)")
        }
        // Explicit work-group sizes (64 work items, 16×4 in 2-D, within the kernel's limit),
        // global sizes rounded up to a multiple: every kernel bounds-checks its ids. Left to
        // the driver, an awkward global size can get work groups of one item on a GPU.
        let limit = ctx.workGroupLimit(k)
        var local: [Int]
        if global.count == 1 { local = [Self.pow2(atMost: min(64, limit))] }
        else {
            let l0 = Self.pow2(atMost: min(16, limit))
            local = [l0, Self.pow2(atMost: max(1, min(4, limit / l0)))]
        }
        var g = zip(global, local).map { (n, l) in (n + l - 1) / l * l }
        try CLError.check(clEnqueueNDRangeKernel(ctx.queue, k, cl_uint(g.count), nil, &g, &local, 0, nil, nil),
                          "running kernel \(name)")
    }

    static func pow2(atMost n: Int) -> Int {
        var p = 1
        while p * 2 <= n { p *= 2 }
        return p
    }

    func fill(_ m: OpenCLMatrix, _ value: Double) throws {
        try launch("nls_fill", [m.rows * m.cols], [.int(m.rows * m.cols), .real(value), .mem(m.mem)])
    }

    // MARK: device BLAS (CLBlast)

    public func gemm(_ a: DeviceArray, _ b: DeviceArray, transA: Bool, transB: Bool, alpha: Double) throws -> DeviceArray {
        try gemmDevice(try matrix(a, "matmul"), try matrix(b, "matmul"), transA: transA, transB: transB, alpha: alpha)
    }

    func gemmDevice(_ a: OpenCLMatrix, _ b: OpenCLMatrix, transA: Bool, transB: Bool, alpha: Double) throws -> OpenCLMatrix {
        let m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols
        let kb = transB ? b.cols : b.rows, n = transB ? b.rows : b.cols
        guard k == kb else {
            throw ComputeError("matmul: shapes [\(a.rows), \(a.cols)]\(transA ? "ᵀ" : "") and [\(b.rows), \(b.cols)]\(transB ? "ᵀ" : "") are not aligned (\(k) ≠ \(kb))")
        }
        let c = try allocate(m, n)
        if m == 0 || n == 0 { return c }
        if k == 0 { try fill(c, 0); return c }
        let ta = transA ? CLBlastTransposeYes : CLBlastTransposeNo, tb = transB ? CLBlastTransposeYes : CLBlastTransposeNo
        ctx.lock.lock(); defer { ctx.lock.unlock() }
        var q = ctx.queue
        let st: CLBlastStatusCode
        switch precision {
        case .float32:
            st = CLBlastSgemm(CLBlastLayoutRowMajor, ta, tb, m, n, k, Float(alpha), a.mem, 0, max(1, a.cols),
                              b.mem, 0, max(1, b.cols), 0, c.mem, 0, max(1, n), &q, nil)
        case .float64:
            st = CLBlastDgemm(CLBlastLayoutRowMajor, ta, tb, m, n, k, alpha, a.mem, 0, max(1, a.cols),
                              b.mem, 0, max(1, b.cols), 0, c.mem, 0, max(1, n), &q, nil)
        }
        try CLError.check(st.rawValue, "matmul (CLBlast gemm \(m)×\(k)·\(k)×\(n))")
        return c
    }

    public func syrk(_ a: DeviceArray, transA: Bool) throws -> DeviceArray {
        try syrkDevice(try matrix(a, "syrk"), transA: transA)
    }

    func syrkDevice(_ a: OpenCLMatrix, transA: Bool) throws -> OpenCLMatrix {
        let n = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols
        let c = try allocate(n, n)
        if n == 0 { return c }
        if k == 0 { try fill(c, 0); return c }
        do {
            ctx.lock.lock(); defer { ctx.lock.unlock() }
            var q = ctx.queue
            let t = transA ? CLBlastTransposeYes : CLBlastTransposeNo
            let st: CLBlastStatusCode
            switch precision {
            case .float32:
                st = CLBlastSsyrk(CLBlastLayoutRowMajor, CLBlastTriangleUpper, t, n, k, 1, a.mem, 0, max(1, a.cols),
                                  0, c.mem, 0, max(1, n), &q, nil)
            case .float64:
                st = CLBlastDsyrk(CLBlastLayoutRowMajor, CLBlastTriangleUpper, t, n, k, 1, a.mem, 0, max(1, a.cols),
                                  0, c.mem, 0, max(1, n), &q, nil)
            }
            try CLError.check(st.rawValue, "syrk (CLBlast \(n)×\(n), k = \(k))")
        }
        try launch("nls_symmetrize", [n, n], [.int(n), .mem(c.mem)])
        return c
    }

    // MARK: ComputeBackend (host arrays in, host arrays out)

    private func require2D(_ a: NDArray, _ what: String) throws {
        guard a.ndim == 2 else { throw ComputeError("\(what): expected a 2-D array, got shape \(a.shape)") }
    }

    public func gemm(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool, alpha: Double) throws -> NDArray {
        try require2D(a, "matmul"); try require2D(b, "matmul")
        let k = transA ? a.shape[0] : a.shape[1], kb = transB ? b.shape[1] : b.shape[0]
        guard k == kb else {
            throw ComputeError("matmul: shapes \(a.shape)\(transA ? "ᵀ" : "") and \(b.shape)\(transB ? "ᵀ" : "") are not aligned (\(k) ≠ \(kb))")
        }
        let c = try gemmDevice(try uploadMatrix(a), try uploadMatrix(b), transA: transA, transB: transB, alpha: alpha)
        return try download(c)
    }

    public func syrk(_ a: NDArray, transA: Bool) throws -> NDArray {
        try require2D(a, "syrk")
        return try download(try syrkDevice(try uploadMatrix(a), transA: transA))
    }

    public func svd(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vt: NDArray) { try host.svd(a) }
    public func eigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray) { try host.eigh(a) }
    public func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray { try host.solve(a, b) }
    public func solveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray { try host.solveSPD(a, b) }
    public func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray) {
        try host.lstsq(a, b, rcond: rcond)
    }

    // MARK: Ridge sweep on the device

    public func ridgeFoldTargets(_ y: DeviceArray, train: [Int], test: [Int], center: Bool) throws -> RidgeFoldTargets {
        let ym = try matrix(y, "ridge sweep")
        let n = ym.rows, w = ym.cols
        for i in train + test where i < 0 || i >= n {
            throw ComputeError("ridge sweep: row index \(i) out of range for \(n) rows")
        }
        let tr = try OpenCLIndexBuffer(ctx: ctx, train), te = try OpenCLIndexBuffer(ctx: ctx, test)
        let mean = try allocate(1, w)
        if train.isEmpty || !center { try fill(mean, 0) }
        else {
            try launch("nls_rows_mean", [w], [.int(train.count), .int(w), .int(center ? 1 : 0), .mem(ym.mem), .mem(tr.mem), .mem(mean.mem)])
        }
        let ytr = try allocate(train.count, w), r0 = try allocate(test.count, w), stats = try allocate(2, w)
        try launch("nls_gather_center", [w, train.count], [.int(train.count), .int(w), .mem(ym.mem), .mem(tr.mem), .mem(mean.mem), .mem(ytr.mem)])
        try launch("nls_gather_center", [w, test.count], [.int(test.count), .int(w), .mem(ym.mem), .mem(te.mem), .mem(mean.mem), .mem(r0.mem)])
        try launch("nls_fold_stats", [w], [.int(test.count), .int(w), .mem(r0.mem), .mem(stats.mem)])
        // The index buffers are released when this returns; the queue is in order and the
        // OpenCL runtime keeps a released buffer alive until its enqueued kernels finish.
        return RidgeFoldTargets(ytr: ytr, r0: r0, stats: stats, nTest: test.count)
    }

    public func ridgeAlphaScores(c cd: DeviceArray, d: NDArray, a ad: DeviceArray, g gd: DeviceArray?, b bd: DeviceArray?,
                                 targets: RidgeFoldTargets, metric: SweepMetric, alphaChunk: Int) throws -> NDArray {
        let c = try matrix(cd, "ridge sweep"), a = try matrix(ad, "ridge sweep")
        let r0 = try matrix(targets.r0, "ridge sweep"), stats = try matrix(targets.stats, "ridge sweep")
        let k = c.rows, w = c.cols, m = d.ndim == 2 ? d.shape[1] : 0, nte = targets.nTest
        guard d.ndim == 2, d.shape[0] == k, a.cols == k, a.rows == nte, r0.cols == w else {
            throw ComputeError("ridge sweep: inconsistent shapes C [\(k), \(w)], d \(d.shape), A [\(a.rows), \(a.cols)], R0 [\(r0.rows), \(r0.cols)]")
        }
        var gram: (OpenCLMatrix, OpenCLMatrix)? = nil
        if let gd = gd, let bd = bd { gram = (try matrix(gd, "ridge sweep"), try matrix(bd, "ridge sweep")) }
        let out = try allocate(m, w)
        if m == 0 || w == 0 { return NDArray(zeros: [m, w]) }
        let dm = try uploadMatrix(d)
        let metricCode = metric == .r2 ? 0 : 1
        let chunk = max(1, min(m, alphaChunk))
        var a0 = 0
        while a0 < m {
            let na = min(chunk, m - a0), width = na * w
            let wm = try allocate(k, width)
            if k == 0 { try fill(wm, 0) }
            try launch("nls_ridge_scale", [width, k], [.int(k), .int(w), .int(na), .int(m), .int(a0), .mem(dm.mem), .mem(c.mem), .mem(wm.mem)])
            if let gb = gram {
                let (g, b) = gb
                let gw = try gemmDevice(g, wm, transA: false, transB: false, alpha: 1)
                try launch("nls_ridge_score_gram", [width], [.int(k), .int(w), .int(na), .int(a0), .int(nte), .int(metricCode),
                                                            .mem(wm.mem), .mem(gw.mem), .mem(b.mem), .mem(stats.mem), .mem(out.mem)])
            } else {
                let pm = try gemmDevice(a, wm, transA: false, transB: false, alpha: 1)
                try launch("nls_ridge_score_direct", [width], [.int(w), .int(na), .int(a0), .int(nte), .int(metricCode),
                                                              .mem(pm.mem), .mem(r0.mem), .mem(stats.mem), .mem(out.mem)])
            }
            a0 += na
        }
        return try download(out)
    }
}
