import Foundation
import NLSCompute

/// Runs independent work items — CV folds, target batches, grid candidates, later
/// searchlight centres and subjects — and returns their results in index order. The one
/// way NLSLearn goes parallel: estimators describe items, the executor decides where they
/// run. Threads today; a process or node implementation can be added behind the same
/// protocol (items are identified by index, results come back in order, the first error by
/// index wins, so any distribution gives the same answer).
public protocol Executor {
    /// Items that may run at once.
    var workers: Int { get }
    /// Runs `body(i)` for i in 0..<count. While more than one item runs at once, the
    /// backend's own host threads (OpenBLAS) are limited so the pools do not oversubscribe
    /// the cores.
    func map<T>(_ count: Int, backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T]
    /// `map` over `weights.count` items whose costs are roughly proportional to `weights`
    /// (an executor that splits items into fixed blocks balances them by weight). Same
    /// results as `map`.
    func map<T>(weights: [Double], backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T]
    /// Throws `CancellationError` when the run should stop (for loops that do not go
    /// through `map`, such as a device's batches).
    func checkCancelled() throws
}

extension Executor {
    public func checkCancelled() throws {}

    /// Threads take items one at a time, so they balance themselves: weights are not needed.
    public func map<T>(weights: [Double], backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
        try map(weights.count, backend: backend, body)
    }
}

/// `Executor` on a pool of threads (joblib's threading backend).
public struct ThreadExecutor: Executor {
    /// Requested threads; ≤ 0 means every core.
    public let nJobs: Int
    /// Asked before each item; when it returns true no new item starts and `map` throws
    /// `CancellationError` (Ctrl-C in the language).
    public var shouldStop: (() -> Bool)?
    /// Told after each finished item: (items done, items in all). Called from worker
    /// threads, one call at a time.
    public var progress: ((Int, Int) -> Void)?

    public init(nJobs: Int, shouldStop: (() -> Bool)? = nil, progress: ((Int, Int) -> Void)? = nil) {
        self.nJobs = nJobs; self.shouldStop = shouldStop; self.progress = progress
    }

    public var workers: Int {
        nJobs <= 0 ? ProcessInfo.processInfo.activeProcessorCount : nJobs
    }

    public func checkCancelled() throws {
        if shouldStop?() == true { throw CancellationError() }
    }

    public func map<T>(_ count: Int, backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
        let jobs = max(1, min(workers, count))
        if jobs <= 1 {
            return try (0..<count).map { i in
                if shouldStop?() == true { throw CancellationError() }
                let r = try body(i)
                progress?(i + 1, count)
                return r
            }
        }
        // The workers share the cores with the BLAS threads they start: workers × threads =
        // cores, so more jobs never leave cores idle (16 cores, 2 jobs: 8 threads each).
        return try backend.withHostThreads(Self.blasThreadsPerWorker(cores: ProcessInfo.processInfo.activeProcessorCount, jobs: jobs)) {
            try concurrentMap(count, jobs: jobs, body)
        }
    }

    /// BLAS threads each of `jobs` workers may use on `cores` cores (at least one).
    public static func blasThreadsPerWorker(cores: Int, jobs: Int) -> Int {
        max(1, cores / max(1, jobs))
    }

    private func concurrentMap<T>(_ count: Int, jobs: Int, _ body: (Int) throws -> T) throws -> [T] {
        var results = [Result<T, Error>?](repeating: nil, count: count)
        let lock = NSLock()
        var next = 0, done = 0, stopped = false
        results.withUnsafeMutableBufferPointer { out in
            let base = out
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    lock.lock()
                    if !stopped, shouldStop?() == true { stopped = true }
                    let i = next; next += 1
                    lock.unlock()
                    if i >= count || stopped { break }
                    let r: Result<T, Error>
                    do { r = .success(try body(i)) } catch { r = .failure(error) }
                    base[i] = r
                    if let report = progress {
                        lock.lock(); done += 1; report(done, count); lock.unlock()
                    }
                }
            }
        }
        if stopped { throw CancellationError() }
        return try results.map { try $0!.get() }
    }
}
