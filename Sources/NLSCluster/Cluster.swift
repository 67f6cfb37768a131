import CMPI
import Foundation

/// This process's place in an MPI job. MPI is started only when the process was launched
/// by Open MPI's mpirun (its environment says so), and then loaded at run time: a plain
/// `nls run` never loads or initialises MPI.
public enum Cluster {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Info: Sendable {
        public let rank: Int
        public let size: Int
    }

    /// Set once by `start()` on the interpreter thread, before the script runs; read-only after.
    public nonisolated(unsafe) private(set) static var current: Info?
    /// The thread that initialised MPI: the only one that makes MPI calls.
    nonisolated(unsafe) private static var mpiThread: pthread_t?

    public static var rank: Int { current?.rank ?? 0 }
    public static var size: Int { current?.size ?? 1 }

    /// Open MPI's launchers (mpirun / prterun) set these in every rank's environment.
    public static var launchedByMPIRun: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["OMPI_COMM_WORLD_SIZE"] != nil || env["PMIX_RANK"] != nil
    }

    /// Initialises MPI when launched by mpirun (nil otherwise). Call on the thread that
    /// will run the script: collective calls are made from it only.
    @discardableResult
    public static func start() throws -> Info? {
        guard launchedByMPIRun else { return nil }
        if let c = current { return c }
        guard nls_mpi_load() == 0 else { throw StartError(description: String(cString: nls_mpi_error())) }
        var r: Int32 = 0, s: Int32 = 0
        guard nls_mpi_init(&r, &s) == 0 else { throw StartError(description: String(cString: nls_mpi_error())) }
        mpiThread = pthread_self()
        current = Info(rank: Int(r), size: Int(s))
        return current
    }

    /// True on the thread that initialised MPI.
    static var onMPIThread: Bool {
        guard let t = mpiThread else { return false }
        return pthread_equal(t, pthread_self()) != 0
    }

    /// Ends MPI after a successful run (waits for the other ranks).
    public static func finish() {
        guard current != nil else { return }
        _ = nls_mpi_finalize()
    }

    /// Ends every rank of the job with `code` (mpirun exits with it). Output is flushed first.
    public static func abort(_ code: Int32) -> Never {
        fflush(nil)
        if current != nil { nls_mpi_abort(code) }
        exit(code)
    }

    /// Every rank's `bytes` in rank order, on every rank, when this is a job of several
    /// ranks and the caller is the script's thread; nil otherwise (nothing to gather). A
    /// collective: every rank must call it at the same point of the script.
    public static func gatherFromAllRanks(_ bytes: [UInt8]) throws -> [[UInt8]]? {
        guard size > 1, onMPIThread else { return nil }
        return try allGather(bytes)
    }

    /// This machine's name (a rank's host in per-rank reports).
    public static var hostName: String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "?" }
        return String(cString: buf)
    }

    /// Every rank's `bytes`, in rank order, on every rank (MPI_Allgather of the sizes, then
    /// MPI_Allgatherv). Throws the same error on every rank when the total exceeds what MPI's
    /// int counts address (2 GiB).
    static func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        let n = size
        var mine = UInt64(bytes.count)
        var sizes = [UInt64](repeating: 0, count: n)
        try check(withUnsafeBytes(of: &mine) { m in
            sizes.withUnsafeMutableBytes { nls_mpi_allgather_bytes(m.baseAddress, 8, $0.baseAddress) }
        })
        let total = sizes.reduce(0, +)
        guard total <= UInt64(Int32.max) else {
            throw StartError(description: "MPI: the ranks' results take \(total) bytes, more than the 2 GiB one exchange can carry; use smaller work items")
        }
        let counts = sizes.map { Int32($0) }
        var displs = [Int32](repeating: 0, count: n)
        for r in 1..<max(1, n) { displs[r] = displs[r - 1] + counts[r - 1] }
        var all = [UInt8](repeating: 0, count: Int(total))
        try check(bytes.withUnsafeBytes { src in
            all.withUnsafeMutableBytes { dst in
                nls_mpi_allgatherv_bytes(src.baseAddress, Int32(bytes.count), dst.baseAddress, counts, displs)
            }
        })
        return (0..<n).map { r in Array(all[Int(displs[r])..<Int(displs[r] + counts[r])]) }
    }

    private static func check(_ rc: Int32) throws {
        if rc != 0 { throw StartError(description: String(cString: nls_mpi_error())) }
    }
}
