import Foundation
import XCTest

/// The REPL with a non-tty stdin (`echo '…' | nls`): no prompts or line editing, but the
/// same reading rules (multi-line while brackets are open, %% cells until an empty line),
/// values echoed with their type, errors reported and the session going on.
final class ReplPipedTests: XCTestCase {
    func runRepl(_ input: String) throws -> NLSBinary.Result {
        guard let binary = NLSBinary.find() else { XCTFail("the nls executable was not found"); throw XCTSkip("no nls") }
        return try NLSBinary.run(binary, [], in: FileManager.default.temporaryDirectory, stdin: input, timeout: 30)
    }

    func testPipedSession() throws {
        let r = try runRepl("""
        1 + 2.5
        fn double(x: Int) -> Int {
            return x * 2
        }
        double(21)
        let xs = [1,
                  2]
        xs
        print("printed")
        undefined_name + 1
        let after_error = 5
        after_error
        %%time
        let in_cell = 3
        print(in_cell)

        in_cell * 2
        %who
        ?double
        let a = 1
        let a = "redeclared"
        a
        """)
        XCTAssertFalse(r.timedOut)
        XCTAssertEqual(r.status, 1, "an input failed, so the exit code says so")
        var lines = r.stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        // The timing lines vary; check their shape, then drop them.
        XCTAssertTrue(lines.contains { $0.hasPrefix("CPU times: user ") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("Wall time: ") }, r.stdout)
        lines.removeAll { $0.hasPrefix("CPU times: ") || $0.hasPrefix("Wall time: ") }
        XCTAssertEqual(lines, [
            "3.5 : Float",
            "42 : Int",
            "[1, 2] : List[Int]",
            "printed",
            "5 : Int",
            "3",
            "6 : Int",
            "after_error\tdouble\tin_cell\txs",
            "fn double(x: Int) -> Int",
            "\"redeclared\" : Str",
        ])
        XCTAssertTrue(r.stderr.contains("<input-7>:1:1: error: unknown name 'undefined_name'"), r.stderr)
    }

    func testCleanSessionExitsWithZero() throws {
        let r = try runRepl("print(1)\n")
        XCTAssertEqual(r.stdout, "1\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
    }
}
