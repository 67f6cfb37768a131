import Foundation
import XCTest
@testable import NLSCompute

/// Saves onto what exists (issue 15): links keep pointing at a replaced target, FIFOs
/// are written directly, directories are refused, stale temporaries are cleaned.
final class AtomicFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func kind(_ path: String) -> mode_t { var st = stat(); lstat(path, &st); return st.st_mode & S_IFMT }

    func testSymlinkKeepsTheLinkAndReplacesTheTarget() throws {
        try "old".write(toFile: dir + "/real.csv", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: "real.csv")
        try AtomicFile.write(dir + "/link.csv", data: Data("new\n".utf8))
        XCTAssertEqual(kind(dir + "/link.csv"), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: dir + "/real.csv", encoding: .utf8), "new\n")
        // a dangling link creates its target
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.csv", withDestinationPath: "made.csv")
        try AtomicFile.write(dir + "/dangling.csv", data: Data("x".utf8))
        XCTAssertEqual(kind(dir + "/dangling.csv"), S_IFLNK)
        XCTAssertEqual(kind(dir + "/made.csv"), S_IFREG)
    }

    func testFifoIsWrittenDirectlyNeverReplaced() throws {
        let fifo = dir + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertEqual(try AtomicFile.destination(fifo), .direct(fifo))
        final class Box: @unchecked Sendable { var data = Data() }
        let got = Box()
        let reader = Thread {
            if let h = FileHandle(forReadingAtPath: fifo) { got.data = h.readDataToEndOfFile() }
        }
        reader.start()
        try AtomicFile.write(fifo, data: Data("a,b\n".utf8))
        while reader.isExecuting { usleep(1000) }
        XCTAssertEqual(String(decoding: got.data, as: UTF8.self), "a,b\n")
        XCTAssertEqual(kind(fifo), S_IFIFO)
        XCTAssertEqual(try AtomicFile.destination("/dev/null"), .direct("/dev/null"))
        XCTAssertEqual(try AtomicFile.destination("/dev/stdout"), .direct("/dev/stdout"))
    }

    func testDirectoriesAndMissingFoldersAreClearErrors() throws {
        try FileManager.default.createDirectory(atPath: dir + "/d", withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write(dir + "/d", data: Data())) { XCTAssertTrue("\($0)".contains("is a directory"), "\($0)") }
        XCTAssertThrowsError(try AtomicFile.write(dir + "/nope/x.csv", data: Data())) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["d"])
    }

    func testStaleTemporariesOfDeadProcessesAreRemoved() throws {
        // pid 2^22+1 is above Linux's pid_max ceiling: certainly not running
        let stale = dir + "/.x.csv.nls-tmp-4194305-7"
        let mine = dir + "/.x.csv.nls-tmp-\(getpid())-7"
        let other = dir + "/.y.csv.nls-tmp-4194305-7"
        for f in [stale, mine, other] { _ = FileManager.default.createFile(atPath: f, contents: Data()) }
        try AtomicFile.write(dir + "/x.csv", data: Data("1\n".utf8))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        XCTAssertEqual(left, [".x.csv.nls-tmp-\(getpid())-7", ".y.csv.nls-tmp-4194305-7", "x.csv"])
    }

    func testPermissionsOfAReplacedFileAreKept() throws {
        let f = dir + "/p.csv"
        _ = FileManager.default.createFile(atPath: f, contents: Data("a".utf8), attributes: [.posixPermissions: 0o640])
        try AtomicFile.write(f, data: Data("b".utf8))
        var st = stat(); stat(f, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o640)
    }
}
