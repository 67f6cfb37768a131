import XCTest
@testable import NLSCompute

/// CLBlast tuning: the stored file's format, and tuned parameters applied to real GEMMs.
final class CLBlastTuningTests: XCTestCase {
    func testTuningFileRoundTripsAndRejectsAnotherDeviceOrDamage() {
        let results = [CLBlastTuning.Result(kernel: "Xgemm", precision: .float32, parameters: ["MWG": 64, "NWG": 32]),
                       CLBlastTuning.Result(kernel: "XgemmDirect", precision: .float64, parameters: ["WGD": 16])]
        let text = CLBlastTuning.encode(results, key: "dev\u{0}driver 1")
        XCTAssertEqual(CLBlastTuning.decode(text, key: "dev\u{0}driver 1"), results)
        XCTAssertNil(CLBlastTuning.decode(text, key: "dev\u{0}driver 2"), "a driver update invalidates the tuning")
        XCTAssertNil(CLBlastTuning.decode(text.replacingOccurrences(of: "MWG=64", with: "MWG=x"), key: "dev\u{0}driver 1"))
        XCTAssertNil(CLBlastTuning.decode(text.replacingOccurrences(of: "Xgemm ", with: "Xfoo "), key: "dev\u{0}driver 1"))
        XCTAssertNil(CLBlastTuning.decode("", key: "k"))
    }

    func testSizeAndFractionAreValidatedBeforeAnyWork() throws {
        let be = try openCLBackend(.float32)
        for (size, fraction) in [(100, 0.1), (0, 0.1), (32768, 0.1), (128, 0.0), (128, 1.5), (128, -1)] {
            XCTAssertThrowsError(try CLBlastTuning.tune(be, size: size, fraction: fraction)) { e in
                XCTAssertTrue("\(e)".contains("tune:"), "\(e)")
            }
        }
    }

    /// Parameters as the tuner reports them, stored, loaded by a "new process" (the
    /// per-context flag reset) and applied: products stay exact.
    func testStoredParametersAreAppliedAndGEMMStaysCorrect() throws {
        let be = try openCLBackend(.float32)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-tuning-\(getpid())").path
        setenv("NLS_OPENCL_CACHE_DIR", dir, 1)
        defer { unsetenv("NLS_OPENCL_CACHE_DIR"); try? FileManager.default.removeItem(atPath: dir) }
        // CLBlast's generic defaults for these kernels, written out: a valid set on any device.
        let direct = CLBlastTuning.Result(kernel: "XgemmDirect", precision: .float32,
                                          parameters: ["KWID": 2, "MDIMAD": 8, "MDIMCD": 8, "NDIMBD": 8, "NDIMCD": 8,
                                                       "PADA": 1, "PADB": 1, "VWMD": 1, "VWND": 1, "WGD": 8])
        let path = try XCTUnwrap(CLBlastTuning.store([direct], device: be.device, deviceID: be.ctx.deviceID))
        XCTAssertTrue(path.hasPrefix(dir + "/clblast-"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(CLBlastTuning.decode(text, key: CLBlastTuning.key(device: be.device, deviceID: be.ctx.deviceID)), [direct])
        be.ctx.resetTuningApplied()
        var r = TestRandom(11)
        let a = r.matrix(37, 29), b = r.matrix(29, 23)
        let got = try be.gemm(a, b, transA: false, transB: false, alpha: 1)
        let want = try CPUBackend.shared.gemm(a, b, transA: false, transB: false, alpha: 1)
        XCTAssertLessThan(relError(got, want), 1e-5)
        XCTAssertEqual(be.ctx.appliedTunings(.float32), 1)
    }

    /// The tuner itself, on a sliver of the search space (about a minute on PoCL): it
    /// returns parameters for both kernels, stores them, and GEMMs with them are right.
    func testTunerFindsParametersThatWork() throws {
        let be = try openCLBackend(.float32)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-tuner-\(getpid())").path
        setenv("NLS_OPENCL_CACHE_DIR", dir, 1)
        defer { unsetenv("NLS_OPENCL_CACHE_DIR"); try? FileManager.default.removeItem(atPath: dir) }
        let (results, file) = try CLBlastTuning.tune(be, size: 128, fraction: 0.0005)
        XCTAssertEqual(results.map(\.kernel), ["Xgemm", "XgemmDirect"])
        XCTAssertTrue(results.allSatisfy { !$0.parameters.isEmpty })
        XCTAssertNotNil(file)
        var r = TestRandom(12)
        let a = r.matrix(300, 200), b = r.matrix(200, 150)
        XCTAssertLessThan(relError(try be.gemm(a, b, transA: false, transB: false, alpha: 1),
                                   try CPUBackend.shared.gemm(a, b, transA: false, transB: false, alpha: 1)), 1e-5)
    }
}
