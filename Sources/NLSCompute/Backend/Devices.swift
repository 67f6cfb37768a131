/// Resolves a `device` setting ("cpu", "opencl", "opencl:N", "auto") to a backend.
/// The OpenCL runtime registers itself here (see OpenCL/); until then only "cpu" exists.
public enum Devices {
    public static func backend(for setting: String) throws -> ComputeBackend {
        switch setting {
        case "cpu": return CPUBackend.shared
        case "auto": return CPUBackend.shared
        default:
            throw ComputeError("unknown device \"\(setting)\"; available: cpu")
        }
    }
}
