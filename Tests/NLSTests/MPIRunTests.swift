import Foundation
import XCTest

/// `mpirun -np N nls run` on small scripts (Tests/mpi): the same standard output as one
/// process for SearchLight, cross_val_score, GridSearch and CanICA, rank 0's output rule,
/// devices() / %device per rank, and a failing rank ending the job. Skipped where Open
/// MPI's mpirun is not installed.
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

    func testDevicesAndDeviceMagicReportEveryRank() throws {
        let one = try run("devices.nls", ranks: nil)
        XCTAssertEqual(one.status, 0, one.stderr)
        let oneLines = one.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(oneLines.count, 2, one.stdout)
        let ids = Self.list(oneLines[0])   // this machine's devices, e.g. ["cpu"]
        XCTAssertEqual(ids.first, "\"cpu\"")
        XCTAssertEqual(oneLines[1], "cpu")

        let r = try run("devices.nls", ranks: 2)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, r.stdout)
        guard lines.count == 5 else { return }
        // Every rank's devices in rank order (all on this machine: the same list twice).
        XCTAssertEqual(Self.list(lines[0]), ids.map { _ in "0" } + ids.map { _ in "1" })
        let hosts = Self.list(lines[1])
        XCTAssertEqual(hosts.count, 2 * ids.count)
        XCTAssertEqual(Set(hosts).count, 1, "one host")
        XCTAssertEqual(Self.list(lines[2]), ids + ids)
        // %device: one line per rank, each with its own setting.
        let host = hosts[0].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        XCTAssertEqual(Array(lines[3...]), ["rank 0 (\(host)): cpu", "rank 1 (\(host)): auto"])
    }

    /// The elements of a printed list or array: `["a", "b"]` or `[0 0 1 1]`.
    static func list(_ line: String) -> [String] {
        line.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
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
