import NLS
import NLSLearn

/// How long library work runs under the language: on threads (`n_jobs`), stoppable with
/// Ctrl-C between work items, with progress on stderr when `verbose` ≥ 1.
enum LibraryRuns {
    static func executor(nJobs: Int, verbose: Int, label: String, unit: String) -> ThreadExecutor {
        let progress = ProgressReporter.make(verbose: verbose, label: label, unit: unit)
        return ThreadExecutor(nJobs: nJobs, shouldStop: { Interrupt.requested },
                              progress: progress.map { p in { done, total in p.update(done, total) } })
    }

    /// Runs `body`, turning the executor's cancellation into the interpreter's interrupt
    /// (the REPL returns to its prompt; a script exits with 130).
    static func interruptible<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch is CancellationError { throw InterruptedError() }
    }
}
