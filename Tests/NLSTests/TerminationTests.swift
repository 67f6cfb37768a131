import Foundation
import XCTest

/// `nls run` terminated (SIGTERM) in the middle of a save: the process dies of the signal
/// and leaves neither the file nor its temporary.
final class TerminationTests: XCTestCase {
    func testTerminatedSaveLeavesNoTemporary() throws {
        guard let nls = NLSBinary.find() else { throw XCTSkip("nls binary not built") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-term-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = nls
        p.arguments = ["run", MPIRunTests.scripts.appendingPathComponent("big_write.nls").path, dir.appendingPathComponent("big.nii.gz").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        guard MPIFaultTests.waitForTemporary(in: dir) else {
            p.terminate(); p.waitUntilExit()
            return XCTFail("the save never started")
        }
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(p.terminationStatus, SIGTERM)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }
}
