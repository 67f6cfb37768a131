import Foundation
import XCTest

/// `mpirun -np N nls run` on small scripts (Tests/mpi): the same standard output as one
/// process for SearchLight, cross_val_score, GridSearch and CanICA, rank 0's output rule,
/// and a failing rank ending the job. Skipped where Open MPI's mpirun is not installed.
final class MPIRunTests: XCTestCase {
    static let scripts = NLSBinary.packageRoot.appendingPathComponent("Tests/mpi")

    static func tools() throws -> (nls: URL, mpirun: URL) {
        guard let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("mpirun not installed (apt-get install openmpi-bin)") }
        guard let nls = NLSBinary.find() else { throw XCTSkip("nls binary not built") }
        return (nls, URL(fileURLWithPath: mpirun))
    }

    func run(_ script: String, ranks: Int?, timeout: TimeInterval = 60) throws -> NLSBinary.Result {
        let (nls, mpirun) = try Self.tools()
        let path = Self.scripts.appendingPathComponent(script).path
        let dir = FileManager.default.temporaryDirectory
        guard let n = ranks else { return try NLSBinary.run(nls, ["run", path], in: dir, timeout: timeout) }
        return try NLSBinary.run(mpirun, ["--allow-run-as-root", "--oversubscribe", "-np", "\(n)", nls.path, "run", path],
                                 in: dir, timeout: timeout)
    }

    func assertSameAsOneProcess(_ script: String, ranks: [Int]) throws {
        let one = try run(script, ranks: nil)
        XCTAssertEqual(one.status, 0, one.stderr)
        for n in ranks {
            let many = try run(script, ranks: n)
            XCTAssertEqual(many.status, 0, "\(script) on \(n) ranks: \(many.stderr)")
            XCTAssertEqual(many.stdout, one.stdout, "\(script) on \(n) ranks")
        }
    }

    func testSearchLightOnTwoAndThreeRanks() throws { try assertSameAsOneProcess("searchlight.nls", ranks: [2, 3]) }
    func testModelSelectionOnTwoRanks() throws { try assertSameAsOneProcess("model_selection.nls", ranks: [2]) }
    func testCanICAOnTwoRanks() throws { try assertSameAsOneProcess("canica.nls", ranks: [2]) }

    func testOnlyRankZeroPrintsUnlessVerbose() throws {
        let r = try run("ranks.nls", ranks: 2)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init).sorted()
        XCTAssertEqual(lines, ["[rank 1] loud 1", "loud 0", "quiet 0 2"])
    }

    func testFailingRankEndsTheJob() throws {
        let start = Date()
        let r = try run("fault.nls", ranks: 2, timeout: 30)
        XCTAssertFalse(r.timedOut, "the job hung")
        XCTAssertLessThan(Date().timeIntervalSince(start), 15)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("[rank 1]") && r.stderr.contains("boom"), r.stderr)
    }
}
