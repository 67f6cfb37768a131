/// An OpenCL C program that a library registers with a backend (an estimator's own
/// kernels live with the estimator, not here). Backends compile each program once per
/// device and precision with `-DREAL=float|double -DACC=float|double` (`real`: storage of
/// device buffers; `acc`: accumulator, double whenever the device has fp64).
public struct DeviceProgram: Sendable, Hashable {
    /// Shown in error messages ("alpha sweep").
    public let name: String
    public let source: String
    public init(name: String, source: String) { self.name = name; self.source = source }
}

/// One argument of a kernel launch.
public enum KernelArgument {
    /// A matrix made by the same backend.
    case array(DeviceArray)
    /// A 32-bit `int` in the kernel (throws when the value does not fit).
    case int(Int)
    /// A `real` (float or double, the backend's precision).
    case real(Double)
}

extension ComputeBackend {
    public var runsDevicePrograms: Bool { false }

    public func launch(_ program: DeviceProgram, _ kernel: String, global: [Int], _ args: [KernelArgument]) throws {
        throw ComputeError("\(program.name): device programs need an OpenCL device; \(name) runs on the host")
    }
}
