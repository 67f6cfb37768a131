import Foundation
import XCTest
@testable import NLS
import NLSBuiltins

/// Helpers shared by the unit tests of the language stages.
enum TestSupport {
    /// Runs `body` on a thread with a 512 MiB stack, as the CLI does (deep recursion tests
    /// would otherwise depend on the test runner's main-thread stack size).
    static func onBigStack<T>(_ body: @escaping () throws -> T) throws -> T {
        // A box, not a captured var: the semaphore orders the thread's write before the read.
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        t.stackSize = 1 << 29
        t.start()
        done.wait()
        return try box.result!.get()
    }

    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

    /// A session with every builtin whose printed output is captured.
    final class Captured {
        let session: Session
        var text = ""
        init(prelude: Bool = false) {
            session = Builtins.makeSession(loadPrelude: prelude)
            session.output = Output { [unowned self] s in self.text += s }
        }
        /// Checks and runs `source` as a script named t.nls; returns what it printed.
        @discardableResult
        func run(_ source: String, name: String = "t.nls") throws -> String {
            let before = text.count
            try session.run(SourceFile(name: name, text: source))
            return String(text.dropFirst(before))
        }
        /// Evaluates a REPL input: (value, type) of a final expression, if any.
        func eval(_ source: String) throws -> (Value, NLSType)? {
            try session.evaluate(SourceFile(name: "<input>", text: source))
        }
    }

    /// Output of a script (prelude not loaded unless asked).
    static func output(_ source: String, prelude: Bool = false) throws -> String {
        try onBigStack { try Captured(prelude: prelude).run(source) }
    }

    /// The messages of the check errors of `source` (empty when it checks).
    static func checkErrors(_ source: String) -> [String] {
        let session = Builtins.makeSession(loadPrelude: false)
        do {
            _ = try session.parseAndCheck(SourceFile(name: "t.nls", text: source))
            return []
        } catch let list as DiagnosticList {
            return list.items.map(\.message)
        } catch {
            return ["\(error)"]
        }
    }

    /// The run-time error a script stops with (nil when it runs to the end).
    static func runtimeError(_ source: String) throws -> Diagnostic? {
        try onBigStack { () -> Diagnostic? in
            do { try Captured().run(source); return nil } catch let d as Diagnostic { return d }
        }
    }
}
