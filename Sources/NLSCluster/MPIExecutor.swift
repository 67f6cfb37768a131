import Foundation
import NLSCompute
import NLSLearn

/// `Executor` over the ranks of an MPI job: items 0..<count are split into contiguous
/// blocks, one per rank (equal counts, or equal total weight when the caller gives the
/// items' weights: `Partition`); each rank runs its block on its own threads (`local`), and the
/// results are gathered to every rank in index order, so every rank continues the script
/// with the same values (it is the same script on every rank). Results travel as exact
/// bytes (`ByteCodable`), so they are bit-identical to a single-process run.
///
/// Only the outermost map made from the MPI thread is distributed: a map nested in an
/// item, or made from a worker thread, runs locally (ranks would otherwise enter
/// collective calls in different orders and hang). A map whose result type is not
/// `ByteCodable` runs every item on every rank: the same answer, without the speed-up.
public struct MPIExecutor: Executor {
    public let local: ThreadExecutor

    public init(local: ThreadExecutor) { self.local = local }

    public var workers: Int { local.workers }

    public func checkCancelled() throws { try local.checkCancelled() }

    /// An item's error raised on another rank, as that rank described it.
    public struct RemoteError: Error, CustomStringConvertible {
        public let rank: Int
        public let message: String
        public var description: String { "\(message) (on rank \(rank))" }
    }

    public func map<T>(_ count: Int, backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
        try distribute(count, { Partition.byCount(count, parts: $0) }, backend: backend, body)
    }

    /// Blocks of near-equal total weight (SearchLight: sphere sizes), not of equal counts.
    public func map<T>(weights: [Double], backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
        try distribute(weights.count, { Partition.byWeight(weights, parts: $0) }, backend: backend, body)
    }

    /// `blocks(n)`: one contiguous block of 0..<count per rank, in rank order.
    private func distribute<T>(_ count: Int, _ blocks: (Int) -> [Range<Int>], backend: ComputeBackend,
                               _ body: (Int) throws -> T) throws -> [T] {
        guard Cluster.size > 1, Cluster.onMPIThread, Nesting.enter() else {
            return try local.map(count, backend: backend, body)
        }
        defer { Nesting.leave() }
        guard let codec = T.self as? ByteCodable.Type else {
            return try local.map(count, backend: backend, body)
        }
        let me = Cluster.rank, n = Cluster.size
        let ranges = blocks(n)
        let mine = ranges[me]
        // Items' errors are kept by index (the first by index wins, on every rank); only a
        // cancellation (Ctrl-C) ends the local block early.
        var outcomes: [Result<T, Error>] = []
        var cancelled = false
        do {
            outcomes = try local.map(mine.count, backend: backend) { j in Result { try body(mine.lowerBound + j) } }
        } catch is CancellationError {
            cancelled = true
        }
        var w = ByteWriter()
        w.put(cancelled ? 1 : 0)
        for o in outcomes {
            switch o {
            case .success(let v): w.put(0); (v as! ByteCodable).encode(to: &w)
            case .failure(let e): w.put(1); w.put(Array("\(e)".utf8))
            }
        }
        let parts = try Cluster.allGather(w.bytes)
        var readers = parts.map { ByteReader($0) }
        for r in 0..<n where try readers[r].int() != 0 { throw CancellationError() }
        var results: [T] = []
        results.reserveCapacity(count)
        for r in 0..<n {
            if r == me {
                // This rank's own values and errors as computed (an error keeps its type).
                for o in outcomes { results.append(try o.get()) }
                continue
            }
            for _ in ranges[r] {
                if try readers[r].int() == 0 {
                    results.append(try codec.decode(from: &readers[r]) as! T)
                } else {
                    throw RemoteError(rank: r, message: String(decoding: try readers[r].byteArray(), as: UTF8.self))
                }
            }
        }
        return results
    }
}

/// Whether a distributed map is running in this process (maps inside it run locally).
enum Nesting {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var depth = 0

    /// True when this is the outermost map (then `leave()` must follow).
    static func enter() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard depth == 0 else { return false }
        depth += 1
        return true
    }

    static func leave() { lock.lock(); depth -= 1; lock.unlock() }
}
