import XCTest
@testable import NLSCompute

/// CLBlast's compiled programs on disk: the key reaches the program CLBlast compiled, a new
/// process restores it instead of compiling, and damaged or rejected entries are rebuilt.
final class CLBlastProgramCacheTests: XCTestCase {
    private func product(_ be: OpenCLBackend, seed: UInt64 = 5) throws {
        var r = TestRandom(seed)
        // 40×30·30×20 is below CLBlast's indirect-GEMM size: its direct kernels run.
        let a = r.matrix(40, 30), b = r.matrix(30, 20)
        let got = try be.gemm(a, b, transA: false, transB: false, alpha: 1)
        XCTAssertLessThan(relError(got, try CPUBackend.shared.gemm(a, b, transA: false, transB: false, alpha: 1)), 1e-5)
        let s = try be.syrk(a, transA: true)
        XCTAssertLessThan(relError(s, try CPUBackend.shared.syrk(a, transA: true)), 1e-5)
    }

    /// The key is computed from CLBlast's parameters and device name as CLBlast 1.5 does;
    /// were it wrong, CLBlast's program would not be found under it and nothing stored.
    func testTheKeyFindsTheProgramCLBlastCompiled() throws {
        let be = try openCLBackend(.float32)
        guard CLBlastProgramCache.supported else { throw XCTSkip("this CLBlast's program store is not reached") }
        be.ctx.forgetCLBlastPrograms()
        XCTAssertNil(CLBlastProgramCache.held(be.ctx.deviceID, .gemm, .float32))
        try product(be)
        for routine in [CLBlastProgramCache.Routine.gemm, .syrk] {
            let id = try XCTUnwrap(CLBlastProgramCache.identity(be.ctx.deviceID, routine, .float32))
            XCTAssertTrue(id.hasPrefix("CLBlast 1.5.") && id.contains(" \(routine.rawValue)_Copy_"), id)
            XCTAssertGreaterThan(CLBlastProgramCache.held(be.ctx.deviceID, routine, .float32)?.count ?? 0, 1000, id)
        }
        XCTAssertNotEqual(CLBlastProgramCache.identity(be.ctx.deviceID, .gemm, .float64),
                          CLBlastProgramCache.identity(be.ctx.deviceID, .gemm, .float32))
    }

    func testProgramsAreStoredRestoredAndRebuiltWhenDamagedOrRejected() throws {
        let be = try openCLBackend(.float32)
        guard CLBlastProgramCache.supported else { throw XCTSkip("this CLBlast's program store is not reached") }
        let (dir, stopCaching) = forceProgramCache("nls-clblast-cache")
        defer { stopCaching(); be.ctx.forgetCLBlastPrograms() }
        let gemmEntry = try XCTUnwrap(CLBlastProgramCache.entry(be.ctx, .gemm, .float32))
        let syrkEntry = try XCTUnwrap(CLBlastProgramCache.entry(be.ctx, .syrk, .float32))
        XCTAssertTrue(gemmEntry.path.hasPrefix(dir + "/"))
        XCTAssertNotEqual(gemmEntry.path, syrkEntry.path)
        func restores() -> Int { be.ctx.lock.lock(); defer { be.ctx.lock.unlock() }; return be.ctx.clblastProgramRestores }

        // A first process compiles and stores both programs.
        be.ctx.forgetCLBlastPrograms()
        let r0 = restores()
        try product(be)
        XCTAssertEqual(restores(), r0)
        XCTAssertEqual(gemmEntry.load(), try XCTUnwrap(CLBlastProgramCache.held(be.ctx.deviceID, .gemm, .float32)))
        XCTAssertEqual(syrkEntry.load(), CLBlastProgramCache.held(be.ctx.deviceID, .syrk, .float32))

        // The next one hands them to CLBlast and does not write them again.
        let written = try FileManager.default.attributesOfItem(atPath: gemmEntry.path)[.modificationDate] as? Date
        be.ctx.forgetCLBlastPrograms()
        try product(be)
        XCTAssertEqual(restores(), r0 + 2)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: gemmEntry.path)[.modificationDate] as? Date, written)

        // A damaged entry is removed; CLBlast compiles and the entry is written whole again.
        var bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: gemmEntry.path)))
        bytes[bytes.count / 2] ^= 0xFF
        XCTAssertTrue(FileManager.default.createFile(atPath: gemmEntry.path, contents: Data(bytes)))
        be.ctx.forgetCLBlastPrograms()
        try product(be)
        XCTAssertEqual(restores(), r0 + 3, "only SYRK's entry was restored")
        XCTAssertEqual(gemmEntry.load(), CLBlastProgramCache.held(be.ctx.deviceID, .gemm, .float32))

        // A sound entry CLBlast cannot use (SYRK's program lacks GEMM's direct kernels): the
        // call fails once, the program is dropped and compiled, and the entry rewritten.
        let syrkProgram = try XCTUnwrap(syrkEntry.load())
        gemmEntry.store(syrkProgram)
        be.ctx.forgetCLBlastPrograms()
        try product(be)
        XCTAssertEqual(restores(), r0 + 5)
        let recompiled = try XCTUnwrap(CLBlastProgramCache.held(be.ctx.deviceID, .gemm, .float32))
        XCTAssertNotEqual(recompiled, syrkProgram)
        XCTAssertEqual(gemmEntry.load(), recompiled)
        XCTAssertNotNil(syrkEntry.load())
    }

    func testNothingIsStoredWhenTheCacheIsOff() throws {
        let be = try openCLBackend(.float32)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-clblast-off-\(getpid())").path
        setenv("NLS_OPENCL_CACHE", "0", 1); setenv("NLS_OPENCL_CACHE_DIR", dir, 1)
        defer { unsetenv("NLS_OPENCL_CACHE"); unsetenv("NLS_OPENCL_CACHE_DIR"); be.ctx.forgetCLBlastPrograms() }
        XCTAssertNil(CLBlastProgramCache.entry(be.ctx, .gemm, .float32))
        be.ctx.forgetCLBlastPrograms()
        try product(be)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    }
}
