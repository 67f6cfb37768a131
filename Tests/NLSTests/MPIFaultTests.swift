import Foundation
import XCTest

/// Faults that come from outside the script (issue 14): a rank killed by a signal, and
/// Ctrl-C on mpirun. Either must end every rank within seconds, with a non-zero status
/// and no result file (Tests/mpi/long.nls would write one only at its end).
final class MPIFaultTests: XCTestCase {
    /// A running `mpirun -np 2 nls run long.nls OUT`.
    struct Job {
        let mpirun: Process
        let output: URL
        let dir: URL
    }

    func start(_ script: String = "long.nls", output name: String = "result.csv") throws -> Job {
        let tools = try MPIRunTests.tools()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-mpi-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let output = dir.appendingPathComponent(name)
        let p = Process()
        p.executableURL = tools.mpirun
        p.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", tools.nls.path, "run",
                       MPIRunTests.scripts.appendingPathComponent(script).path, output.path]
        p.currentDirectoryURL = dir
        // Open MPI's notices are not under test; nothing must block on a full pipe.
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return Job(mpirun: p, output: output, dir: dir)
    }

    /// Pids of the `nls` ranks started by this mpirun (its children with an MPI rank), by rank.
    static func ranks(of mpirun: pid_t) -> [Int: pid_t] {
        var found: [Int: pid_t] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), parent(of: pid) == mpirun,
                  let env = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { continue }
            for entry in env.split(separator: 0) {
                let s = String(decoding: entry, as: UTF8.self)
                if s.hasPrefix("OMPI_COMM_WORLD_RANK="), let r = Int(s.dropFirst(21)) { found[r] = pid }
            }
        }
        return found
    }

    /// The parent pid from /proc/PID/stat (the field after the parenthesised command name).
    static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    static func alive(_ pid: pid_t) -> Bool {
        // A zombie (exited, not yet reaped) counts as gone.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// Waits (generously) until both ranks are running, then a little more so they are
    /// inside the script's exchanges rather than in MPI's start-up.
    func waitForRanks(_ job: Job) throws -> [Int: pid_t] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let r = Self.ranks(of: job.mpirun.processIdentifier)
            if r.count == 2 { Thread.sleep(forTimeInterval: 2); return r }
            XCTAssertTrue(job.mpirun.isRunning, "mpirun ended before its ranks started")
            if !job.mpirun.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        job.mpirun.terminate()
        throw XCTSkip("the two ranks did not start within 60 s")
    }

    /// Waits up to `seconds` for mpirun to exit; kills it (and fails) past that.
    func waitForEnd(_ job: Job, ranks: [Int: pid_t], within seconds: TimeInterval) -> TimeInterval {
        let start = Date()
        while job.mpirun.isRunning, Date().timeIntervalSince(start) < seconds { Thread.sleep(forTimeInterval: 0.05) }
        let took = Date().timeIntervalSince(start)
        if job.mpirun.isRunning {
            XCTFail("mpirun still running \(Int(seconds)) s after the fault")
            kill(job.mpirun.processIdentifier, SIGKILL)
            for pid in ranks.values { kill(pid, SIGKILL) }
        }
        job.mpirun.waitUntilExit()
        return took
    }

    func assertCleanEnd(_ job: Job, ranks: [Int: pid_t], took: TimeInterval) {
        XCTAssertLessThan(took, 30, "the job took \(took) s to end")
        XCTAssertNotEqual(job.mpirun.terminationStatus, 0, "a faulted job must not exit 0")
        // Every rank is gone a moment after mpirun (orphans would keep computing).
        let deadline = Date().addingTimeInterval(10)
        while ranks.values.contains(where: Self.alive), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        for (r, pid) in ranks where Self.alive(pid) {
            XCTFail("rank \(r) (pid \(pid)) still running after mpirun ended")
            kill(pid, SIGKILL)
        }
        // No result file, and no temporary of one left beside it.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: job.dir.path)) ?? []
        XCTAssertEqual(left, [], "files left by the interrupted job")
        try? FileManager.default.removeItem(at: job.dir)
    }

    func testRankKilledBySignalEndsTheJob() throws {
        let job = try start()
        let ranks = try waitForRanks(job)
        XCTAssertEqual(kill(ranks[1]!, SIGKILL), 0)
        let took = waitForEnd(job, ranks: ranks, within: 60)
        assertCleanEnd(job, ranks: ranks, took: took)
    }

    /// Waits (up to 60 s) for rank 0's save to be under way: its temporary beside the output.
    static func waitForTemporary(in dir: URL) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            if names.contains(where: { $0.contains(".nls-tmp-") }) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func testRankKilledDuringRankZerosSaveLeavesNoTemporary() throws {
        let job = try start("big_write.nls", output: "result.nii.gz")
        let ranks = try waitForRanks(job)
        XCTAssertTrue(Self.waitForTemporary(in: job.dir), "rank 0's save never started")
        // mpirun ends rank 0 with SIGTERM: its handler removes the half-written temporary.
        XCTAssertEqual(kill(ranks[1]!, SIGKILL), 0)
        let took = waitForEnd(job, ranks: ranks, within: 60)
        assertCleanEnd(job, ranks: ranks, took: took)
    }

    func testInterruptingOneRankEndsTheJobAsInterrupted() throws {
        let job = try start()
        let ranks = try waitForRanks(job)
        // A SIGINT to one rank only (a scheduler's signal, `kill -INT`): that rank stops at
        // its next check and aborts the job with the interrupted status, 130.
        XCTAssertEqual(kill(ranks[1]!, SIGINT), 0)
        let took = waitForEnd(job, ranks: ranks, within: 60)
        XCTAssertEqual(job.mpirun.terminationStatus, 130)
        assertCleanEnd(job, ranks: ranks, took: took)
    }

    func testInterruptingMPIRunStopsEveryRank() throws {
        let job = try start()
        let ranks = try waitForRanks(job)
        // What Ctrl-C in a terminal does: the ranks run in their own process groups (Open
        // MPI puts them there), so only mpirun gets the SIGINT and must stop them.
        XCTAssertEqual(kill(job.mpirun.processIdentifier, SIGINT), 0)
        let took = waitForEnd(job, ranks: ranks, within: 60)
        assertCleanEnd(job, ranks: ranks, took: took)
    }
}
