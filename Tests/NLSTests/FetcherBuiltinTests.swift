import Foundation
import XCTest

/// The fetch_* builtins through the real binary, against `python3 -m http.server` on
/// 127.0.0.1 serving a small Haxby mirror made here: the record of paths, progress on
/// stderr at verbose 1, nothing downloaded twice, and a clear error when offline.
final class FetcherBuiltinTests: XCTestCase {
    func run(_ cmd: [String], in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = cmd
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(cmd)")
    }

    func testFetchHaxbyFromALocalMirrorAndOffline() throws {
        guard let binary = NLSBinary.find() else { throw XCTSkip("the nls binary is not built") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-fetch-\(UUID().uuidString)").path
        let www = dir + "/www", stage = dir + "/stage"
        for d in [www, stage + "/subj3"] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in ["bold.nii.gz", "labels.txt", "mask4_vt.nii.gz", "anat.nii.gz"] {
            try Data("subj3 \(f)\n".utf8).write(to: URL(fileURLWithPath: stage + "/subj3/" + f))
        }
        try run(["tar", "-czf", www + "/subj3-2010.01.14.tar.gz", "-C", stage, "subj3"], in: dir)
        try run(["sh", "-c", "md5sum subj3-2010.01.14.tar.gz > MD5SUMS && echo mask > mask.nii.gz"], in: www)
        // A free port: bind 0 in Python, print it, serve.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", """
        import http.server, socketserver, sys, functools
        h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
        http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
        s = socketserver.TCPServer(("127.0.0.1", 0), h)
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """, www]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw XCTSkip("python3 -m http.server did not start") }
            line.append(chunk)
        }
        let url = "http://127.0.0.1:\(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))/"
        let script = """
        set verbose = 1
        let h = fetch_haxby(data_dir: "\(dir)/data", subjects: [3], url: "\(url)")
        print(len(h.func), h.func[0], h.mask_vt[0], h.mask)
        let again = fetch_haxby(data_dir: "\(dir)/data", subjects: [3], url: "\(url)")
        print(again.session_target[0])
        """
        let r = try NLSBinary.run(binary, ["-c", script], in: URL(fileURLWithPath: dir), timeout: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        let data = dir + "/data/haxby2001"
        XCTAssertEqual(r.stdout, "1 \(data)/subj3/bold.nii.gz \(data)/subj3/mask4_vt.nii.gz \(data)/mask.nii.gz\n\(data)/subj3/labels.txt\n")
        XCTAssertTrue(r.stderr.contains("[fetch_haxby] downloading \(url)subj3-2010.01.14.tar.gz"), r.stderr)
        XCTAssertTrue(r.stderr.contains("[fetch_haxby] unpacking"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "downloading").count - 1, 3, "mask, MD5SUMS, archive — and nothing the second time:\n\(r.stderr)")

        server.terminate(); server.waitUntilExit()
        let offline = try NLSBinary.run(binary, ["-c", "let h = fetch_haxby(data_dir: \"\(dir)/data2\", url: \"\(url)\")"],
                                        in: URL(fileURLWithPath: dir), timeout: 60)
        XCTAssertEqual(offline.status, 1)
        XCTAssertTrue(offline.stderr.contains("could not download \(url)mask.nii.gz"), offline.stderr)
        XCTAssertTrue(offline.stderr.contains("no connection?"), offline.stderr)
    }
}
