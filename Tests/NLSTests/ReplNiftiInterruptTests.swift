import Foundation
import XCTest

/// Ctrl-C while a big .nii.gz is being decoded stops the read (it checks the interrupt
/// between 4 MiB chunks), returns to the prompt, binds nothing, and the session goes on.
extension ReplTerminalTests {
    /// A float32 .nii.gz of zeros, 64×64×64×240 (252 MB of voxel data, 1 MB compressed):
    /// a NIfTI-1 header written here, the file compressed with `gzip -1`.
    func writeBigNifti() throws -> String {
        let raw = workDir.appendingPathComponent("big.nii").path
        var h = [UInt8](repeating: 0, count: 352)
        func put<T>(_ v: T, _ at: Int) { withUnsafeBytes(of: v) { for (i, b) in $0.enumerated() { h[at + i] = b } } }
        put(Int32(348), 0)
        for (i, d) in [4, 64, 64, 64, 240, 1, 1, 1].enumerated() { put(Int16(d), 40 + 2 * i) }
        put(Int16(16), 70); put(Int16(32), 72)                        // float32
        for (i, p) in [1, 3, 3, 3, 2, 0, 0, 0].enumerated() { put(Float32(p), 76 + 4 * i) }
        put(Float32(352), 108)                                        // vox_offset
        put(Int16(1), 254)                                            // sform_code
        for (row, values) in [[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]].enumerated() {
            for (i, v) in values.enumerated() { put(Float32(v), 280 + 16 * row + 4 * i) }
        }
        h[344] = 0x6e; h[345] = 0x2b; h[346] = 0x31                  // "n+1"
        XCTAssertTrue(FileManager.default.createFile(atPath: raw, contents: Data(h)))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: raw))
        out.seekToEndOfFile()
        let zeros = Data(count: 1 << 24)
        for _ in 0..<(64 * 64 * 64 * 240 * 4 / (1 << 24)) { out.write(zeros) }
        try out.close()
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") else {
            throw XCTSkip("gzip is not installed")
        }
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/bin/gzip") ? "/bin/gzip" : "/usr/bin/gzip")
        gz.arguments = ["-1", "-f", raw]
        try gz.run()
        gz.waitUntilExit()
        XCTAssertEqual(gz.terminationStatus, 0)
        return raw + ".gz"
    }

    func testCtrlCStopsANiftiLoad() throws {
        let path = try writeBigNifti()
        try startRepl()
        // How long one whole load takes here: the interrupt has to land inside one.
        try line("fn load_time() -> Float { let t0 = clock()\n let s = load_img(\"\(path)\").shape\n return clock() - t0 }")
        var n = prompts()
        try line("print(\"load took\", load_time())")
        try waitForText("load took ")
        try waitForPrompt(after: n)
        let took = screen().components(separatedBy: "load took ").last.flatMap { Double($0.prefix { !$0.isWhitespace }) } ?? 0
        if took < 0.5 { throw XCTSkip("a load takes \(took) s here: too short to interrupt reliably") }
        n = prompts()
        try line("let img = load_img(\"\(path)\")")
        usleep(UInt32(took * 0.25 * 1_000_000))
        let sent = Date()
        try key("C-c")
        try waitForText("interrupted")
        try waitForPrompt(after: n)
        XCTAssertLessThan(Date().timeIntervalSince(sent), max(0.5, took * 0.6), "the read did not stop promptly (a load takes \(took) s)")
        n = prompts()
        try line("img")
        try waitForText("unknown name 'img'")
        try waitForPrompt(after: n)
        try line("load_img(\"\(path)\").shape")
        try waitForText("[64, 64, 64, 240] : List[Int]")
    }
}
