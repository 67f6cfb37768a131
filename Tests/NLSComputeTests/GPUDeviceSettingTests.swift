import XCTest
@testable import NLSCompute

/// `device = "gpu"` means a GPU: on a machine without one it is an error listing the
/// devices (a CPU OpenCL device such as PoCL never stands in); "auto" falls back to cpu.
final class GPUDeviceSettingTests: XCTestCase {
    func testGPUWithoutAGPUIsAnErrorListingTheDevices() throws {
        let hasGPU = OpenCLRuntime.devices().contains { $0.isGPU }
        if hasGPU {
            XCTAssertNoThrow(try Devices.backend(for: "gpu"))
            return
        }
        XCTAssertThrowsError(try Devices.backend(for: "gpu")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("no GPU device here; available: cpu (cpu: "), message)
            for d in OpenCLRuntime.devices() { XCTAssertTrue(message.contains("opencl:\(d.index) ("), message) }
            XCTAssertTrue(message.contains("\"auto\""), message)
        }
        XCTAssertTrue(try Devices.backend(for: "auto") is CPUBackend)
    }
}
