import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The temporaries of saves in progress, kept where a signal handler can read them without
/// allocating: when a run is terminated (SIGTERM: `kill`, a scheduler, mpirun ending a job
/// after a rank died) the handler unlinks them, so a cut-short save leaves nothing beside
/// its destination, then the process dies of the signal as it would have.
enum TemporaryRegistry {
    static let slots = 16, length = Int(PATH_MAX) + 1
    /// slots × length bytes: a NUL-terminated path per slot ("" when free).
    private static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: slots * length)
        p.initialize(repeating: 0, count: slots * length)
        return p
    }()
    private static let lock = NSLock()

    /// Records `path`; the slot to `remove`, or nil when every slot is taken or the path is
    /// too long (that save is then simply not cleaned up on a signal).
    static func add(_ path: String) -> Int? {
        let bytes = Array(path.utf8CString)
        guard bytes.count <= length else { return nil }
        lock.lock(); defer { lock.unlock() }
        for s in 0..<slots where paths[s * length] == 0 {
            // The first byte last: a handler never sees a half-written path.
            for i in 1..<bytes.count { paths[s * length + i] = bytes[i] }
            paths[s * length] = bytes[0]
            return s
        }
        return nil
    }

    static func remove(_ slot: Int?) {
        guard let s = slot else { return }
        lock.lock(); paths[s * length] = 0; lock.unlock()
    }

    /// Allocates the slots now: a lazy global first touched inside a signal handler would
    /// allocate there.
    static func prepare() { _ = paths[0] }

    /// Async-signal-safe once `prepare()` ran: unlinks every recorded temporary.
    static func unlinkAll() {
        for s in 0..<slots where paths[s * length] != 0 { unlink(paths + s * length) }
    }
}

extension AtomicFile {
    /// On SIGTERM, removes the temporaries of saves in progress, then dies of SIGTERM (the
    /// default action, so the exit status still says "terminated"). For `nls run` and MPI ranks.
    public static func cleanUpOnTermination() {
        TemporaryRegistry.prepare()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            TemporaryRegistry.unlinkAll()
            signal(sig, SIG_DFL)
            raise(sig)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
    }
}
