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

/// `ComputeBackend` on an OpenCL device: GEMM/SYRK through CLBlast, gathers and
/// reductions in OpenCL C (`OpenCLKernels`), libraries' own programs through `launch`,
/// decompositions of the (small) factors on the host (LAPACKE via `CPUBackend`). float32 by default; float64 when
/// the device has fp64 and it is asked for.
public final class OpenCLBackend: ComputeBackend, @unchecked Sendable {
    public let device: OpenCLDevice
    public let precision: DevicePrecision
    /// Bytes one computation may hold on the device; default 70% of global memory.
    /// Set it lower to force batching (tests, shared GPUs).
    public var memoryBudget: Int
    /// Plan few large launches (GPUs, accelerators) rather than cache-sized ones (CPU
    /// devices); see `DeviceMemory.prefersLargeLaunches`. Settable for tests and tuning.
    public var prefersLargeLaunches: Bool
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
        prefersLargeLaunches = dev.type != "cpu"
    }

    /// Uploads/downloads on this device so far (shared by every backend on the device).
    public var transferStats: TransferStats { ctx.transferStats }
    public func resetTransferStats() { ctx.resetTransferStats() }
    /// Number of OpenCL programs compiled in this device's context (each once).
    public var programBuilds: Int { ctx.lock.lock(); defer { ctx.lock.unlock() }; return ctx.programBuilds }
    /// Number of programs loaded from the on-disk binary cache instead (`OpenCLProgramCache`).
    public var programBinaryLoads: Int { ctx.lock.lock(); defer { ctx.lock.unlock() }; return ctx.programBinaryLoads }

    public var deviceMemory: DeviceMemory? {
        // Kernels index with 32-bit ints: keep every buffer under 2³¹ elements.
        DeviceMemory(budget: memoryBudget,
                     maxAllocation: min(device.maxAllocation, memoryBudget, (Int(Int32.max) - 1) * precision.byteSize),
                     elementSize: precision.byteSize, prefersLargeLaunches: prefersLargeLaunches)
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

    public func allocate(rows: Int, cols: Int) throws -> DeviceArray { try allocate(rows, cols) }

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

    public func upload(_ a: NDArray, columns: Range<Int>, minus offsets: [Double]?) throws -> DeviceArray {
        try DeviceArrayChecks.columns(a, columns, offsets)
        let rows = a.rows, w = columns.count, p = a.cols, c0 = columns.lowerBound
        let m = try allocate(rows, w)
        if rows == 0 || w == 0 { return m }
        // Through the pinned staging buffer, a block of rows at a time: select, subtract and
        // round in one pass, written where the DMA engine reads from.
        let rowBytes = w * precision.byteSize
        let blockRows = max(1, min(rows, ctx.stagingBytes / rowBytes))
        try a.storage.withUnsafeBufferPointer { src in
            for r0 in stride(from: 0, to: rows, by: blockRows) {
                let nr = min(blockRows, rows - r0)
                try ctx.writeStaged(m.mem, offset: r0 * rowBytes, bytes: nr * rowBytes) { raw in
                    // Rows in parallel slices: the pass is memory-bound, and one core cannot
                    // keep up with the copy engine (tens of ms for an fMRI Y).
                    let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, nr * w / (1 << 18)))
                    DispatchQueue.concurrentPerform(iterations: slices) { sl in
                        let lo = nr * sl / slices, hi = nr * (sl + 1) / slices
                        switch precision {
                        case .float32:
                            let dst = raw.bindMemory(to: Float.self, capacity: nr * w)
                            for i in lo..<hi {
                                let s = (r0 + i) * p + c0, d = i * w
                                if let o = offsets { for j in 0..<w { dst[d + j] = Float(src[s + j] - o[c0 + j]) } }
                                else { for j in 0..<w { dst[d + j] = Float(src[s + j]) } }
                            }
                        case .float64:
                            let dst = raw.bindMemory(to: Double.self, capacity: nr * w)
                            for i in lo..<hi {
                                let s = (r0 + i) * p + c0, d = i * w
                                if let o = offsets { for j in 0..<w { dst[d + j] = src[s + j] - o[c0 + j] } }
                                else { for j in 0..<w { dst[d + j] = src[s + j] } }
                            }
                        }
                    }
                }
            }
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

    /// Runs kernel `name` of the backend's own program over `global` work items (1-D or 2-D).
    func launch(_ name: String, _ global: [Int], _ args: [Arg]) throws {
        try launch(source: OpenCLKernels.source, name, global, args)
    }

    public var runsDevicePrograms: Bool { true }

    public func launch(_ program: DeviceProgram, _ kernel: String, global: [Int], _ args: [KernelArgument]) throws {
        let converted: [Arg] = try args.map { a in
            switch a {
            case .array(let m): return .mem(try matrix(m, program.name).mem)
            case .int(let v): return .int(v)
            case .real(let v): return .real(v)
            }
        }
        try launch(source: OpenCLKernels.prelude + program.source, kernel, global, converted)
    }

    private func launch(source: String, _ name: String, _ global: [Int], _ args: [Arg]) throws {
        if global.contains(0) { return }
        ctx.lock.lock(); defer { ctx.lock.unlock() }
        let k = try ctx.kernel(name, source: source,
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
        try ctx.profiled(.kernel) { ev in
            try CLError.check(clEnqueueNDRangeKernel(ctx.queue, k, cl_uint(g.count), nil, &g, &local, 0, nil, ev),
                              "running kernel \(name)")
        }
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
        try ctx.profiled(.deviceBLAS, flops: 2 * Double(m) * Double(n) * Double(k)) { ev in
            try ctx.callCLBlast(.gemm, precision) {
                let st: CLBlastStatusCode
                switch precision {
                case .float32:
                    st = CLBlastSgemm(CLBlastLayoutRowMajor, ta, tb, m, n, k, Float(alpha), a.mem, 0, max(1, a.cols),
                                      b.mem, 0, max(1, b.cols), 0, c.mem, 0, max(1, n), &q, ev)
                case .float64:
                    st = CLBlastDgemm(CLBlastLayoutRowMajor, ta, tb, m, n, k, alpha, a.mem, 0, max(1, a.cols),
                                      b.mem, 0, max(1, b.cols), 0, c.mem, 0, max(1, n), &q, ev)
                }
                try CLError.check(st.rawValue, "matmul (CLBlast gemm \(m)×\(k)·\(k)×\(n))")
            }
        }
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
            try ctx.profiled(.deviceBLAS, flops: Double(n) * Double(n) * Double(k)) { ev in
                try ctx.callCLBlast(.syrk, precision) {
                    let st: CLBlastStatusCode
                    switch precision {
                    case .float32:
                        st = CLBlastSsyrk(CLBlastLayoutRowMajor, CLBlastTriangleUpper, t, n, k, 1, a.mem, 0, max(1, a.cols),
                                          0, c.mem, 0, max(1, n), &q, ev)
                    case .float64:
                        st = CLBlastDsyrk(CLBlastLayoutRowMajor, CLBlastTriangleUpper, t, n, k, 1, a.mem, 0, max(1, a.cols),
                                          0, c.mem, 0, max(1, n), &q, ev)
                    }
                    try CLError.check(st.rawValue, "syrk (CLBlast \(n)×\(n), k = \(k))")
                }
            }
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
    public func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray) { try host.qr(a) }
    public func lu(_ a: NDArray) throws -> (pl: NDArray, u: NDArray) { try host.lu(a) }
    public func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray { try host.solve(a, b) }
    public func solveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray { try host.solveSPD(a, b) }
    public func lstsq(_ a: NDArray, _ b: NDArray, rcond: Double) throws -> (x: NDArray, rank: Int, s: NDArray) {
        try host.lstsq(a, b, rcond: rcond)
    }

    // MARK: gathers and column reductions

    public func gatherRows(_ a: DeviceArray, rows: [Int], minus offset: DeviceArray?) throws -> DeviceArray {
        let src = try matrix(a, "gather rows"), w = src.cols
        try DeviceArrayChecks.rows(rows, within: src.rows)
        let off = try offset.map { try matrix($0, "gather rows") }
        if let o = off, o.rows * o.cols != w { throw ComputeError("gather rows: offset has \(o.rows * o.cols) values for \(w) columns") }
        let out = try allocate(rows.count, w)
        if rows.isEmpty || w == 0 { return out }
        let idx = try OpenCLIndexBuffer(ctx: ctx, rows)
        // Without an offset the kernel reads `src` as a dummy offset and ignores it (flag 0).
        try launch("nls_gather_rows", [w, rows.count], [.int(rows.count), .int(w), .mem(src.mem), .mem(idx.mem),
                                                         .int(off == nil ? 0 : 1), .mem((off ?? src).mem), .mem(out.mem)])
        // The index buffer is released when this returns; the queue is in order and the
        // OpenCL runtime keeps a released buffer alive until its enqueued kernels finish.
        return out
    }

    public func columnMeans(_ a: DeviceArray) throws -> DeviceArray {
        let src = try matrix(a, "column means")
        let mean = try allocate(1, src.cols)
        try launch("nls_column_means", [src.cols], [.int(src.rows), .int(src.cols), .mem(src.mem), .mem(mean.mem)])
        return mean
    }

    public func subtractRow(_ a: DeviceArray, _ row: DeviceArray) throws {
        let m = try matrix(a, "subtract row"), r = try matrix(row, "subtract row")
        guard r.rows * r.cols == m.cols else { throw ComputeError("subtract row: row has \(r.rows * r.cols) values for \(m.cols) columns") }
        try launch("nls_subtract_row", [m.cols, m.rows], [.int(m.rows), .int(m.cols), .mem(r.mem), .mem(m.mem)])
    }
}
