import XCTest
@testable import NLSCompute

/// Deterministic test matrices (no dependence on the library's RNG).
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    mutating func matrix(_ r: Int, _ c: Int) -> NDArray {
        NDArray(shape: [r, c], (0..<(r * c)).map { _ in next() })
    }
}

/// The OpenCL device under test, or XCTSkip when this machine has no OpenCL platform.
func openCLBackend(_ precision: DevicePrecision = .float32, memoryBudget: Int? = nil) throws -> OpenCLBackend {
    if OpenCLRuntime.devices().isEmpty {
        throw XCTSkip("no OpenCL platform here (\(OpenCLRuntime.status)); install pocl-opencl-icd to run the OpenCL tests")
    }
    let dev = OpenCLRuntime.devices()[0]
    if precision == .float64 && !dev.fp64 { throw XCTSkip("OpenCL device 0 has no fp64") }
    return try OpenCLBackend(device: 0, precision: precision, memoryBudget: memoryBudget)
}

/// max |a − b| / max |b| (norm-wise relative error), shapes equal.
func relError(_ a: NDArray, _ b: NDArray, file: StaticString = #filePath, line: UInt = #line) -> Double {
    XCTAssertEqual(a.shape, b.shape, file: file, line: line)
    guard a.shape == b.shape else { return .infinity }
    var num = 0.0, den = 0.0
    for (x, y) in zip(a.storage, b.storage) { num = max(num, abs(x - y)); den = max(den, abs(y)) }
    return den == 0 ? num : num / den
}

final class OpenCLBackendTests: XCTestCase {
    static func tol(_ p: DevicePrecision) -> Double { p == .float32 ? 1e-4 : 1e-10 }

    // MARK: devices

    func testDevicesTableStartsWithCPU() throws {
        let table = Devices.available()
        XCTAssertEqual(table.first?.id, "cpu")
        XCTAssertTrue(table.first!.fp64)
        XCTAssertGreaterThan(table.first!.globalMemory, 0)
        XCTAssertEqual(table.count, 1 + OpenCLRuntime.devices().count)
        XCTAssertTrue(try Devices.backend(for: "cpu") === CPUBackend.shared)
        XCTAssertEqual(Devices.availableNames().first, "cpu")
        for (i, d) in OpenCLRuntime.devices().enumerated() {
            XCTAssertEqual(d.index, i)
            XCTAssertEqual(table[i + 1].id, "opencl:\(i)")
            XCTAssertGreaterThan(d.globalMemory, 0); XCTAssertGreaterThan(d.maxAllocation, 0)
            XCTAssertGreaterThan(d.computeUnits, 0); XCTAssertFalse(d.name.isEmpty)
        }
    }

    func testUnknownDeviceListsAvailable() {
        XCTAssertThrowsError(try Devices.backend(for: "tpu")) { e in
            let m = "\(e)"
            XCTAssertTrue(m.contains("unknown device \"tpu\""), m)
            XCTAssertTrue(m.contains("cpu"), m)
        }
        XCTAssertThrowsError(try Devices.backend(for: "opencl:99")) { e in
            XCTAssertTrue("\(e)".contains("cpu"), "\(e)")
        }
        XCTAssertThrowsError(try Devices.backend(for: "opencl:-1"))
    }

    func testNoPlatformKeepsCPUAndExplainsOpenCL() throws {
        OpenCLRuntime.simulateNoPlatform = true
        defer { OpenCLRuntime.simulateNoPlatform = false }
        XCTAssertTrue(OpenCLRuntime.devices().isEmpty)
        XCTAssertTrue(try Devices.backend(for: "cpu") === CPUBackend.shared)
        XCTAssertTrue(try Devices.backend(for: "auto") === CPUBackend.shared)
        XCTAssertEqual(Devices.available().map { $0.id }, ["cpu"])
        for setting in ["opencl", "opencl:0"] {
            XCTAssertThrowsError(try Devices.backend(for: setting)) { e in
                let m = "\(e)"
                XCTAssertTrue(m.contains("no OpenCL platform"), m)
                XCTAssertTrue(m.contains("pocl-opencl-icd"), m)
                XCTAssertTrue(m.contains("\"cpu\""), m)
            }
        }
        XCTAssertTrue(Devices.openCLStatus.contains("pocl-opencl-icd"))
        let x = NDArray(shape: [2, 2], [1, 2, 3, 4])
        XCTAssertEqual(try CPUBackend.shared.matmul(x, x).storage, [7, 10, 15, 22])
    }

    func testAutoPicksGPUOrCPU() throws {
        let b = try Devices.backend(for: "auto")
        if OpenCLRuntime.devices().contains(where: { $0.isGPU }) {
            XCTAssertTrue(b is OpenCLBackend)
        } else {
            XCTAssertTrue(b === CPUBackend.shared)
        }
    }

    func testOpenCLSettingResolves() throws {
        _ = try openCLBackend()
        let b = try Devices.backend(for: "opencl")
        XCTAssertEqual(b.name, "opencl:0")
        XCTAssertTrue(try Devices.backend(for: "OpenCL:0") === b)
        let b64 = try Devices.backend(for: "opencl", precision: .float64) as! OpenCLBackend
        XCTAssertEqual(b64.precision, .float64)
        XCTAssertEqual((b as! OpenCLBackend).precision, .float32)
    }

    // MARK: every backend operation, cpu vs opencl

    func checkGemmSyrk(_ p: DevicePrecision) throws {
        let cl = try openCLBackend(p), cpu = CPUBackend.shared
        var r = TestRandom(1)
        let a = r.matrix(37, 23), b = r.matrix(23, 41), bt = r.matrix(41, 23), at = r.matrix(23, 37)
        for (x, y, ta, tb) in [(a, b, false, false), (at, b, true, false), (a, bt, false, true), (at, bt, true, true)] {
            let want = try cpu.gemm(x, y, transA: ta, transB: tb, alpha: 0.5)
            let got = try cl.gemm(x, y, transA: ta, transB: tb, alpha: 0.5)
            XCTAssertLessThan(relError(got, want), Self.tol(p), "gemm \(ta) \(tb) \(p)")
        }
        for ta in [false, true] {
            let want = try cpu.syrk(a, transA: ta), got = try cl.syrk(a, transA: ta)
            XCTAssertLessThan(relError(got, want), Self.tol(p), "syrk \(ta) \(p)")
            let n = got.shape[0]
            for i in 0..<n { for j in 0..<i { XCTAssertEqual(got[i, j], got[j, i]) } }
        }
        // Degenerate shapes and errors.
        XCTAssertEqual(try cl.gemm(NDArray(zeros: [3, 0]), NDArray(zeros: [0, 2]), transA: false, transB: false, alpha: 1).storage, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try cl.gemm(NDArray(zeros: [0, 3]), NDArray(zeros: [3, 2]), transA: false, transB: false, alpha: 1).shape, [0, 2])
        XCTAssertThrowsError(try cl.gemm(a, a, transA: false, transB: false, alpha: 1)) { e in
            XCTAssertTrue("\(e)".contains("not aligned"), "\(e)")
        }
        XCTAssertThrowsError(try cl.syrk(NDArray(zeros: [3]), transA: false))
    }

    func testGemmSyrkFloat32() throws { try checkGemmSyrk(.float32) }
    func testGemmSyrkFloat64() throws { try checkGemmSyrk(.float64) }

    func testDecompositionsMatchCPU() throws {
        let cl = try openCLBackend(), cpu = CPUBackend.shared
        var r = TestRandom(2)
        let a = r.matrix(12, 7), sq = r.matrix(6, 6), rhs = r.matrix(6, 3)
        let spd = try cpu.gemm(sq, sq, transA: true, transB: false, alpha: 1)
        let (u1, s1, v1) = try cl.svd(a), (u2, s2, v2) = try cpu.svd(a)
        XCTAssertEqual(u1, u2); XCTAssertEqual(s1, s2); XCTAssertEqual(v1, v2)
        let e1 = try cl.eigh(spd), e2 = try cpu.eigh(spd)
        XCTAssertEqual(e1.values, e2.values); XCTAssertEqual(e1.vectors, e2.vectors)
        XCTAssertEqual(try cl.solve(sq, rhs), try cpu.solve(sq, rhs))
        XCTAssertEqual(try cl.solveSPD(spd, rhs), try cpu.solveSPD(spd, rhs))
        let l1 = try cl.lstsq(a, r.matrix(12, 2), rcond: 1e-12)
        var r2 = TestRandom(2); _ = r2.matrix(12, 7); _ = r2.matrix(6, 6); _ = r2.matrix(6, 3)
        let l2 = try cpu.lstsq(a, r2.matrix(12, 2), rcond: 1e-12)
        XCTAssertEqual(l1.x, l2.x); XCTAssertEqual(l1.rank, l2.rank)
        XCTAssertThrowsError(try cl.solveSPD(NDArray(shape: [2, 2], [1, 2, 2, 1]), NDArray(shape: [2, 1], [1, 1])))
    }

    // MARK: device-resident API

    func checkDeviceAPI(_ p: DevicePrecision) throws {
        let cl = try openCLBackend(p), cpu = CPUBackend.shared
        var r = TestRandom(3)
        let a = r.matrix(30, 8), b = r.matrix(8, 5)
        let da = try cl.upload(a), db = try cl.upload(b)
        XCTAssertTrue(da is OpenCLMatrix)
        XCTAssertEqual(da.shape, [30, 8])
        XCTAssertLessThan(relError(try cl.download(da), a), p == .float32 ? 1e-7 : 0.0 + 1e-300)
        let dc = try cl.gemm(da, db, transA: false, transB: false, alpha: 2)
        XCTAssertLessThan(relError(try cl.download(dc), try cpu.gemm(a, b, transA: false, transB: false, alpha: 2)), Self.tol(p))
        XCTAssertLessThan(relError(try cl.download(try cl.syrk(da, transA: true)), try cpu.syrk(a, transA: true)), Self.tol(p))
        // Host default: HostArray round trip.
        let ha = try cpu.upload(a)
        XCTAssertTrue(ha is HostArray)
        XCTAssertEqual(try cpu.download(ha), a)
        XCTAssertThrowsError(try cl.download(ha)) { e in XCTAssertTrue("\(e)".contains("another device"), "\(e)") }
        XCTAssertThrowsError(try cpu.download(da))
    }

    func testDeviceAPIFloat32() throws { try checkDeviceAPI(.float32) }
    func testDeviceAPIFloat64() throws { try checkDeviceAPI(.float64) }

    /// Row gathers, column means and row subtraction: OpenCL against the host defaults.
    func checkGatherAndReductions(_ p: DevicePrecision) throws {
        let cl = try openCLBackend(p), cpu = CPUBackend.shared
        var r = TestRandom(4)
        let y = r.matrix(40, 7)
        let rows = [3, 0, 39, 17, 17, 5]
        var results: [[NDArray]] = []
        for be in [cpu as ComputeBackend, cl] {
            let yd = try be.upload(y)
            let g = try be.gatherRows(yd, rows: rows, minus: nil)
            let mean = try be.columnMeans(g)
            let centred = try be.gatherRows(yd, rows: rows, minus: mean)
            let inPlace = try be.gatherRows(yd, rows: rows, minus: nil)
            try be.subtractRow(inPlace, mean)
            let empty = try be.columnMeans(try be.gatherRows(yd, rows: [], minus: nil))
            results.append(try [g, mean, centred, inPlace, empty].map { try be.download($0) })
            XCTAssertThrowsError(try be.gatherRows(yd, rows: [40], minus: nil)) { e in
                XCTAssertTrue("\(e)".contains("out of range"), "\(e)")
            }
            XCTAssertThrowsError(try be.subtractRow(yd, try be.upload(NDArray(shape: [1, 3], [1, 2, 3]))))
        }
        XCTAssertEqual(results[0][0][1, 2], y[0, 2])
        XCTAssertEqual(results[0][4].shape, [1, 7])
        XCTAssertEqual(results[0][4].storage.max(), 0)
        for (h, d) in zip(results[0], results[1]) {
            XCTAssertEqual(h.shape, d.shape)
            XCTAssertLessThan(relError(d, h), Self.tol(p))
        }
        XCTAssertLessThan(relError(results[0][2], results[0][3]), 1e-15)
    }

    func testGatherAndReductionsFloat32() throws { try checkGatherAndReductions(.float32) }
    func testGatherAndReductionsFloat64() throws { try checkGatherAndReductions(.float64) }

    /// A library's own program runs through `launch`; host backends refuse it clearly.
    func testLibraryProgramLaunch() throws {
        let program = DeviceProgram(name: "test program", source: """
        __kernel void test_twice(const int n, __global real* a) {
            const int i = get_global_id(0);
            if (i < n) a[i] = 2 * a[i];
        }
        """)
        XCTAssertFalse(CPUBackend.shared.runsDevicePrograms)
        XCTAssertThrowsError(try CPUBackend.shared.launch(program, "test_twice", global: [1], [])) { e in
            XCTAssertTrue("\(e)".contains("OpenCL device"), "\(e)")
        }
        let cl = try openCLBackend()
        XCTAssertTrue(cl.runsDevicePrograms)
        let a = try cl.upload(NDArray(shape: [1, 5], [1, 2, 3, 4, 5]))
        try cl.launch(program, "test_twice", global: [5], [.int(5), .array(a)])
        XCTAssertEqual(try cl.download(a).storage, [2, 4, 6, 8, 10])
    }

    // MARK: runtime behaviour

    func testProgramsAreCompiledOnce() throws {
        let cl = try openCLBackend()
        let x = try cl.upload(NDArray(shape: [3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]))
        _ = try cl.syrk(x, transA: false)
        let builds = cl.programBuilds
        XCTAssertGreaterThanOrEqual(builds, 1)
        for _ in 0..<3 { _ = try cl.syrk(x, transA: true) }
        XCTAssertEqual(cl.programBuilds, builds)
    }

    func testTransferStatsCountBytes() throws {
        let cl = try openCLBackend()
        cl.resetTransferStats()
        let a = NDArray(shape: [10, 10], (0..<100).map(Double.init))
        let d = try cl.upload(a)
        _ = try cl.download(d)
        let s = cl.transferStats
        XCTAssertEqual(s.uploads, 1); XCTAssertEqual(s.downloads, 1)
        XCTAssertEqual(s.bytesUploaded, 400); XCTAssertEqual(s.bytesDownloaded, 400)
        XCTAssertGreaterThanOrEqual(s.seconds, 0)
    }

    func testOversizedAllocationIsAnError() throws {
        let cl = try openCLBackend()
        let rows = cl.device.maxAllocation / 4 + 1
        if rows < Int(Int32.max) {
            XCTAssertThrowsError(try cl.allocate(rows, 1)) { e in
                XCTAssertTrue("\(e)".contains("maximum allocation"), "\(e)")
            }
        }
        XCTAssertThrowsError(try cl.allocate(1 << 20, 1 << 12)) { e in
            XCTAssertTrue("\(e)".contains("2³¹ elements") || "\(e)".contains("maximum allocation"), "\(e)")
        }
        let mem = try XCTUnwrap(cl.deviceMemory)
        XCTAssertLessThanOrEqual(mem.maxAllocation / mem.elementSize, Int(Int32.max))
        XCTAssertThrowsError(try OpenCLBackend(device: 99)) { e in XCTAssertTrue("\(e)".contains("cpu"), "\(e)") }
        XCTAssertEqual(CLError.name(-4), "CL_MEM_OBJECT_ALLOCATION_FAILURE")
        XCTAssertThrowsError(try CLError.check(-4, "x")) { e in XCTAssertTrue("\(e)".contains("out of memory"), "\(e)") }
        XCTAssertThrowsError(try CLError.check(-5, "x")) { e in XCTAssertTrue("\(e)".contains("out of memory"), "\(e)") }
    }
}

/// The fused column-select-centre-round upload through the pinned staging buffer.
final class OpenCLStagedUploadTests: XCTestCase {
    func testColumnsMinusOffsetsMatchTheHostDefaultInBothPrecisionsAndInBlocks() throws {
        for p in [DevicePrecision.float32, .float64] {
            let be = try openCLBackend(p)
            var r = TestRandom(21)
            var a = r.matrix(57, 13)
            for i in 0..<a.storage.count { a.storage[i] = 900 + 10 * a.storage[i] }   // fMRI-like: large mean
            let means = a.columnMeans()
            for staging in [64 << 20, 100] {   // one block; blocks of a few rows
                be.ctx.stagingBytes = staging
                defer { be.ctx.stagingBytes = 64 << 20 }
                for cols in [0..<13, 3..<9, 12..<13] {
                    for offsets in [nil, means] {
                        let got = try be.download(try be.upload(a, columns: cols, minus: offsets))
                        var want = a.takingColumns(cols)
                        if let o = offsets { want = want.centered(by: Array(o[cols])) }
                        XCTAssertEqual(got.shape, [57, cols.count])
                        // Rounded after the subtraction: float32 keeps ~7 digits of the centred values.
                        let tol = p == .float32 ? 1e-6 * (offsets == nil ? 1000 : 30) : 0
                        for (u, v) in zip(got.storage, want.storage) { XCTAssertEqual(u, v, accuracy: tol, "\(p) \(cols) staging \(staging)") }
                    }
                }
            }
        }
    }

    /// Large enough to be filled in parallel slices of rows.
    func testALargeUploadFilledInSlicesIsExact() throws {
        let be = try openCLBackend(.float64)
        var r = TestRandom(22)
        let a = r.matrix(1000, 700)
        let means = a.columnMeans()
        let got = try be.download(try be.upload(a, columns: 50..<650, minus: means))
        XCTAssertEqual(got, a.takingColumns(50..<650).centered(by: Array(means[50..<650])))
    }

    func testBadColumnsAndOffsetsAreErrors() throws {
        let be = try openCLBackend(.float32)
        let a = NDArray(shape: [3, 4], (0..<12).map(Double.init))
        XCTAssertThrowsError(try be.upload(a, columns: 2..<5, minus: nil))
        XCTAssertThrowsError(try be.upload(a, columns: 0..<4, minus: [1, 2]))
        XCTAssertThrowsError(try CPUBackend.shared.upload(a, columns: 0..<4, minus: [1, 2]))
        XCTAssertEqual(try be.download(try be.upload(a, columns: 1..<1, minus: nil)).shape, [3, 0])
    }
}
