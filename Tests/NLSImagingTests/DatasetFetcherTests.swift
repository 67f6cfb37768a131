import Foundation
import XCTest
@testable import NLSImaging

/// Downloads against a local HTTP server on 127.0.0.1 (Python's http.server with HTTP Range
/// support added, started by the test on a free port, serving files made by the test): no
/// internet needed. Covers a plain download, resume of a truncated partial file, checksum
/// mismatch, a refused connection, stopping between chunks, and the fetchers end to end.
final class DatasetFetcherTests: XCTestCase {
    static let serverScript = """
    import http.server, os, re, socketserver, sys
    root, log = sys.argv[1], sys.argv[2]
    class H(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
        def log_message(self, *a): pass
        def do_GET(self):
            with open(log, "a") as f: f.write("%s %s\\n" % (self.path, self.headers.get("Range", "-")))
            path = self.translate_path(self.path.split("?")[0])
            if not os.path.isfile(path):
                self.send_error(404); return
            data = open(path, "rb").read()
            m = re.match(r"bytes=(\\d+)-$", self.headers.get("Range", ""))
            if m:
                start = int(m.group(1))
                if start >= len(data):
                    self.send_response(416); self.send_header("Content-Length", "0"); self.end_headers(); return
                self.send_response(206)
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
                data = data[start:]
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
    class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
    s = S(("127.0.0.1", 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """

    var server: Process?
    var root = ""
    var logFile = ""
    var base = ""

    override func setUpWithError() throws {
        let dir = tempDir()
        root = dir + "/www"
        logFile = dir + "/requests.log"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Self.serverScript.write(toFile: dir + "/server.py", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", dir + "/server.py", root, logFile]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        server = p
        // The first line is the port it bound.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw XCTSkip("the local HTTP server did not start") }
            line.append(chunk)
        }
        let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        base = "http://127.0.0.1:\(port)/"
    }

    override func tearDown() {
        if let p = server, p.isRunning { p.terminate(); p.waitUntilExit() }
    }

    func bytes(_ n: Int, seed: UInt8 = 7) -> Data { Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }) }
    func requests() -> [String] {
        (try? String(contentsOfFile: logFile, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    func testMD5KnownVectors() {
        XCTAssertEqual(MD5.hex(Data()), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(MD5.hex(Data("The quick brown fox jumps over the lazy dog".utf8)), "9e107d9d372bb6826bd81d3542a419d6")
        XCTAssertEqual(MD5.hex(Data(String(repeating: "a", count: 1000).utf8)), "cabe45dcc9ae5b66ba86600cca6b8ba8")
    }

    func testDownloadVerifiesAndIsCachedAfterwards() throws {
        let payload = bytes(300_000)
        try payload.write(to: URL(fileURLWithPath: root + "/a.bin"))
        let dest = tempDir() + "/sub/a.bin"
        final class Box: @unchecked Sendable { var got: Int64 = 0 }
        let reported = Box()
        let d = Downloader(progress: { got, _ in reported.got = got })
        XCTAssertEqual(try d.fetch(base + "a.bin", to: dest, md5: MD5.hex(payload)), .downloaded)
        XCTAssertEqual(FileManager.default.contents(atPath: dest), payload)
        XCTAssertEqual(reported.got, 300_000)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest + ".part"))
        XCTAssertEqual(try d.fetch(base + "a.bin", to: dest), .cached)
        XCTAssertEqual(requests().count, 1)
    }

    func testResumesATruncatedPartialFileWithARangeRequest() throws {
        let payload = bytes(200_000, seed: 3)
        try payload.write(to: URL(fileURLWithPath: root + "/b.bin"))
        let dest = tempDir() + "/b.bin"
        try payload.prefix(123_456).write(to: URL(fileURLWithPath: dest + ".part"))
        XCTAssertEqual(try Downloader().fetch(base + "b.bin", to: dest, md5: MD5.hex(payload)), .resumed)
        XCTAssertEqual(FileManager.default.contents(atPath: dest), payload)
        XCTAssertEqual(requests(), ["/b.bin bytes=123456-"])
    }

    func testAPartialFileAsLongAsTheFileStartsOver() throws {
        let payload = bytes(1000)
        try payload.write(to: URL(fileURLWithPath: root + "/c.bin"))
        let dest = tempDir() + "/c.bin"
        try bytes(1000, seed: 9).write(to: URL(fileURLWithPath: dest + ".part"))
        XCTAssertEqual(try Downloader().fetch(base + "c.bin", to: dest, md5: MD5.hex(payload)), .downloaded)
        XCTAssertEqual(FileManager.default.contents(atPath: dest), payload)
    }

    func testChecksumMismatchRemovesThePartAndSaysSo() throws {
        try bytes(5000).write(to: URL(fileURLWithPath: root + "/d.bin"))
        let dest = tempDir() + "/d.bin"
        XCTAssertThrowsError(try Downloader().fetch(base + "d.bin", to: dest, md5: String(repeating: "0", count: 32))) { e in
            XCTAssertTrue("\(e)".contains("checksum mismatch"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest + ".part"))
    }

    func testMissingFileAndRefusedConnectionAreClearErrors() throws {
        let dest = tempDir() + "/e.bin"
        XCTAssertThrowsError(try Downloader().fetch(base + "missing.bin", to: dest)) { e in
            XCTAssertTrue("\(e)".contains("HTTP 404"), "\(e)")
        }
        // A port nothing listens on: bind one, close it, connect to it.
        server?.terminate(); server?.waitUntilExit()
        XCTAssertThrowsError(try Downloader(timeout: 10).fetch(base + "a.bin", to: dest)) { e in
            XCTAssertTrue("\(e)".contains("could not download"), "\(e)")
            XCTAssertTrue("\(e)".contains("no connection?"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest))
        XCTAssertThrowsError(try Downloader().fetch("ftp://example.org/x", to: dest)) { e in
            XCTAssertTrue("\(e)".contains("not a valid http(s) URL"), "\(e)")
        }
    }

    func testStopBetweenChunksKeepsThePartForResume() throws {
        let payload = bytes(4_000_000, seed: 5)
        try payload.write(to: URL(fileURLWithPath: root + "/f.bin"))
        let dest = tempDir() + "/f.bin"
        final class Flag: @unchecked Sendable { var stop = false }
        let flag = Flag()
        let d = Downloader(shouldStop: { flag.stop }, progress: { got, _ in if got > 0 { flag.stop = true } })
        XCTAssertThrowsError(try d.fetch(base + "f.bin", to: dest)) { e in XCTAssertTrue(e is CancellationError, "\(e)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dest))
        let partial = (try? FileManager.default.attributesOfItem(atPath: dest + ".part")[.size] as? NSNumber)??.intValue ?? 0
        XCTAssertGreaterThan(partial, 0)
        XCTAssertLessThan(partial, payload.count)
        XCTAssertEqual(try Downloader().fetch(base + "f.bin", to: dest, md5: MD5.hex(payload)), .resumed)
        XCTAssertEqual(FileManager.default.contents(atPath: dest), payload)
    }

    /// Builds `name` (a .tar.gz of `files` relative paths with small contents) in the server root.
    func makeArchive(_ name: String, files: [String]) throws -> Data {
        let stage = tempDir()
        for f in files {
            let path = stage + "/" + f
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("content of \(f)\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        let archive = root + "/" + name
        try FileManager.default.createDirectory(atPath: (archive as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tar", "-czf", archive, "-C", stage] + files
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return FileManager.default.contents(atPath: archive)!
    }

    func testFetchHaxbyFromAMirror() throws {
        let archive = try makeArchive("subj2-2010.01.14.tar.gz", files: ["subj2/bold.nii.gz", "subj2/labels.txt", "subj2/mask4_vt.nii.gz", "subj2/anat.nii.gz"])
        try Data("\(MD5.hex(archive))  subj2-2010.01.14.tar.gz\n".utf8).write(to: URL(fileURLWithPath: root + "/MD5SUMS"))
        try Data("mask".utf8).write(to: URL(fileURLWithPath: root + "/mask.nii.gz"))
        let dataDir = tempDir()
        var messages: [String] = []
        let f = DatasetFetcher(log: { messages.append($0) })
        let h = try f.haxby(dataDir: dataDir, subjects: [2], url: base)
        XCTAssertEqual(h.func_, [dataDir + "/haxby2001/subj2/bold.nii.gz"])
        XCTAssertEqual(h.sessionTarget, [dataDir + "/haxby2001/subj2/labels.txt"])
        XCTAssertEqual(FileManager.default.contents(atPath: h.anat[0]), Data("content of subj2/anat.nii.gz\n".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataDir + "/haxby2001/subj2-2010.01.14.tar.gz"), "the archive is removed once unpacked")
        XCTAssertTrue(messages.contains { $0.hasPrefix("downloading") })
        // A second call downloads nothing.
        let before = requests().count
        _ = try f.haxby(dataDir: dataDir, subjects: [2], url: base)
        XCTAssertEqual(requests().count, before)
        XCTAssertThrowsError(try f.haxby(dataDir: dataDir, subjects: [7], url: base)) { e in XCTAssertTrue("\(e)".contains("from 1 to 6")) }
    }

    func testFetchHaxbyRejectsACorruptArchive() throws {
        _ = try makeArchive("subj1-2010.01.14.tar.gz", files: ["subj1/bold.nii.gz"])
        try Data("\(String(repeating: "ab", count: 16))  subj1-2010.01.14.tar.gz\n".utf8).write(to: URL(fileURLWithPath: root + "/MD5SUMS"))
        try Data("mask".utf8).write(to: URL(fileURLWithPath: root + "/mask.nii.gz"))
        XCTAssertThrowsError(try DatasetFetcher().haxby(dataDir: tempDir(), subjects: [1], url: base)) { e in
            XCTAssertTrue("\(e)".contains("checksum mismatch"), "\(e)")
        }
    }

    func testAnArchiveThatDoesNotUnpackIsRemoved() throws {
        try FileManager.default.createDirectory(atPath: root + "/7781", withIntermediateDirectories: true)
        try Data("not a gzip file".utf8).write(to: URL(fileURLWithPath: root + "/7781/adhd40_metadata.tgz"))
        let dataDir = tempDir()
        XCTAssertThrowsError(try DatasetFetcher().adhd(dataDir: dataDir, nSubjects: 1, url: base)) { e in
            XCTAssertTrue("\(e)".contains("cannot unpack"), "\(e)")
            XCTAssertTrue("\(e)".contains("the archive was removed"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataDir + "/adhd/adhd40_metadata.tgz"))
    }

    func testFetchMiyawakiAndADHDFromAMirror() throws {
        let runs = (1...12).map { ("figure", $0) } + (1...20).map { ("random", $0) }
        var files = runs.map { "func/data_\($0.0)_run" + String(format: "%02d", $0.1) + ".nii.gz" }
        files += runs.map { "label/data_\($0.0)_run" + String(format: "%02d", $0.1) + "_label.csv" }
        files += DatasetFetcher.miyawakiROIs.map { "mask/\($0).nii.gz" } + ["mask/mask.nii.gz", "bg.nii.gz"]
        _ = try makeArchive("miyawaki2008.tgz", files: files)
        let dataDir = tempDir()
        let m = try DatasetFetcher().miyawaki2008(dataDir: dataDir, url: base + "miyawaki2008.tgz?i_agree=1")
        XCTAssertEqual(m.func_.count, 32)
        XCTAssertTrue(m.func_[0].hasSuffix("func/data_figure_run01.nii.gz"))
        XCTAssertEqual(m.maskROI.count, 38)
        XCTAssertTrue(FileManager.default.fileExists(atPath: m.background))

        _ = try makeArchive("7781/adhd40_metadata.tgz", files: ["ADHD200_40subs_motion_parameters_and_phenotypics.csv"])
        for (n, id) in DatasetFetcher.adhdIDs.prefix(2).enumerated() {
            _ = try makeArchive("\(7782 + n)/adhd40_\(id).tgz", files: ["data/\(id)/\(id)_rest_tshift_RPI_voreg_mni.nii.gz", "data/\(id)/\(id)_regressors.csv"])
        }
        let a = try DatasetFetcher().adhd(dataDir: dataDir, nSubjects: 2, url: base)
        XCTAssertEqual(a.func_, [dataDir + "/adhd/data/0010042/0010042_rest_tshift_RPI_voreg_mni.nii.gz",
                                 dataDir + "/adhd/data/0010064/0010064_rest_tshift_RPI_voreg_mni.nii.gz"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: a.phenotypic))
        XCTAssertThrowsError(try DatasetFetcher().adhd(dataDir: dataDir, nSubjects: 41, url: base))
    }
}
