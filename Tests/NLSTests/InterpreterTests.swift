import XCTest
@testable import NLS
import NLSBuiltins

final class InterpreterTests: XCTestCase {
    func out(_ source: String, prelude: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { return try TestSupport.output(source, prelude: prelude) } catch {
            XCTFail("\(error)", file: file, line: line)
            return ""
        }
    }

    func runtimeError(_ source: String) -> Diagnostic? { (try? TestSupport.runtimeError(source)) ?? nil }

    func testArithmeticFollowsPython() {
        XCTAssertEqual(out("print(7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3)"), "3 -4 -4 1 2 -2\n")
        XCTAssertEqual(out("print(7.5 // 2, -7.5 % 2, 7 / 2, 2 ** 10, 2 ** -1, -2 ** 2)"), "3.0 0.5 3.5 1024 0.5 -4\n")
        XCTAssertEqual(out("print(0.1 + 0.2, 1e16, 1.5e-7, 1.0, 2.5)"), "0.30000000000000004 1e+16 1.5e-07 1.0 2.5\n")
        XCTAssertEqual(out("print(1 == 1.0, \"a\" < \"b\", [1, 2] == [1, 2], not true)"), "true true true false\n")
    }

    func testIntegerErrorsAreDiagnostics() {
        XCTAssertEqual(runtimeError("print(9223372036854775807 + 1)")?.message,
                       "integer overflow in 9223372036854775807 + 1; use Float for large values")
        XCTAssertEqual(runtimeError("let m = -9223372036854775807 - 1\nprint(-m)")?.message, "integer overflow in -(-9223372036854775808)")
        XCTAssertEqual(runtimeError("let m = -9223372036854775807 - 1\nprint(m // -1)")?.message,
                       "integer overflow in -9223372036854775808 // -1")
        XCTAssertEqual(runtimeError("print(3 ** 50)")?.message, "integer overflow in 3 ** 50; use Float for large values")
        XCTAssertEqual(runtimeError("print(1 // 0)")?.message, "division by zero")
        XCTAssertEqual(runtimeError("print(1 / 0)")?.message, "division by zero")
        XCTAssertEqual(runtimeError("print(1.0 % 0)")?.message, "modulo by zero")
        XCTAssertEqual(runtimeError("print(5 % 0)")?.message, "modulo by zero")
    }

    func testErrorsCarryPositionAndCallStack() throws {
        let d = try XCTUnwrap(runtimeError("fn inner(xs: List[Int]) -> Int { return xs[5] }\nfn outer() -> Int { return inner([1]) }\nprint(outer())"))
        XCTAssertEqual(d.message, "index 5 out of range for length 1")
        XCTAssertEqual(d.location?.line, 1)
        XCTAssertEqual(d.location?.column, 43)
        XCTAssertEqual(d.callStack, ["in inner, called at t.nls:2:28", "in outer, called at t.nls:3:7"])
    }

    func testDeepRecursionIsBounded() throws {
        let d = try XCTUnwrap(runtimeError("fn f(n: Int) -> Int { return f(n + 1) }\nprint(f(0))"))
        XCTAssertEqual(d.message, "maximum call depth (1000) exceeded in 'f'; is the recursion unbounded?")
        XCTAssertEqual(d.callStack.count, 1000)
        XCTAssertEqual(out("fn depth(n: Int) -> Int { if n == 0 { return 0 }\n return 1 + depth(n - 1) }\nprint(depth(999))"), "999\n")
    }

    func testControlFlow() {
        XCTAssertEqual(out("""
        var s = 0
        for i in 0..<10 {
            if i == 2 { continue }
            if i == 5 { break }
            s += i
        }
        var j = 0
        while j < 3 { j += 1 }
        for k in 1...2 { s += 100 * k }
        for c in "ab" { print(c) }
        for x in [1.5] { print(x) }
        print(s, j)
        """), "a\nb\n1.5\n308 3\n")
    }

    func testFunctionsDefaultsNamedArgumentsAndPromotion() {
        XCTAssertEqual(out("""
        fn f(x: Float, k: Float = 2.0, b: Int = 0) -> Float { return x * k + b }
        print(f(1), f(1, 3), f(1, b: 1), f(b: 2, k: 1, x: 5))
        fn half(n: Int) -> Float { return n }
        print(half(3))
        fn nothing() { return }
        nothing()
        """), "2.0 3.0 3.0 7.0\n3.0\n")
    }

    func testClosuresCaptureByReference() {
        XCTAssertEqual(out("""
        fn counter() -> Int {
            var c = 0
            fn inc() -> Int { c += 1
                return c }
            inc()
            inc()
            return inc()
        }
        print(counter(), counter())
        var g = 10
        fn addg(x: Int, y: Int = g) -> Int { return x + y }
        print(addg(1))
        g = 20
        print(addg(1))
        fn ident(x: Int) -> Int { return x }
        var keep = ident
        fn make(m: Int) -> Int {
            fn times(x: Int) -> Int { return x * m }
            keep = times
            return 0
        }
        make(7)
        print(keep(6))
        """), "3 3\n11\n21\n42\n")
    }

    func testValueSemanticsOfListsAndRecords() {
        XCTAssertEqual(out("""
        var a = [1, 2, 3]
        let b = a
        a[0] = 9
        a[1] += 10
        var fl: List[Float] = [1.0]
        fl[0] = 2
        print(a, b, fl, a[-1], a[1:], a[::-1])
        let r = {alpha: 1.5, name: "x"}
        print(r, r.alpha, r.name)
        """), "[9, 12, 3] [1, 2, 3] [2.0] 3 [12, 3] [3, 12, 9]\n{alpha: 1.5, name: \"x\"} 1.5 x\n")
    }

    func testStrings() {
        XCTAssertEqual(out("let n = 2\nprint(\"n=\\(n) next=\\(n + 1) \\(\"in\")\")"), "n=2 next=3 in\n")
        XCTAssertEqual(out("print(\"héllo\"[1], \"héllo\"[1:3], len(\"héllo\"), \"a\" + \"b\")"), "é él 5 ab\n")
        XCTAssertEqual(out("print(repr(\"q\\\"\\n\"))"), "\"q\\\"\\n\"\n")
    }

    func testReplEvaluateReturnsTheLastValueAndItsType() throws {
        let c = TestSupport.Captured()
        let v = try XCTUnwrap(try c.eval("1 + 2.5"))
        XCTAssertEqual(v.0, .float(3.5))
        XCTAssertEqual(v.1, .float)
        XCTAssertNil(try c.eval("let x = 2"))
        XCTAssertNil(try c.eval("print(x)"))  // a Void call echoes nothing
        XCTAssertEqual(c.text, "2\n")
        XCTAssertEqual(try c.eval("x * 10")?.0, .int(20))
        // After a run-time error the session keeps its state.
        XCTAssertThrowsError(try c.eval("x // 0"))
        XCTAssertEqual(try c.eval("x")?.0, .int(2))
    }

    func testAFailedReplInputLeavesNoHalfDeclaredNames() throws {
        let c = TestSupport.Captured()
        _ = try c.eval("let keep = 1")
        // A check error: nothing of the input is declared.
        XCTAssertThrowsError(try c.eval("let z = 1; let keep = \"shadow\"; print(nope)"))
        XCTAssertThrowsError(try c.eval("z"))
        XCTAssertEqual(try c.eval("keep")?.0, .int(1))
        // A run-time error: the statements before it count, the rest are forgotten.
        XCTAssertThrowsError(try c.eval("let a = 2; let b = 1 // 0; let keep = \"later\""))
        XCTAssertEqual(try c.eval("a")?.0, .int(2))
        XCTAssertThrowsError(try c.eval("b"))
        XCTAssertEqual(try c.eval("keep")?.0, .int(1))
    }

    func testFunctionsAreBoundBeforeTheirBlockRuns() {
        XCTAssertEqual(out("print(f())\nfn f() -> Int { return g() }\nfn g() -> Int { return 7 }"), "7\n")
        XCTAssertEqual(out("fn o() -> Int {\n let r = i()\n fn i() -> Int { return 3 }\n return r\n}\nprint(o())"), "3\n")
    }

    func testInterruptStopsALoop() throws {
        let c = TestSupport.Captured()
        _ = try c.eval("var spins = 0")
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + 0.2)
        timer.setEventHandler { Interrupt.flag.pointee = 1 }
        timer.resume()
        defer { timer.cancel(); Interrupt.clear() }
        XCTAssertThrowsError(try c.eval("while true { spins += 1 }")) { e in XCTAssertTrue(e is InterruptedError, "\(e)") }
        Interrupt.clear()
        let spins = try XCTUnwrap(try c.eval("spins")?.0)
        guard case .int(let n) = spins else { return XCTFail("\(spins)") }
        XCTAssertGreaterThan(n, 0)
    }

    func testSettings() throws {
        let c = TestSupport.Captured()
        XCTAssertEqual(c.session.setting("device"), .str(ProcessInfo.processInfo.environment["NLS_DEVICE"] ?? "cpu"))
        try c.run("set device = \"opencl\"\nset seed = 7\nset n_jobs = -1")
        XCTAssertEqual(c.session.setting("device"), .str("opencl"))
        XCTAssertEqual(c.session.setting("seed"), .int(7))
        XCTAssertEqual(c.session.setting("n_jobs"), .int(-1))
        XCTAssertThrowsError(try c.run("set n_jobs = 0"))
        XCTAssertEqual(c.session.setting("n_jobs"), .int(-1))
        try c.run("%device auto")
        XCTAssertEqual(c.session.setting("device"), .str("auto"))
    }

    func testMagicsOutput() throws {
        let c = TestSupport.Captured(prelude: true)
        try c.run("let alpha = 1.5\n%who")
        XCTAssertEqual(c.text, "alpha\n")  // the prelude's helpers are not listed
        c.text = ""
        try c.run("%time let t = 1")
        let lines = c.text.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0].hasPrefix("CPU times: user "), c.text)
        XCTAssertTrue(lines[0].contains(", sys: ") && lines[0].contains(", total: "), c.text)
        XCTAssertTrue(lines[1].hasPrefix("Wall time: "), c.text)
        c.text = ""
        try c.run("%timeit 1 + 1")
        XCTAssertTrue(c.text.contains(" per loop (mean ± std. dev. of 7 runs, "), c.text)
        XCTAssertTrue(c.text.hasSuffix(" loops each)\n"), c.text)
    }

    func testResetKeepsThePreludeAndReimportsModules() throws {
        let c = TestSupport.Captured(prelude: true)
        _ = try c.eval("let gone = 1")
        _ = try c.eval("%reset")
        XCTAssertThrowsError(try c.eval("gone"))
        XCTAssertEqual(try c.eval("squares(3)")?.0, .list([.int(0), .int(1), .int(4)]))
        _ = try c.eval("import \"prelude\"")
        XCTAssertEqual(try c.eval("clamp(2.0, 0.0, 1.0)")?.0, .float(1.0))
    }

    func testImportCycleIsACheckError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-cycle-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "import \"b\"\nfn fa() -> Int { return 1 }\n".write(to: dir.appendingPathComponent("a.nls"), atomically: true, encoding: .utf8)
        try "import \"a\"\nfn fb() -> Int { return 2 }\n".write(to: dir.appendingPathComponent("b.nls"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.nls")
        try "import \"a\"\nprint(fa())\n".write(to: main, atomically: true, encoding: .utf8)
        let c = TestSupport.Captured()
        XCTAssertThrowsError(try c.session.run(try SourceFile.load(path: main.path))) { e in
            XCTAssertEqual((e as? DiagnosticList)?.items.map(\.message), ["circular import of \"a\""])
        }
        XCTAssertEqual(c.text, "")
    }
}
