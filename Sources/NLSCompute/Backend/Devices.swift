import Foundation

/// One row of the `devices()` table.
public struct DeviceInfo: Sendable, Equatable {
    /// The `device` setting that selects it: "cpu", "opencl:0", …
    public let id: String
    public let platform: String
    public let name: String
    /// "cpu", "gpu", "accelerator", …
    public let type: String
    /// Bytes (host RAM for the cpu device).
    public let globalMemory: Int
    public let maxAllocation: Int
    public let computeUnits: Int
    public let fp64: Bool
}

/// Resolves a `device` setting ("cpu", "opencl", "opencl:N", "auto") to a backend.
/// OpenCL is probed lazily, on the first setting that needs it; without an OpenCL
/// driver (ICD) the cpu device works as before and "opencl" says how to get one.
public enum Devices {
    /// "cpu" | "opencl" (= opencl:0) | "opencl:N" (N-th OpenCL device over all platforms) |
    /// "auto" (the first OpenCL GPU, else cpu). OpenCL backends compute in float32.
    public static func backend(for setting: String) throws -> ComputeBackend {
        try backend(for: setting, precision: .float32)
    }

    /// As `backend(for:)`; `precision` float64 asks an OpenCL device for double precision
    /// (an error on devices without fp64). The cpu device always computes in float64.
    public static func backend(for setting: String, precision: DevicePrecision) throws -> ComputeBackend {
        let s = setting.trimmingCharacters(in: .whitespaces).lowercased()
        switch s {
        case "cpu":
            return CPUBackend.shared
        case "auto":
            if let gpu = OpenCLRuntime.devices().first(where: { $0.isGPU && (precision == .float32 || $0.fp64) }) {
                return try cachedOpenCL(gpu.index, precision)
            }
            return CPUBackend.shared
        case "opencl":
            return try cachedOpenCL(0, precision)
        case "gpu":
            // A GPU, never a CPU OpenCL device (PoCL) standing in for one: without a GPU
            // this is an error that lists what there is; "auto" is the falling-back choice.
            if let gpu = OpenCLRuntime.devices().first(where: { $0.isGPU }) { return try cachedOpenCL(gpu.index, precision) }
            let listed = available().map { "\($0.id) (\($0.type): \($0.name))" }.joined(separator: ", ")
            throw ComputeError("no GPU device here; available: \(listed). Use \"auto\" for a GPU when there is one and the cpu otherwise"
                               + (OpenCLRuntime.devices().isEmpty ? "; for OpenCL, \(OpenCLRuntime.installHint)" : ""))
        default:
            if s.hasPrefix("opencl:"), let n = Int(s.dropFirst("opencl:".count)) {
                return try cachedOpenCL(n, precision)
            }
            throw ComputeError("unknown device \"\(setting)\"; available: \(availableNames().joined(separator: ", "))"
                               + " (and \"auto\")" + (OpenCLRuntime.devices().isEmpty ? "; for OpenCL, \(OpenCLRuntime.installHint)" : ""))
        }
    }

    /// The device settings that work here: "cpu", then "opencl:N" per OpenCL device.
    public static func availableNames() -> [String] {
        ["cpu"] + OpenCLRuntime.devices().map { "opencl:\($0.index)" }
    }

    /// The device table (cpu first), for `devices()`.
    public static func available() -> [DeviceInfo] {
        let mem = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        var out = [DeviceInfo(id: "cpu", platform: "OpenBLAS + LAPACKE", name: cpuName(), type: "cpu",
                              globalMemory: mem, maxAllocation: mem,
                              computeUnits: ProcessInfo.processInfo.activeProcessorCount, fp64: true)]
        for d in OpenCLRuntime.devices() {
            out.append(DeviceInfo(id: "opencl:\(d.index)", platform: d.platform, name: d.name, type: d.type,
                                  globalMemory: d.globalMemory, maxAllocation: d.maxAllocation,
                                  computeUnits: d.computeUnits, fp64: d.fp64))
        }
        return out
    }

    /// A `device` setting and what it runs on, for reports: "cpu (OpenBLAS + LAPACKE,
    /// <CPU model>)", "auto → opencl:0 (NVIDIA CUDA, <GPU>)". Probes OpenCL only when the
    /// setting is not "cpu".
    public static func describe(setting: String) -> String {
        let s = setting.trimmingCharacters(in: .whitespaces).lowercased()
        if s == "cpu" { return "cpu (OpenBLAS + LAPACKE, \(cpuName()))" }
        do {
            let id = try backend(for: s).name
            let info = available().first { $0.id == id }
            let what = info.map { " (\($0.platform), \($0.name))" } ?? ""
            return (id == s ? s : "\(s) → \(id)") + what
        } catch {
            return "\(s) (unavailable: \(error))"
        }
    }

    /// Why OpenCL devices are missing ("" when there are some), with how to get one.
    public static var openCLStatus: String {
        OpenCLRuntime.devices().isEmpty ? "\(OpenCLRuntime.status); \(OpenCLRuntime.installHint)" : ""
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: OpenCLBackend] = [:]

    private static func cachedOpenCL(_ index: Int, _ precision: DevicePrecision) throws -> OpenCLBackend {
        let key = "\(index):\(precision.rawValue)"
        lock.lock(); defer { lock.unlock() }
        if let b = cache[key], index < OpenCLRuntime.devices().count { return b }
        let b = try OpenCLBackend(device: index, precision: precision)
        cache[key] = b
        return b
    }

    private static func cpuName() -> String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return "host CPU"
    }
}
