import Foundation
import NLS
import NLSBuiltins
import NLSCluster
import NLSCompute
import NLSRepl

/// `nls run` as one rank of an MPI job (launched by mpirun). Every rank runs the whole
/// script; library work is split over the ranks by the MPI executor. Rank 0 prints and
/// writes result files; the other ranks are silent unless `verbose` ≥ 2 (then their lines
/// are prefixed with `[rank N]`). An error on any rank ends the whole job (MPI_Abort):
/// the other ranks would otherwise wait for it in their next exchange forever.
enum ClusterRun {
    /// Starts MPI if launched by mpirun; nil when not (run as usual), else the exit status.
    static func runIfLaunched(_ path: String, arguments: [String], report: String?) -> Int32? {
        guard Cluster.launchedByMPIRun else { return nil }
        return runOnBigStack { () -> Int32 in
            let info: Cluster.Info
            do { info = try Cluster.start()! } catch {
                printError("nls: \(error)")
                return Exit.runtimeError
            }
            AtomicFile.writesResults = info.rank == 0
            // mpirun ends the other ranks with SIGTERM when one dies: no temporary stays behind.
            AtomicFile.cleanUpOnTermination()
            let session = Builtins.makeSession()
            session.defineGlobal("args", type: .list(.str), value: .list(arguments.map { .str($0) }))
            if info.rank != 0 { session.output = quietOutput(rank: info.rank, session: session) }
            let code: Int32
            do {
                let file = try SourceFile.load(path: path)
                if info.rank == 0, let report = report {
                    code = ReportCommand.runRecorded(file, session: session, to: report)
                } else {
                    installInterruptHandler()
                    try session.run(file)
                    code = 0
                }
            } catch {
                return fail(error, info)
            }
            if code != 0 { fflush(nil); if info.size > 1 { Cluster.abort(code) } }
            fflush(nil)
            Cluster.finish()
            return code
        }
    }

    /// Output of a rank other than 0: dropped, or prefixed with the rank at `verbose` ≥ 2
    /// (read at each print: a script may change it).
    static func quietOutput(rank: Int, session: Session) -> Output {
        var atLineStart = true
        return Output { [unowned session] item in
            guard case .int(let v) = session.setting("verbose"), v >= 2 else { return }
            var text = ""
            for ch in item.plainText {
                if atLineStart { text += "[rank \(rank)] " }
                text.append(ch)
                atLineStart = ch == "\n"
            }
            fputs(text, stdout)
        }
    }

    /// Prints `error` once and ends the job. Rank 0 prints it as `nls run` does; another
    /// rank first waits a moment, because an error of the script itself happens on every
    /// rank and rank 0's abort then ends this process before a second copy is printed.
    static func fail(_ error: Error, _ info: Cluster.Info) -> Int32 {
        if info.rank == 0 {
            let code = Runner.report(error)
            if info.size > 1 { Cluster.abort(code) }
            Cluster.finish()
            return code
        }
        usleep(500_000)
        printError("[rank \(info.rank)] \(error)")
        Cluster.abort(Runner.status(for: error))  // Ctrl-C sent to this rank alone: 130, as for one process
    }
}
