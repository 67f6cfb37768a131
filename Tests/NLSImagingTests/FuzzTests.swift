import XCTest
import Foundation
@testable import NLSImaging

/// Corrupted copies of real fixtures: every load must either succeed or throw one clean
/// `ImagingError` line naming the file — never crash, never print anything (libnifti included).
final class FuzzTests: XCTestCase {
    var dir = ""
    override func setUp() { dir = tempDir() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs `body` with stderr redirected to a file and returns what was written there.
    func capturingStderr(_ body: () throws -> Void) rethrows -> String {
        fflush(stderr)
        let path = dir + "/stderr.txt"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let saved = dup(2)
        dup2(fd, 2)
        defer {
            fflush(stderr)
            dup2(saved, 2); close(saved); close(fd)
        }
        try body()
        fflush(stderr)
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    var loads = 0, successes = 0

    func tryLoad(_ bytes: [UInt8], name: String, compressed: Bool, rawWrite: Bool = false) throws {
        let path = dir + "/" + name + (compressed ? ".nii.gz" : ".nii")
        if rawWrite || !compressed {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        } else {
            try RawFileIO.write(bytes, to: path, compressed: true)
        }
        loads += 1; if ProcessInfo.processInfo.environment["FUZZ_TRACE"] != nil { print("LOAD", name); fflush(stdout) }
        do {
            let img = try loadImage(path)
            successes += 1
            XCTAssertEqual(img.storage.count, img.shape.reduce(1, *))
        } catch let e as ImagingError {
            XCTAssertTrue(e.message.contains(path), "error does not name the file: \(e)")
            XCTAssertFalse(e.message.contains("\n"))
        }
        unlink(path)
    }

    func testCorruptedFilesNeverCrash() throws {
        let src = try loadImage(Fixture.path("dtype_int16.nii.gz"))
        let plainPath = dir + "/plain.nii"
        try saveImage(src, plainPath)
        let plain = try RawFileIO.read(plainPath, compressed: false)
        let gzBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path("small_fmri.nii.gz"))))
        let smallGz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path("dtype_int16.nii.gz"))))
        XCTAssertEqual(plain.count, 352 + 4 * 5 * 6 * 2)

        let out = try capturingStderr {
            // 1. truncations of the uncompressed file and of gzip streams
            for cut in stride(from: 0, to: plain.count, by: 7) {
                try tryLoad(Array(plain[0..<cut]), name: "trunc\(cut)", compressed: false)
            }
            for cut in stride(from: 0, to: smallGz.count, by: 3) {
                try tryLoad(Array(smallGz[0..<cut]), name: "gztrunc\(cut)", compressed: true, rawWrite: true)
            }
            for cut in stride(from: 0, to: gzBytes.count, by: gzBytes.count / 40) {
                try tryLoad(Array(gzBytes[0..<cut]), name: "bigtrunc\(cut)", compressed: true, rawWrite: true)
            }
            // 2. every header byte replaced by a few values, written plain and gzipped
            for off in 0..<352 {
                for v: UInt8 in [0x00, 0xff, plain[off] ^ 0x80] where v != plain[off] {
                    var b = plain
                    b[off] = v
                    try tryLoad(b, name: "flip\(off)_\(v)", compressed: off % 2 == 0)
                }
            }
            // 3. targeted fields: dims, datatype, bitpix, vox_offset, scl, magic
            func with(_ f: (inout [UInt8]) -> Void) -> [UInt8] { var b = plain; f(&b); return b }
            func put16(_ b: inout [UInt8], _ o: Int, _ v: Int16) { b[o] = UInt8(truncatingIfNeeded: v); b[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
            func putF(_ b: inout [UInt8], _ o: Int, _ v: Float) { let u = v.bitPattern; for i in 0..<4 { b[o + i] = UInt8(truncatingIfNeeded: u >> (8 * UInt32(i))) } }
            var cases: [[UInt8]] = []
            for d in [0, 8, -1, 32767] { cases.append(with { put16(&$0, 40, Int16(d)) }) }
            for d in [0, -5, 32767] { for a in 1...4 { cases.append(with { put16(&$0, 40 + 2 * a, Int16(d)) }) } }
            cases.append(with { put16(&$0, 40, 4); for a in 1...4 { put16(&$0, 40 + 2 * a, 32767) } })
            for dt in [0, 1, 3, 32, 128, 1024, 1536, 2304, -1] { cases.append(with { put16(&$0, 70, Int16(dt)) }) }
            for bp in [0, 7, 64, -8] { cases.append(with { put16(&$0, 72, Int16(bp)) }) }
            for vo in [Float(0), 100, 351.5, 1e9, -352, .nan, .infinity, 3.4e38] { cases.append(with { putF(&$0, 108, vo) }) }
            for s in [Float.nan, .infinity, 0, -1] { cases.append(with { putF(&$0, 112, s) }) }
            cases.append(with { $0[344] = UInt8(ascii: "i") })   // ni1 two-file magic
            cases.append(with { $0[346] = UInt8(ascii: "2") })   // n+2 magic in a NIfTI-1 header
            cases.append(with { $0[0] = 0; $0[1] = 0; $0[2] = 0x01; $0[3] = 0x5c })   // big-endian size field
            for (n, c) in cases.enumerated() {
                try tryLoad(c, name: "case\(n)", compressed: false)
                try tryLoad(c, name: "gzcase\(n)", compressed: true)
            }
            // 4. gzip garbage: random bytes after a gzip magic, and flipped compressed bytes
            var rng = SystemRandomNumberGenerator()
            for n in 0..<40 {
                var g: [UInt8] = [0x1f, 0x8b, 0x08, 0x00] + (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if n % 2 == 0 { g = smallGz; g[10 + n % (g.count - 10)] ^= 0x5a }
                try tryLoad(g, name: "gzgarbage\(n)", compressed: true, rawWrite: true)
            }
            try tryLoad(smallGz, name: "gzip_named_nii", compressed: false)   // gzip content, .nii name
        }
        XCTAssertEqual(out, "", "something was printed to stderr")
        XCTAssertGreaterThan(loads, 1000)
        XCTAssertGreaterThan(successes, 10)
        print("fuzz: \(loads) corrupted loads, \(successes) loaded, \(loads - successes) clean errors")
    }

    func testSaveNeverLeavesPartialFiles() throws {
        let img = try loadImage(Fixture.path("small_fmri.nii.gz"))
        // target name is an existing directory: rename fails, temp file must be removed
        let target = dir + "/out.nii.gz"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        XCTAssertThrowsError(try saveImage(img, target)) { XCTAssertTrue("\($0)".contains(target)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.nii.gz"])
        // file-size limit hit in the middle of the data: error, nothing left behind
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, SIG_IGN)
        var lim = old
        lim.rlim_cur = 20_000
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &lim)
        let r = Result { try saveImage(img, dir + "/big.nii") }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, SIG_DFL)
        XCTAssertThrowsError(try r.get())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.nii.gz"])
        // an existing file is replaced only on success
        let good = dir + "/good.nii"
        try saveImage(img, good)
        let before = try Data(contentsOf: URL(fileURLWithPath: good))
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &lim)
        signal(SIGXFSZ, SIG_IGN)
        let r2 = Result { try saveImage(img, good) }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, SIG_DFL)
        XCTAssertThrowsError(try r2.get())
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: good)), before)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir)), ["out.nii.gz", "good.nii"])
    }
}
