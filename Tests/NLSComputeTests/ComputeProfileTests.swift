import XCTest
@testable import NLSCompute

/// `ComputeProfile`: what `%prun` prints is what the backends did.
final class ComputeProfileTests: XCTestCase {
    func testNothingIsRecordedWithoutAnActiveProfile() throws {
        let profile = ComputeProfile()
        var r = TestRandom(1)
        _ = try CPUBackend.shared.gemm(r.matrix(8, 4), r.matrix(4, 3), transA: false, transB: false, alpha: 1)
        XCTAssertNil(ComputeProfile.active)
        XCTAssertEqual(profile.tally(.hostBLAS).count, 0)
    }

    func testHostBLASAndDecompositionsAreCountedWithTheirFLOPs() throws {
        let profile = ComputeProfile()
        var r = TestRandom(2)
        let a = r.matrix(30, 7), b = r.matrix(30, 5)
        try ComputeProfile.recording(profile) {
            _ = try CPUBackend.shared.gemm(a, b, transA: true, transB: false, alpha: 1)   // 7×30 · 30×5
            _ = try CPUBackend.shared.syrk(a, transA: true)                                 // 7×7, k = 30
            _ = try CPUBackend.shared.svd(a)
            _ = try CPUBackend.shared.solve(CPUBackend.shared.syrk(a, transA: true), r.matrix(7, 2))
        }
        XCTAssertNil(ComputeProfile.active, "recording ends with its scope")
        let blas = profile.tally(.hostBLAS)
        XCTAssertEqual(blas.count, 3)
        XCTAssertEqual(blas.flops, 2.0 * 7 * 5 * 30 + 2 * (7.0 * 7 * 30))
        XCTAssertEqual(profile.tally(.hostDecomposition).count, 2)
        XCTAssertEqual(profile.tally(.upload).count, 0)
    }

    func testPhasesAddUpInFirstSeenOrderAndNestedRecordingKeepsTheOuterProfile() throws {
        let outer = ComputeProfile(), inner = ComputeProfile()
        ComputeProfile.recording(outer) {
            ComputeProfile.phase("set-up") { }
            ComputeProfile.recording(inner) {
                ComputeProfile.phase("sweep") { usleep(2000) }
                ComputeProfile.phase("set-up") { }
            }
        }
        XCTAssertEqual(outer.phases.map(\.name), ["set-up", "sweep"])
        XCTAssertEqual(outer.phases.map(\.tally.count), [2, 1])
        XCTAssertGreaterThanOrEqual(outer.phases[1].tally.seconds, 0.002)
        XCTAssertTrue(inner.phases.isEmpty)
    }

    func testAPhaseThatThrowsIsStillTimed() throws {
        let profile = ComputeProfile()
        struct Boom: Error {}
        try? ComputeProfile.recording(profile) {
            XCTAssertThrowsError(try ComputeProfile.phase("fails") { throw Boom() })
        }
        XCTAssertEqual(profile.phases.first?.name, "fails")
        XCTAssertEqual(profile.phases.first?.tally.count, 1)
    }

    func testReportListsPhasesAndOnlyTheOperationsThatHappened() throws {
        let profile = ComputeProfile()
        var r = TestRandom(3)
        try ComputeProfile.recording(profile) {
            try ComputeProfile.phase("fit") { _ = try CPUBackend.shared.gemm(r.matrix(64, 64), r.matrix(64, 64), transA: false, transB: false, alpha: 1) }
        }
        let text = profile.report(wall: 1, setting: "cpu")
        XCTAssertTrue(text.hasPrefix("profile: wall 1.0000 s; device setting cpu\n"), text)
        XCTAssertTrue(text.contains("\nfit "), text)
        XCTAssertTrue(text.contains("host BLAS (gemm, syrk)"), text)
        XCTAssertTrue(text.contains("GFLOP/s"), text)
        XCTAssertFalse(text.contains("uploads"), text)
        XCTAssertEqual(ComputeProfile().report(wall: 0, setting: "cpu").components(separatedBy: "\n")[1], "(no compute recorded)")
    }

    func testOpenCLTransfersKernelsAndCLBlastAreRecordedWithBytesAndDeviceTime() throws {
        let be = try openCLBackend(.float32)
        var r = TestRandom(4)
        let a = r.matrix(40, 16), b = r.matrix(16, 8)
        _ = try be.gemm(a, b, transA: false, transB: false, alpha: 1)   // CLBlast compiles outside the profile
        let profile = ComputeProfile()
        try ComputeProfile.recording(profile) {
            let da = try be.upload(a), db = try be.upload(b)
            let c = try be.gemm(da, db, transA: false, transB: false, alpha: 1)
            let m = try be.columnMeans(c)
            _ = try be.download(m)
        }
        let up = profile.tally(.upload), down = profile.tally(.download)
        XCTAssertEqual(up.count, 2)
        XCTAssertEqual(up.bytes, (40 * 16 + 16 * 8) * 4)
        XCTAssertEqual(down.count, 1)
        XCTAssertEqual(down.bytes, 8 * 4)
        let blas = profile.tally(.deviceBLAS)
        XCTAssertEqual(blas.count, 1)
        XCTAssertEqual(blas.flops, 2.0 * 40 * 8 * 16)
        XCTAssertGreaterThan(blas.seconds, 0, "device time from event profiling")
        XCTAssertEqual(profile.tally(.deviceBLASHost).count, 1)
        XCTAssertEqual(profile.tally(.kernel).count, 1, "the column-means kernel")
        XCTAssertEqual(profile.tally(.synchronisation).count, 1, "the blocking download waits for the queue")
        XCTAssertEqual(profile.devices, ["opencl:0 (\(be.device.name))"])
        XCTAssertTrue(profile.report(wall: 1, setting: "cpu").hasPrefix("profile: wall 1.0000 s; device setting cpu; devices used: opencl:0"))
    }

    func testKernelsStillQueuedWhenRecordingEndsAreCollected() throws {
        let be = try openCLBackend(.float32)
        var r = TestRandom(5)
        let da = try be.upload(r.matrix(50, 6))
        let profile = ComputeProfile()
        try ComputeProfile.recording(profile) {
            for _ in 0..<3 { _ = try be.columnMeans(da) }   // no transfer: nothing drains the queue
        }
        XCTAssertEqual(profile.tally(.kernel).count, 3)
        XCTAssertEqual(profile.tally(.upload).count, 0)
    }
}
