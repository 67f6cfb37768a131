import NLS
import NLSCluster
import NLSLearn

/// How long library work runs under the language: on threads (`n_jobs`), stoppable with
/// Ctrl-C between work items, with progress on stderr when `verbose` ≥ 1 — and, in an MPI
/// job, over its ranks (each rank on its own `n_jobs` threads). The one place that picks
/// the executor of GridSearch, cross-validation, SearchLight and CanICA.
enum LibraryRuns {
    static func executor(nJobs: Int, verbose: Int, label: String, unit: String) -> Executor {
        let progress = ProgressReporter.make(verbose: progressVerbosity(verbose), label: label, unit: unit)
        return distributed(ThreadExecutor(nJobs: nJobs, shouldStop: { Interrupt.requested },
                                          progress: progress.map { p in { done, total in p.update(done, total) } }))
    }

    /// `local` as it is in a single process; over the ranks (each running `local`) in an MPI job.
    static func distributed(_ local: ThreadExecutor) -> Executor {
        Cluster.size > 1 ? MPIExecutor(local: local) : local
    }

    /// Progress lines come from rank 0 only, unless `verbose` ≥ 2 (as printed output).
    static func progressVerbosity(_ verbose: Int) -> Int {
        Cluster.rank == 0 || verbose >= 2 ? verbose : 0
    }

    /// Runs `body`, turning the executor's cancellation into the interpreter's interrupt
    /// (the REPL returns to its prompt; a script exits with 130).
    static func interruptible<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch is CancellationError { throw InterruptedError() }
    }
}
