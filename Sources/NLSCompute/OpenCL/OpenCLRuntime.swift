import COpenCL
import Foundation

/// Floating-point precision of device buffers. OpenCL devices default to float32;
/// float64 needs a device with fp64 (`cl_khr_fp64`) and must be asked for.
public enum DevicePrecision: String, Sendable {
    case float32, float64
    public var byteSize: Int { self == .float32 ? 4 : 8 }
}

/// One OpenCL device as `devices()` shows it.
public struct OpenCLDevice: Sendable, Equatable {
    /// Position over all platforms ("opencl:N").
    public let index: Int
    public let platform: String
    public let name: String
    /// "gpu", "cpu", "accelerator", "custom" or "other".
    public let type: String
    public let globalMemory: Int
    public let maxAllocation: Int
    public let computeUnits: Int
    public let fp64: Bool
    public let version: String
    public var isGPU: Bool { type == "gpu" }
}

/// Transfer accounting of an OpenCL device (host → device uploads, device → host
/// downloads), timed with OpenCL event profiling (device-side durations).
public struct TransferStats: Sendable, Equatable {
    public var uploads = 0
    public var downloads = 0
    public var bytesUploaded = 0
    public var bytesDownloaded = 0
    public var uploadSeconds = 0.0
    public var downloadSeconds = 0.0
    public init() {}
    public var transfers: Int { uploads + downloads }
    public var bytes: Int { bytesUploaded + bytesDownloaded }
    public var seconds: Double { uploadSeconds + downloadSeconds }
}

/// OpenCL error code → name, for messages.
enum CLError {
    static let names: [Int32: String] = [
        0: "CL_SUCCESS", -1: "CL_DEVICE_NOT_FOUND", -2: "CL_DEVICE_NOT_AVAILABLE", -3: "CL_COMPILER_NOT_AVAILABLE",
        -4: "CL_MEM_OBJECT_ALLOCATION_FAILURE", -5: "CL_OUT_OF_RESOURCES", -6: "CL_OUT_OF_HOST_MEMORY",
        -7: "CL_PROFILING_INFO_NOT_AVAILABLE", -11: "CL_BUILD_PROGRAM_FAILURE", -30: "CL_INVALID_VALUE",
        -32: "CL_INVALID_PLATFORM", -33: "CL_INVALID_DEVICE", -34: "CL_INVALID_CONTEXT", -36: "CL_INVALID_COMMAND_QUEUE",
        -38: "CL_INVALID_MEM_OBJECT", -45: "CL_INVALID_PROGRAM_EXECUTABLE", -46: "CL_INVALID_KERNEL_NAME",
        -48: "CL_INVALID_KERNEL", -49: "CL_INVALID_ARG_INDEX", -50: "CL_INVALID_ARG_VALUE", -51: "CL_INVALID_ARG_SIZE",
        -52: "CL_INVALID_KERNEL_ARGS", -54: "CL_INVALID_WORK_GROUP_SIZE", -61: "CL_INVALID_BUFFER_SIZE",
        -63: "CL_INVALID_GLOBAL_WORK_SIZE", -1001: "CL_PLATFORM_NOT_FOUND_KHR",
        // CLBlast's own codes
        -1024: "CLBlastNotImplemented", -1022: "CLBlastInvalidMatrixA", -1021: "CLBlastInvalidMatrixB",
        -1020: "CLBlastInvalidMatrixC", -1019: "CLBlastInvalidVectorX", -1018: "CLBlastInvalidVectorY",
        -1017: "CLBlastInvalidDimension", -1016: "CLBlastInvalidLeadDimA", -1015: "CLBlastInvalidLeadDimB",
        -1014: "CLBlastInvalidLeadDimC", -1013: "CLBlastInvalidIncrementX", -1012: "CLBlastInvalidIncrementY",
        -1011: "CLBlastInsufficientMemoryA", -1010: "CLBlastInsufficientMemoryB", -1009: "CLBlastInsufficientMemoryC",
        -1008: "CLBlastInsufficientMemoryX", -1007: "CLBlastInsufficientMemoryY", -2050: "CLBlastInsufficientMemoryTemp",
        -2049: "CLBlastInvalidBatchCount", -2048: "CLBlastInvalidOverrideKernel", -2047: "CLBlastMissingOverrideParameter",
        -2046: "CLBlastInvalidLocalMemUsage", -2045: "CLBlastNoHalfPrecision", -2044: "CLBlastNoDoublePrecision",
        -2043: "CLBlastInvalidVectorScalar", -2042: "CLBlastInsufficientMemoryScalar", -2041: "CLBlastDatabaseError",
        -2040: "CLBlastUnknownError", -2039: "CLBlastUnexpectedError",
    ]

    static func name(_ code: Int32) -> String { names[code] ?? "OpenCL error \(code)" }

    static func isOutOfMemory(_ code: Int32) -> Bool { code == -4 || code == -5 || code == -6 || code == -2050 }

    /// Throws a ComputeError for a failed OpenCL call; allocation failures say so plainly.
    static func check(_ code: Int32, _ what: String) throws {
        guard code != 0 else { return }
        if isOutOfMemory(code) {
            throw ComputeError("OpenCL: \(what) failed: the device ran out of memory (\(name(code))); use a smaller batch_size, or device = \"cpu\"")
        }
        throw ComputeError("OpenCL: \(what) failed (\(name(code)))")
    }
}

/// Discovery of OpenCL platforms and devices. Nothing here traps: with no ICD installed
/// `devices()` is empty and `status` says why.
public enum OpenCLRuntime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: (devices: [OpenCLDevice], ids: [cl_device_id], platforms: [cl_platform_id], status: String)?

    /// Tests: behave as if no ICD were installed (clears the discovery cache when set).
    nonisolated(unsafe) static var simulateNoPlatform = false {
        didSet { lock.lock(); cached = nil; lock.unlock() }
    }

    /// How to get an OpenCL device, for error messages.
    public static let installHint =
        "install an OpenCL driver (ICD) — e.g. `apt-get install pocl-opencl-icd` for the CPU, or your GPU vendor's OpenCL ICD; "
        + "if the driver is there but not registered (e.g. NVIDIA's libnvidia-opencl.so.1 without /etc/OpenCL/vendors), "
        + "put a file `nvidia.icd` containing that library's name in a folder and set OCL_ICD_VENDORS to the folder — or use device = \"cpu\""

    /// All devices over all platforms, in "opencl:N" order.
    public static func devices() -> [OpenCLDevice] { discover().devices }

    /// Why no devices were found ("" when some were).
    public static var status: String { discover().status }

    static func deviceID(_ index: Int) -> (cl_device_id, cl_platform_id)? {
        let d = discover()
        guard index >= 0, index < d.ids.count else { return nil }
        return (d.ids[index], d.platforms[index])
    }

    private static func discover() -> (devices: [OpenCLDevice], ids: [cl_device_id], platforms: [cl_platform_id], status: String) {
        lock.lock(); defer { lock.unlock() }
        if let c = cached { return c }
        var result: (devices: [OpenCLDevice], ids: [cl_device_id], platforms: [cl_platform_id], status: String) = ([], [], [], "")
        defer { cached = result }
        if simulateNoPlatform {
            result.status = "no OpenCL platform found (no ICD installed under /etc/OpenCL/vendors)"
            return result
        }
        if let forced = ProcessInfo.processInfo.environment["NLS_OPENCL_DISABLE"], !forced.isEmpty, forced != "0" {
            result.status = "OpenCL is disabled (NLS_OPENCL_DISABLE is set)"
            return result
        }
        var np: cl_uint = 0
        var err = clGetPlatformIDs(0, nil, &np)
        if err != 0 || np == 0 {
            result.status = err == -1001 || np == 0
                ? "no OpenCL platform found (no ICD installed under /etc/OpenCL/vendors)"
                : "clGetPlatformIDs failed (\(CLError.name(err)))"
            return result
        }
        var plats = [cl_platform_id?](repeating: nil, count: Int(np))
        err = clGetPlatformIDs(np, &plats, nil)
        guard err == 0 else { result.status = "clGetPlatformIDs failed (\(CLError.name(err)))"; return result }
        for case let p? in plats {
            let pname = platformString(p, cl_platform_info(CL_PLATFORM_NAME))
            var nd: cl_uint = 0
            guard clGetDeviceIDs(p, cl_device_type(0xFFFF_FFFF), 0, nil, &nd) == 0, nd > 0 else { continue }
            var devs = [cl_device_id?](repeating: nil, count: Int(nd))
            guard clGetDeviceIDs(p, cl_device_type(0xFFFF_FFFF), nd, &devs, nil) == 0 else { continue }
            for case let d? in devs {
                let type: cl_device_type = deviceScalar(d, cl_device_info(CL_DEVICE_TYPE))
                let typeName: String
                if type & cl_device_type(CL_DEVICE_TYPE_GPU) != 0 { typeName = "gpu" }
                else if type & cl_device_type(CL_DEVICE_TYPE_CPU) != 0 { typeName = "cpu" }
                else if type & cl_device_type(CL_DEVICE_TYPE_ACCELERATOR) != 0 { typeName = "accelerator" }
                else if type & cl_device_type(CL_DEVICE_TYPE_CUSTOM) != 0 { typeName = "custom" }
                else { typeName = "other" }
                let gmem: cl_ulong = deviceScalar(d, cl_device_info(CL_DEVICE_GLOBAL_MEM_SIZE))
                let maxAlloc: cl_ulong = deviceScalar(d, cl_device_info(CL_DEVICE_MAX_MEM_ALLOC_SIZE))
                let cu: cl_uint = deviceScalar(d, cl_device_info(CL_DEVICE_MAX_COMPUTE_UNITS))
                let dfp: cl_device_fp_config = deviceScalar(d, cl_device_info(CL_DEVICE_DOUBLE_FP_CONFIG))
                let ext = deviceString(d, cl_device_info(CL_DEVICE_EXTENSIONS))
                let dev = OpenCLDevice(index: result.devices.count, platform: pname,
                                       name: deviceString(d, cl_device_info(CL_DEVICE_NAME)).trimmingCharacters(in: .whitespaces),
                                       type: typeName, globalMemory: Int(clamping: gmem), maxAllocation: Int(clamping: maxAlloc),
                                       computeUnits: Int(cu), fp64: dfp != 0 || ext.contains("cl_khr_fp64"),
                                       version: deviceString(d, cl_device_info(CL_DEVICE_VERSION)))
                result.devices.append(dev)
                result.ids.append(d)
                result.platforms.append(p)
            }
        }
        if result.devices.isEmpty { result.status = "OpenCL platforms found, but no devices" }
        return result
    }

    static func platformString(_ p: cl_platform_id, _ what: cl_platform_info) -> String {
        var n = 0
        guard clGetPlatformInfo(p, what, 0, nil, &n) == 0, n > 0 else { return "" }
        var buf = [CChar](repeating: 0, count: n + 1)
        guard clGetPlatformInfo(p, what, n, &buf, nil) == 0 else { return "" }
        return String(cString: buf)
    }

    static func deviceString(_ d: cl_device_id, _ what: cl_device_info) -> String {
        var n = 0
        guard clGetDeviceInfo(d, what, 0, nil, &n) == 0, n > 0 else { return "" }
        var buf = [CChar](repeating: 0, count: n + 1)
        guard clGetDeviceInfo(d, what, n, &buf, nil) == 0 else { return "" }
        return String(cString: buf)
    }

    static func deviceScalar<T: FixedWidthInteger>(_ d: cl_device_id, _ what: cl_device_info) -> T {
        var v: T = 0
        _ = clGetDeviceInfo(d, what, MemoryLayout<T>.size, &v, nil)
        return v
    }
}

/// A context + in-order command queue on one device, created lazily and kept for the
/// process's lifetime, with a cache of compiled programs and kernels and the device's
/// transfer statistics. Thread-safe: one lock serialises kernel launches.
final class OpenCLContext: @unchecked Sendable {
    let device: OpenCLDevice
    let deviceID: cl_device_id
    let context: cl_context
    var queue: cl_command_queue?
    let lock = NSLock()
    fileprivate(set) var kernels: [String: cl_kernel] = [:]
    fileprivate(set) var programs: [String: cl_program] = [:]
    private(set) var programBuilds = 0
    /// Per precision, how many stored CLBlast kernel tunings were applied (`CLBlastTuning`);
    /// with `lock`.
    private var tuningApplied: [DevicePrecision: Int] = [:]
    /// Applies the stored CLBlast tuning before the first CLBlast call of a precision; call
    /// with `lock` held.
    func applyTuningOnce(_ precision: DevicePrecision) {
        guard tuningApplied[precision] == nil else { return }
        tuningApplied[precision] = CLBlastTuning.applyStored(self, precision)
    }
    /// Tests: behave as a new process would (apply the stored tuning again).
    func resetTuningApplied() { lock.lock(); tuningApplied = [:]; lock.unlock() }
    func appliedTunings(_ p: DevicePrecision) -> Int? { lock.lock(); defer { lock.unlock() }; return tuningApplied[p] }
    /// Per "ROUTINE precision", where CLBlast's compiled program stands (`CLBlastProgramCache`);
    /// with `lock`.
    var clblastPrograms: [String: CLBlastProgramCache.State] = [:]
    /// CLBlast programs restored from the disk cache instead of compiled; with `lock`.
    var clblastProgramRestores = 0
    /// Tests: behave as a new process would (CLBlast forgets its compiled programs, and
    /// the disk cache is consulted again).
    func forgetCLBlastPrograms() {
        lock.lock(); defer { lock.unlock() }
        _ = CLBlastClearCache()
        clblastPrograms = [:]
    }
    /// Programs loaded from the on-disk cache instead of compiled (`OpenCLProgramCache`).
    private(set) var programBinaryLoads = 0
    private var stats = TransferStats()
    private let statsLock = NSLock()

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [Int: OpenCLContext] = [:]

    /// The shared context of device `index` ("opencl:index").
    static func shared(_ index: Int) throws -> OpenCLContext {
        registryLock.lock(); defer { registryLock.unlock() }
        if let c = registry[index] { return c }
        let c = try OpenCLContext(index: index)
        registry[index] = c
        return c
    }

    private init(index: Int) throws {
        let devs = OpenCLRuntime.devices()
        guard index >= 0, index < devs.count, let (id, _) = OpenCLRuntime.deviceID(index) else {
            throw ComputeError("OpenCL device \(index) does not exist (\(devs.count) found)")
        }
        device = devs[index]
        deviceID = id
        var err: cl_int = 0
        var dev: cl_device_id? = id
        guard let ctx = clCreateContext(nil, 1, &dev, nil, nil, &err), err == 0 else {
            try CLError.check(err == 0 ? -34 : err, "creating a context on \(device.name)")
            throw ComputeError("OpenCL: creating a context on \(device.name) failed")
        }
        context = ctx
        let q = clCreateCommandQueue(ctx, id, cl_command_queue_properties(CL_QUEUE_PROFILING_ENABLE), &err)
        guard let q = q, err == 0 else {
            clReleaseContext(ctx)
            try CLError.check(err == 0 ? -36 : err, "creating a command queue on \(device.name)")
            throw ComputeError("OpenCL: creating a command queue failed")
        }
        queue = q
    }

    // MARK: transfer statistics

    var transferStats: TransferStats { statsLock.lock(); defer { statsLock.unlock() }; return stats }
    func resetTransferStats() { statsLock.lock(); stats = TransferStats(); statsLock.unlock() }

    /// Device-side duration of a completed command (0 when profiling info is missing).
    static func deviceSeconds(_ e: cl_event) -> Double {
        var t0: cl_ulong = 0, t1: cl_ulong = 0
        guard clGetEventProfilingInfo(e, cl_profiling_info(CL_PROFILING_COMMAND_START), 8, &t0, nil) == 0,
              clGetEventProfilingInfo(e, cl_profiling_info(CL_PROFILING_COMMAND_END), 8, &t1, nil) == 0, t1 >= t0
        else { return 0 }
        return Double(t1 - t0) * 1e-9
    }

    /// `hostSeconds`: wall time of the blocking call; what exceeds the device's copy time
    /// was spent waiting for queued work (a synchronisation, for `ComputeProfile`).
    private func record(upload: Bool, bytes: Int, event: cl_event?, hostSeconds: Double) {
        var seconds = 0.0
        if let e = event {
            seconds = Self.deviceSeconds(e)
            clReleaseEvent(e)
        }
        statsLock.lock()
        if upload { stats.uploads += 1; stats.bytesUploaded += bytes; stats.uploadSeconds += seconds }
        else { stats.downloads += 1; stats.bytesDownloaded += bytes; stats.downloadSeconds += seconds }
        statsLock.unlock()
        if let p = ComputeProfile.active {
            p.noteDevice(profileName)
            p.add(upload ? .upload : .download, seconds: seconds, bytes: bytes)
            if !upload { p.add(.synchronisation, seconds: max(0, hostSeconds - seconds)) }
        }
        resolvePendingEvents()
    }

    // MARK: profiled commands

    /// Kernels and CLBlast calls enqueued while a profile records: their events are read
    /// once the queue has passed them (after a blocking transfer, a wait, or when the
    /// profile ends).
    private var pendingEvents: [(ComputeProfile, ComputeProfile.Operation, cl_event, Double)] = []

    /// How profiles name this device.
    var profileName: String { "opencl:\(device.index) (\(device.name))" }

    /// Runs `enqueue` with an event slot when a profile records (nil otherwise), and
    /// tracks the event's device time as `op` with `flops`.
    func profiled(_ op: ComputeProfile.Operation, flops: Double = 0,
                  _ enqueue: (UnsafeMutablePointer<cl_event?>?) throws -> Void) rethrows {
        guard let p = ComputeProfile.active else { try enqueue(nil); return }
        p.noteDevice(profileName)
        var ev: cl_event? = nil
        let t0 = DispatchTime.now().uptimeNanoseconds
        try enqueue(&ev)
        if op == .deviceBLAS { p.add(.deviceBLASHost, seconds: ComputeProfile.seconds(since: t0)) }
        track(op, ev, flops: flops)
    }

    private func track(_ op: ComputeProfile.Operation, _ event: cl_event?, flops: Double) {
        guard let e = event else { return }
        guard let p = ComputeProfile.active else { clReleaseEvent(e); return }
        statsLock.lock()
        pendingEvents.append((p, op, e, flops))
        let flush = pendingEvents.count >= 4096
        statsLock.unlock()
        p.onFinish(self) { [weak self] in
            guard let self else { return }
            _ = clFinish(self.queue)
            self.resolvePendingEvents()
        }
        if flush { try? finish() }
    }

    /// Adds the device time of completed profiled commands to their profiles. Called after
    /// the queue drained (every earlier command of the in-order queue has completed).
    private func resolvePendingEvents() {
        statsLock.lock()
        let done = pendingEvents
        pendingEvents = []
        statsLock.unlock()
        for (p, op, e, flops) in done {
            var e: cl_event? = e
            _ = clWaitForEvents(1, &e)
            p.add(op, seconds: Self.deviceSeconds(e!), flops: flops)
            clReleaseEvent(e)
        }
    }

    // MARK: buffers and transfers

    func allocate(bytes: Int) throws -> cl_mem {
        let size = max(bytes, 16)
        if size > device.maxAllocation {
            throw ComputeError("OpenCL: a buffer of \(CLFormat.bytes(size)) exceeds the device's maximum allocation (\(CLFormat.bytes(device.maxAllocation)) on \(device.name)); use a smaller batch_size, or device = \"cpu\"")
        }
        var err: cl_int = 0
        let mem = clCreateBuffer(context, cl_mem_flags(CL_MEM_READ_WRITE), size, nil, &err)
        guard let m = mem, err == 0 else {
            try CLError.check(err == 0 ? -4 : err, "allocating \(CLFormat.bytes(size)) on \(device.name)")
            throw ComputeError("OpenCL: allocation failed")
        }
        return m
    }

    func write(_ mem: cl_mem, _ src: UnsafeRawPointer, bytes: Int) throws {
        guard bytes > 0 else { return }
        var ev: cl_event?
        let t0 = DispatchTime.now().uptimeNanoseconds
        let err = clEnqueueWriteBuffer(queue, mem, cl_bool(CL_TRUE), 0, bytes, src, 0, nil, &ev)
        try CLError.check(err, "uploading \(CLFormat.bytes(bytes))")
        record(upload: true, bytes: bytes, event: ev, hostSeconds: ComputeProfile.seconds(since: t0))
    }

    func read(_ mem: cl_mem, _ dst: UnsafeMutableRawPointer, bytes: Int) throws {
        guard bytes > 0 else { return }
        var ev: cl_event?
        let t0 = DispatchTime.now().uptimeNanoseconds
        let err = clEnqueueReadBuffer(queue, mem, cl_bool(CL_TRUE), 0, bytes, dst, 0, nil, &ev)
        try CLError.check(err, "downloading \(CLFormat.bytes(bytes))")
        record(upload: false, bytes: bytes, event: ev, hostSeconds: ComputeProfile.seconds(since: t0))
    }

    // MARK: pinned staging

    /// Largest staging buffer kept (bytes); bigger uploads go through it in blocks (tests
    /// lower it to exercise the blocks).
    var stagingBytes = 64 << 20
    private var staging: cl_mem?
    private var stagingSize = 0
    private let stagingLock = NSLock()

    /// Uploads `bytes` into `dst` at `offset` through a page-locked host buffer
    /// (CL_MEM_ALLOC_HOST_PTR, kept and reused): `fill` writes the bytes into the mapped
    /// buffer, then the device copies them (DMA from pinned memory: no driver-side bounce).
    func writeStaged(_ dst: cl_mem, offset: Int, bytes: Int, _ fill: (UnsafeMutableRawPointer) throws -> Void) throws {
        guard bytes > 0 else { return }
        stagingLock.lock(); defer { stagingLock.unlock() }
        if staging == nil || stagingSize < bytes {
            if let s = staging { clReleaseMemObject(s); staging = nil }
            var err: cl_int = 0
            let size = max(bytes, min(stagingBytes, 1 << 20))
            guard let s = clCreateBuffer(context, cl_mem_flags(CL_MEM_READ_ONLY | CL_MEM_ALLOC_HOST_PTR), size, nil, &err), err == 0 else {
                try CLError.check(err == 0 ? -4 : err, "allocating a \(CLFormat.bytes(size)) staging buffer")
                throw ComputeError("OpenCL: allocating a staging buffer failed")
            }
            staging = s; stagingSize = size
        }
        let t0 = DispatchTime.now().uptimeNanoseconds
        var err: cl_int = 0
        // Blocking map: waits until the previous copy out of the buffer has finished.
        guard let ptr = clEnqueueMapBuffer(queue, staging, cl_bool(CL_TRUE), cl_map_flags(CL_MAP_WRITE), 0, bytes, 0, nil, nil, &err),
              err == 0 else {
            try CLError.check(err == 0 ? -5 : err, "mapping the staging buffer")
            throw ComputeError("OpenCL: mapping the staging buffer failed")
        }
        do { try fill(ptr) } catch {
            _ = clEnqueueUnmapMemObject(queue, staging, ptr, 0, nil, nil)
            throw error
        }
        try CLError.check(clEnqueueUnmapMemObject(queue, staging, ptr, 0, nil, nil), "unmapping the staging buffer")
        var ev: cl_event?
        try CLError.check(clEnqueueCopyBuffer(queue, staging, dst, 0, offset, bytes, 0, nil, &ev),
                          "uploading \(CLFormat.bytes(bytes))")
        // The copy must end before the buffer is refilled; waiting here also times it.
        if let e = ev { var w: cl_event? = e; _ = clWaitForEvents(1, &w) }
        record(upload: true, bytes: bytes, event: ev, hostSeconds: ComputeProfile.seconds(since: t0))
    }

    func finish() throws {
        try ComputeProfile.measure(.synchronisation) { try CLError.check(clFinish(queue), "waiting for the device") }
        resolvePendingEvents()
    }

    // MARK: programs and kernels

    fileprivate var workGroupLimits: [UnsafeMutableRawPointer: Int] = [:]

    /// CL_KERNEL_WORK_GROUP_SIZE of a kernel (cached; call with `lock` held).
    func workGroupLimit(_ k: cl_kernel) -> Int {
        let key = UnsafeMutableRawPointer(k)
        if let v = workGroupLimits[key] { return v }
        var v = 0
        if clGetKernelWorkGroupInfo(k, deviceID, cl_kernel_work_group_info(CL_KERNEL_WORK_GROUP_SIZE),
                                    MemoryLayout<Int>.size, &v, nil) != 0 || v < 1 { v = 1 }
        workGroupLimits[key] = v
        return v
    }

    /// The kernel `name` of `source` compiled with `options`; each program is built once
    /// per context.
    func kernel(_ name: String, source: String, options: String) throws -> cl_kernel {
        // Kernel names are only unique within a program: the key names the program too.
        let key = options + "\u{0}" + name + "\u{0}" + String(source.hashValue)
        if let k = kernels[key] { return k }
        let pkey = options + "\u{0}" + source
        let program: cl_program
        // The disk cache is consulted only for a program not yet built in this context.
        let cache = programs[pkey] == nil
            ? OpenCLProgramCache.forProgram(device: device, deviceID: deviceID, options: options, source: source) : nil
        if let p = programs[pkey] {
            program = p
        } else if let cache, let binary = cache.load(), let p = programFromBinary(binary, options: options) {
            programs[pkey] = p
            programBinaryLoads += 1
            program = p
        } else {
            cache?.remove()
            var err: cl_int = 0
            let p: cl_program? = source.withCString { cs in
                var ptr: UnsafePointer<CChar>? = cs
                var len = strlen(cs)
                return clCreateProgramWithSource(context, 1, &ptr, &len, &err)
            }
            guard let p = p, err == 0 else {
                try CLError.check(err == 0 ? -11 : err, "creating a program")
                throw ComputeError("OpenCL: creating a program failed")
            }
            var dev: cl_device_id? = deviceID
            let berr = ComputeProfile.measure(.programBuild) { clBuildProgram(p, 1, &dev, options, nil, nil) }
            if berr != 0 {
                var n = 0
                _ = clGetProgramBuildInfo(p, deviceID, cl_program_build_info(CL_PROGRAM_BUILD_LOG), 0, nil, &n)
                var buf = [CChar](repeating: 0, count: n + 1)
                _ = clGetProgramBuildInfo(p, deviceID, cl_program_build_info(CL_PROGRAM_BUILD_LOG), n, &buf, nil)
                clReleaseProgram(p)
                throw ComputeError("OpenCL: building the kernels for \(device.name) failed (\(CLError.name(berr))):\n\(String(cString: buf))")
            }
            programs[pkey] = p
            programBuilds += 1
            program = p
            if let cache, let binary = programBinary(p) { cache.store(binary) }
        }
        var err: cl_int = 0
        guard let k = clCreateKernel(program, name, &err), err == 0 else {
            try CLError.check(err == 0 ? -46 : err, "creating kernel \(name)")
            throw ComputeError("OpenCL: creating kernel \(name) failed")
        }
        kernels[key] = k
        return k
    }
}

extension OpenCLContext {
    /// Drops the compiled programs and kernels of this context (tests of the on-disk cache:
    /// the next launch compiles or loads again).
    func forgetPrograms() {
        lock.lock(); defer { lock.unlock() }
        for k in kernels.values { clReleaseKernel(k) }
        for p in programs.values { clReleaseProgram(p) }
        kernels = [:]; programs = [:]; workGroupLimits = [:]
    }

    /// A program made from a cached binary, or nil when the driver rejects it (the caller
    /// then compiles the source).
    func programFromBinary(_ binary: [UInt8], options: String) -> cl_program? {
        var err: cl_int = 0, status: cl_int = 0
        var dev: cl_device_id? = deviceID
        var len = binary.count
        let p: cl_program? = binary.withUnsafeBufferPointer { b in
            var ptr: UnsafePointer<UInt8>? = b.baseAddress
            return clCreateProgramWithBinary(context, 1, &dev, &len, &ptr, &status, &err)
        }
        guard let p, err == 0, status == 0 else {
            if let p { clReleaseProgram(p) }
            return nil
        }
        let built = ComputeProfile.measure(.programBuild) { clBuildProgram(p, 1, &dev, options, nil, nil) }
        guard built == 0 else { clReleaseProgram(p); return nil }
        return p
    }

    /// The device binary of a built program (one device), or nil when the driver has none.
    func programBinary(_ p: cl_program) -> [UInt8]? {
        var size = 0
        guard clGetProgramInfo(p, cl_program_info(CL_PROGRAM_BINARY_SIZES), MemoryLayout<Int>.size, &size, nil) == 0,
              size > 0, size < 1 << 30 else { return nil }
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBufferPointer { b -> Bool in
            var ptr: UnsafeMutablePointer<UInt8>? = b.baseAddress
            return clGetProgramInfo(p, cl_program_info(CL_PROGRAM_BINARIES), MemoryLayout<UnsafeMutablePointer<UInt8>?>.size, &ptr, nil) == 0
        }
        return ok ? out : nil
    }
}

/// Small formatting helper for messages.
enum CLFormat {
    static func bytes(_ n: Int) -> String {
        let d = Double(n)
        if d >= Double(1 << 30) { return String(format: "%.1f GiB", d / Double(1 << 30)) }
        if d >= Double(1 << 20) { return String(format: "%.1f MiB", d / Double(1 << 20)) }
        if d >= Double(1 << 10) { return String(format: "%.1f KiB", d / Double(1 << 10)) }
        return "\(n) B"
    }
}
