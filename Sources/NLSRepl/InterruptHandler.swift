import Foundation
import NLS

/// The thread that runs the REPL or script (it may not be the main thread: the CLI runs
/// the interpreter on a thread with a big stack). Stored before the handler is installed,
/// read from the signal handler (plain memory, no Swift runtime calls there).
private let interruptTarget: UnsafeMutablePointer<pthread_t> = {
    let p = UnsafeMutablePointer<pthread_t>.allocate(capacity: 1)
    p.initialize(to: pthread_self())
    return p
}()
private let interruptTargetSet: UnsafeMutablePointer<Int32> = {
    let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

/// Ctrl-C sets the interrupt flag: a running computation stops at its next check and
/// the REPL returns to its prompt; a script exits with status 130.
///
/// The kernel delivers SIGINT to any thread that does not block it — usually the main
/// thread, which only waits for the interpreter thread. A blocking `read` in libedit on
/// the interpreter thread then never sees EINTR and Ctrl-C at the prompt did nothing
/// (the typed line survived and the next keys were appended to it). So the first SIGINT
/// that lands on another thread is forwarded to the interpreter thread with
/// `pthread_kill`; the flag check keeps libedit's re-raise (`kill(0, SIGINT)` from its
/// own handler) from bouncing the signal back and forth.
public func installInterruptHandler() {
    interruptTarget.pointee = pthread_self()
    interruptTargetSet.pointee = 1
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
        let first = Interrupt.flag.pointee == 0
        Interrupt.flag.pointee = 1
        if first, interruptTargetSet.pointee != 0, pthread_equal(pthread_self(), interruptTarget.pointee) == 0 {
            pthread_kill(interruptTarget.pointee, SIGINT)
        }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: a blocking read returns so the prompt can react
    sigaction(SIGINT, &action, nil)
}
