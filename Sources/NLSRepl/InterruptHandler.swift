import Foundation
import NLS

/// Ctrl-C sets the interrupt flag: a running computation stops at its next check and
/// the REPL returns to its prompt; a script exits with status 130.
public func installInterruptHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.pointee = 1 }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: a blocking read returns so the prompt can react
    sigaction(SIGINT, &action, nil)
}
