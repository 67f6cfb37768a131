import Foundation
import XCTest

/// Two "hosts" on one machine (issue 14): two network namespaces joined by a veth pair
/// (10.77.0.1 and 10.77.0.2), each with its own host name, one rank in each from a
/// hostfile. mpirun runs in the first; its rsh launcher is a script that enters the
/// namespace owning the address (`ip netns exec`) instead of ssh. MPI traffic can only go
/// over the veth: `--mca btl tcp,self` and different network namespaces. Needs root.
final class MPITwoHostTests: XCTestCase {
    let tag = String(getpid() % 1_000_000)
    var nsA: String { "nlsmpiA\(tag)" }
    var nsB: String { "nlsmpiB\(tag)" }
    var vethA: String { "nlsvA\(tag)" }
    var vethB: String { "nlsvB\(tag)" }
    /// Where `ip` is (found by makeHosts).
    var ip = "/usr/sbin/ip"

    /// Runs a command; its exit status and combined output.
    @discardableResult
    static func sh(_ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Makes the two namespaces and the link; skips (with the reason) where that is not possible.
    func makeHosts() throws {
        guard getuid() == 0 else { throw XCTSkip("two-host MPI test needs root (ip netns)") }
        for tool in ["ip", "unshare"] where Self.sh(["which", tool]).status != 0 {
            throw XCTSkip("two-host MPI test needs `\(tool)` (iproute2, util-linux)")
        }
        ip = Self.sh(["which", "ip"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        // Registered first: the namespaces go whatever happens below (deleting a namespace
        // deletes its end of the veth, and with it the pair).
        addTeardownBlock { [nsA, nsB] in
            Self.sh(["ip", "netns", "del", nsA]); Self.sh(["ip", "netns", "del", nsB])
        }
        let probe = Self.sh(["ip", "netns", "add", nsA])
        guard probe.status == 0 else {
            throw XCTSkip("`ip netns add` is not permitted here (\(probe.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        let steps: [[String]] = [
            ["ip", "netns", "add", nsB],
            ["ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB],
            ["ip", "link", "set", vethA, "netns", nsA], ["ip", "link", "set", vethB, "netns", nsB],
            ["ip", "-n", nsA, "addr", "add", "10.77.0.1/24", "dev", vethA],
            ["ip", "-n", nsB, "addr", "add", "10.77.0.2/24", "dev", vethB],
            ["ip", "-n", nsA, "link", "set", vethA, "up"], ["ip", "-n", nsB, "link", "set", vethB, "up"],
            ["ip", "-n", nsA, "link", "set", "lo", "up"], ["ip", "-n", nsB, "link", "set", "lo", "up"],
        ]
        for s in steps {
            let r = Self.sh(s)
            guard r.status == 0 else { throw XCTSkip("cannot build the test network: `\(s.joined(separator: " "))`: \(r.output)") }
        }
    }

    /// `mpirun -np 2` over the two hosts, inside the first namespace; its result.
    func runOnTwoHosts(_ script: String, in dir: URL) throws -> NLSBinary.Result {
        let (nls, mpirun) = try MPIRunTests.tools()
        // The launcher: "agent HOST COMMAND…" as ssh would, in HOST's namespace, with its host name.
        let agent = dir.appendingPathComponent("netns-agent.sh")
        try """
        #!/bin/sh
        host=$1; shift
        case "$host" in 10.77.0.1) ns=\(nsA);; 10.77.0.2) ns=\(nsB);; *) echo "no such host: $host" >&2; exit 1;; esac
        exec ip netns exec "$ns" unshare --uts sh -c "hostname $ns; $*"
        """.write(to: agent, atomically: true, encoding: .utf8)
        chmod(agent.path, 0o755)
        let hosts = dir.appendingPathComponent("hosts")
        try "10.77.0.1 slots=1\n10.77.0.2 slots=1\n".write(to: hosts, atomically: true, encoding: .utf8)
        let subnet = "10.77.0.0/24"
        let command = [mpirun.path, "--hostfile", hosts.path, "-np", "2", "--mca", "plm_rsh_agent", agent.path,
                       "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", subnet, "--mca", "oob_tcp_if_include", subnet,
                       nls.path, "run", MPIRunTests.scripts.appendingPathComponent(script).path].joined(separator: " ")
        return try NLSBinary.run(URL(fileURLWithPath: ip),
                                 ["netns", "exec", nsA, "unshare", "--uts", "sh", "-c", "hostname \(nsA); exec \(command)"],
                                 in: dir, environment: ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"],
                                 timeout: 120)
    }

    func txBytes(_ ns: String, _ dev: String) -> Int {
        Int(Self.sh(["ip", "netns", "exec", ns, "cat", "/sys/class/net/\(dev)/statistics/tx_bytes"])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func testOneRankInEachOfTwoNetworkNamespaces() throws {
        _ = try MPIRunTests.tools()
        try makeHosts()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-mpi-hosts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // Each rank reports the host it runs on: one per namespace.
        let hosts = try runOnTwoHosts("hosts.nls", in: dir)
        XCTAssertFalse(hosts.timedOut, "the two-host job hung: \(hosts.stderr)")
        XCTAssertEqual(hosts.status, 0, hosts.stderr)
        XCTAssertEqual(hosts.stdout, "rank 0 (\(nsA)): cpu\nrank 1 (\(nsB)): cpu\n", hosts.stderr)

        // A real workload across them gives the single-process output, over the veth.
        let before = txBytes(nsB, vethB)
        let one = try NLSBinary.run(MPIRunTests.tools().nls, ["run", MPIRunTests.scripts.appendingPathComponent("model_selection.nls").path],
                                    in: dir, timeout: 60)
        XCTAssertEqual(one.status, 0, one.stderr)
        let two = try runOnTwoHosts("model_selection.nls", in: dir)
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertEqual(two.stdout, one.stdout)
        // Rank 1 sent its results (kilobytes of scores) to rank 0 through its veth end.
        XCTAssertGreaterThan(txBytes(nsB, vethB) - before, 1000)
    }
}
