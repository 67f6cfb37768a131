import CCLBlastExtras
import COpenCL
import Foundation

/// CLBlast's GEMM kernels tuned for the device they run on. CLBlast ships parameters for
/// the devices it knows and falls back to generic ones elsewhere (a few percent of an
/// H200); `tune` runs CLBlast's own tuner (random search over `fraction` of the space) for
/// the two kernels GEMM and SYRK use — Xgemm (large products) and XgemmDirect (small
/// ones) — and keeps the winners on disk per device, driver and precision, beside the
/// program cache (`OpenCLProgramCache.directory`). Every later process applies them
/// (`CLBlastOverrideParameters`) before its first CLBlast call on that device.
/// `NLS_OPENCL_CACHE=0` turns loading off.
public enum CLBlastTuning {
    public struct Result: Sendable, Equatable {
        public let kernel: String
        public let precision: DevicePrecision
        public let parameters: [String: Int]
    }

    static let kernels = ["Xgemm", "XgemmDirect"]

    /// Tunes both kernels for `backend`'s device and precision on m = n = k = `size`
    /// products, stores the result and applies it in this process.
    public static func tune(_ backend: OpenCLBackend, size: Int = 1024, fraction: Double = 1.0 / 16,
                            progress: (String) -> Void = { _ in }) throws -> (results: [Result], file: String?) {
        // CLBlast's Xgemm tuner needs sizes that are multiples of its largest tile (128).
        guard size >= 128, size <= 16384, size % 128 == 0 else {
            throw ComputeError("tune: size must be a multiple of 128 between 128 and 16384, got \(size)")
        }
        guard fraction > 0, fraction <= 1 else { throw ComputeError("tune: fraction must be in (0, 1], got \(fraction)") }
        let ctx = backend.ctx
        var results: [Result] = []
        for kernel in kernels {
            progress("tuning CLBlast \(kernel) (\(backend.precision.rawValue), \(size)³, \(String(format: "%.3g", fraction * 100))% of the search space) on \(backend.device.name)")
            var buf = [CChar](repeating: 0, count: 4096)
            ctx.lock.lock()
            let st = nls_clblast_tune(ctx.queue, kernel, backend.precision == .float64 ? 1 : 0, size, size, size, fraction, &buf, buf.count)
            ctx.lock.unlock()
            if st == -2040, buf[0] != 0 {
                throw ComputeError("OpenCL: tuning CLBlast's \(kernel) failed: \(String(cString: buf))")
            }
            try CLError.check(st, "tuning CLBlast's \(kernel)")
            results.append(Result(kernel: kernel, precision: backend.precision, parameters: parse(String(cString: buf))))
        }
        let file = store(results, device: backend.device, deviceID: ctx.deviceID)
        try apply(results, deviceID: ctx.deviceID)
        // New parameters make new programs: store them after their first calls.
        ctx.lock.lock(); ctx.clblastPrograms = [:]; ctx.lock.unlock()
        return (results, file)
    }

    /// Applies the stored tuning of this device and precision; how many kernels it covered
    /// (0 without a stored tuning, or when CLBlast rejects it: its own parameters stay).
    static func applyStored(_ ctx: OpenCLContext, _ precision: DevicePrecision) -> Int {
        guard let path = path(device: ctx.device, deviceID: ctx.deviceID),
              let text = try? String(contentsOfFile: path, encoding: .utf8),
              let results = decode(text, key: key(device: ctx.device, deviceID: ctx.deviceID)) else { return 0 }
        let mine = results.filter { $0.precision == precision }
        return (try? apply(mine, deviceID: ctx.deviceID)) != nil ? mine.count : 0
    }

    static func apply(_ results: [Result], deviceID: cl_device_id) throws {
        for r in results where !r.parameters.isEmpty {
            let names = r.parameters.keys.sorted()
            let values = names.map { r.parameters[$0]! }
            let cNames = names.map { strdup($0) }
            defer { cNames.forEach { free($0) } }
            var ptrs = cNames.map { UnsafePointer<CChar>($0) }
            let st = values.withUnsafeBufferPointer { v in
                ptrs.withUnsafeMutableBufferPointer { p in
                    CLBlastOverrideParameters(deviceID, r.kernel, r.precision == .float64 ? CLBlastPrecisionDouble : CLBlastPrecisionSingle,
                                              names.count, p.baseAddress, v.baseAddress)
                }
            }
            try CLError.check(st.rawValue, "applying CLBlast's tuned \(r.kernel) parameters")
        }
    }

    static func parse(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for field in text.split(separator: " ") {
            let kv = field.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Int(kv[1]) { out[String(kv[0])] = v }
        }
        return out
    }

    // MARK: the file: "key <hex of the key>", then "<kernel> <precision> NAME=VALUE ..." lines

    static func key(device: OpenCLDevice, deviceID: cl_device_id) -> String {
        let driver = OpenCLRuntime.deviceString(deviceID, cl_device_info(CL_DRIVER_VERSION))
        return ["clblast-tuning-1", device.platform, device.name, device.version, driver].joined(separator: "\u{0}")
    }

    static func path(device: OpenCLDevice, deviceID: cl_device_id,
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard environment["NLS_OPENCL_CACHE"] != "0", let dir = OpenCLProgramCache.directory(environment) else { return nil }
        let k = key(device: device, deviceID: deviceID)
        return dir + "/clblast-" + String(OpenCLProgramCache.fnv1a(Array(k.utf8)), radix: 16) + ".tuning"
    }

    static func encode(_ results: [Result], key: String) -> String {
        var lines = ["key " + Array(key.utf8).map { String(format: "%02x", $0) }.joined()]
        for r in results {
            lines.append(([r.kernel, r.precision.rawValue] + r.parameters.keys.sorted().map { "\($0)=\(r.parameters[$0]!)" }).joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entries of a tuning file written for `key`; nil when it is for another device or
    /// driver, or damaged.
    static func decode(_ text: String, key: String) -> [Result]? {
        var lines = text.split(separator: "\n")
        guard let first = lines.first, first == "key " + Array(key.utf8).map({ String(format: "%02x", $0) }).joined() else { return nil }
        lines.removeFirst()
        var out: [Result] = []
        for line in lines {
            let f = line.split(separator: " ")
            guard f.count >= 2, kernels.contains(String(f[0])), let p = DevicePrecision(rawValue: String(f[1])) else { return nil }
            let params = parse(f.dropFirst(2).joined(separator: " "))
            guard params.count == f.count - 2 else { return nil }
            out.append(Result(kernel: String(f[0]), precision: p, parameters: params))
        }
        return out
    }

    /// Merges `results` into the device's file (other precisions kept); the path, or nil
    /// when it could not be written (tuning still applies in this process).
    static func store(_ results: [Result], device: OpenCLDevice, deviceID: cl_device_id) -> String? {
        guard let path = path(device: device, deviceID: deviceID) else { return nil }
        let k = key(device: device, deviceID: deviceID)
        var merged = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { decode($0, key: k) } ?? []
        merged.removeAll { old in results.contains { $0.kernel == old.kernel && $0.precision == old.precision } }
        merged += results
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(path, data: Data(encode(merged, key: k).utf8), kind: .cacheEntry)
            return path
        } catch { return nil }
    }
}
