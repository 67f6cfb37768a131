import XCTest
@testable import NLSCompute

/// The on-disk cache of compiled OpenCL programs: format, damage, and a real round trip
/// through the device's driver (forced on, since PoCL has it off by default).
final class OpenCLProgramCacheTests: XCTestCase {
    func testEntriesRoundTripAndDamageIsRejected() {
        let bin: [UInt8] = Array(0..<200).map { UInt8($0) }
        let bytes = OpenCLProgramCache.encode(bin, key: "device\u{0}source")
        XCTAssertEqual(OpenCLProgramCache.decode(bytes, key: "device\u{0}source"), bin)
        XCTAssertNil(OpenCLProgramCache.decode(bytes, key: "device\u{0}other source"), "another key")
        XCTAssertNil(OpenCLProgramCache.decode(Array(bytes.dropLast(9)), key: "device\u{0}source"), "truncated")
        XCTAssertNil(OpenCLProgramCache.decode(bytes + [0], key: "device\u{0}source"), "trailing bytes")
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        XCTAssertNil(OpenCLProgramCache.decode(flipped, key: "device\u{0}source"), "checksum")
        XCTAssertNil(OpenCLProgramCache.decode([], key: "k"))
        XCTAssertNil(OpenCLProgramCache.decode(OpenCLProgramCache.magic, key: "k"))
    }

    func testCacheIsOffOnPoCLByDefaultAndFollowsTheEnvironment() throws {
        guard let (id, _) = OpenCLRuntime.deviceID(0) else { throw XCTSkip("no OpenCL device here") }
        let dev = OpenCLRuntime.devices()[0]
        let env = ["HOME": "/tmp/home"]
        let byDefault = OpenCLProgramCache.forProgram(device: dev, deviceID: id, options: "", source: "s", environment: env)
        XCTAssertEqual(byDefault == nil, dev.platform.contains("Portable Computing Language"))
        XCTAssertNil(OpenCLProgramCache.forProgram(device: dev, deviceID: id, options: "", source: "s",
                                                   environment: env.merging(["NLS_OPENCL_CACHE": "0"]) { $1 }))
        let on = OpenCLProgramCache.forProgram(device: dev, deviceID: id, options: "", source: "s",
                                               environment: ["NLS_OPENCL_CACHE": "1", "XDG_CACHE_HOME": "/x"])
        XCTAssertEqual(on?.directory, "/x/nls/opencl")
        let other = OpenCLProgramCache.forProgram(device: dev, deviceID: id, options: "-DX", source: "s",
                                                  environment: ["NLS_OPENCL_CACHE": "1", "XDG_CACHE_HOME": "/x"])
        XCTAssertNotEqual(on?.path, other?.path, "options are part of the key")
    }

    func testCompiledProgramsAreStoredLoadedAndRebuiltWhenDamaged() throws {
        let be = try openCLBackend(.float32)
        let (dir, stopCaching) = forceProgramCache("nls-clcache")
        defer { stopCaching(); be.ctx.forgetPrograms() }
        var r = TestRandom(9)
        let a = r.matrix(30, 4)
        let expected = a.columnMeans()
        func means() throws -> [Double] { Array(try be.download(try be.columnMeans(try be.upload(a))).storage) }
        func check(_ got: [Double]) { for (u, v) in zip(got, expected) { XCTAssertEqual(u, v, accuracy: 1e-5) } }

        be.ctx.forgetPrograms()
        let builds0 = be.programBuilds, loads0 = be.programBinaryLoads
        check(try means())
        XCTAssertEqual(be.programBuilds, builds0 + 1, "compiled from source")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".clbin") }
        XCTAssertEqual(files.count, 1, "one entry for the backend's program")
        let entry = dir + "/" + files[0]

        be.ctx.forgetPrograms()
        check(try means())
        XCTAssertEqual(be.programBinaryLoads, loads0 + 1, "loaded from the cache")
        XCTAssertEqual(be.programBuilds, builds0 + 1, "not compiled again")

        // A damaged entry is removed, the source compiled, and a good entry written back.
        var bytes = [UInt8](FileManager.default.contents(atPath: entry)!)
        let size = bytes.count
        bytes[size / 2] ^= 0xFF
        _ = FileManager.default.createFile(atPath: entry, contents: Data(bytes))
        be.ctx.forgetPrograms()
        check(try means())
        XCTAssertEqual(be.programBuilds, builds0 + 2, "rebuilt from source")
        XCTAssertEqual([UInt8](FileManager.default.contents(atPath: entry)!).count, size, "rewritten whole")
        be.ctx.forgetPrograms()
        check(try means())
        XCTAssertEqual(be.programBinaryLoads, loads0 + 2)

        // A truncated entry too.
        _ = FileManager.default.createFile(atPath: entry, contents: Data(bytes.prefix(40)))
        be.ctx.forgetPrograms()
        check(try means())
        XCTAssertEqual(be.programBuilds, builds0 + 3)
    }
}

/// Turns the on-disk program cache on (PoCL has it off by default), into a fresh temporary
/// folder; the closure turns it off again and removes the folder.
func forceProgramCache(_ name: String) -> (dir: String, stop: () -> Void) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
    setenv("NLS_OPENCL_CACHE", "1", 1); setenv("NLS_OPENCL_CACHE_DIR", dir, 1)
    return (dir, {
        unsetenv("NLS_OPENCL_CACHE"); unsetenv("NLS_OPENCL_CACHE_DIR")
        try? FileManager.default.removeItem(atPath: dir)
    })
}
