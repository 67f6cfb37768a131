import Foundation
import NLSCompute

enum Parallel {
    /// Runs `body(i)` for i in 0..<count on up to `nJobs` threads (nJobs <= 0: all cores)
    /// and returns the results in index order; rethrows the first error (by index).
    /// While more than one of our own threads runs, OpenBLAS is limited to one thread so
    /// the two thread pools do not oversubscribe the cores; the old setting is restored.
    static func map<T>(_ count: Int, nJobs: Int, backend: ComputeBackend,
                       _ body: (Int) throws -> T) throws -> [T] {
        let jobs = effectiveJobs(nJobs, count: count)
        if jobs <= 1 {
            return try (0..<count).map(body)
        }
        let restoreBLAS: Int? = backend is CPUBackend ? CPUBackend.blasThreads : nil
        if restoreBLAS != nil { CPUBackend.setBLASThreads(1) }
        defer { if let n = restoreBLAS { CPUBackend.setBLASThreads(n) } }

        var results = [Result<T, Error>?](repeating: nil, count: count)
        let lock = NSLock()
        var next = 0
        results.withUnsafeMutableBufferPointer { out in
            let base = out
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    lock.lock(); let i = next; next += 1; lock.unlock()
                    if i >= count { break }
                    let r: Result<T, Error>
                    do { r = .success(try body(i)) } catch { r = .failure(error) }
                    base[i] = r
                }
            }
        }
        return try results.map { try $0!.get() }
    }

    static func effectiveJobs(_ nJobs: Int, count: Int) -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let j = nJobs <= 0 ? cores : nJobs
        return max(1, min(j, count))
    }
}
