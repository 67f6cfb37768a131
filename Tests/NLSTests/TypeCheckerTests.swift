import XCTest
@testable import NLS
import NLSBuiltins

final class TypeCheckerTests: XCTestCase {
    func errors(_ source: String) -> [String] { TestSupport.checkErrors(source) }

    /// The static type of the last expression statement of `source`.
    func typeOf(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let session = Builtins.makeSession(loadPrelude: false)
        do {
            let stmts = try session.parseAndCheck(SourceFile(name: "t.nls", text: source))
            guard case .expr(let e) = stmts.last?.kind else { XCTFail("no expression", file: file, line: line); return "" }
            return e.type.description
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return ""
        }
    }

    func testSuggestionsStayClose() {
        // A capitalised name is a type: `SVC` must not suggest the function `svd`.
        XCTAssertEqual(errors("SVC()"), ["unknown name 'SVC'"])
        XCTAssertEqual(errors("ridge()"), ["unknown name 'ridge'; did you mean 'Ridge'?"])
        XCTAssertEqual(errors("Ridg()"), ["unknown name 'Ridg'; did you mean 'Ridge'?"])
        XCTAssertEqual(errors("print(Flase)"), ["unknown name 'Flase'"])
    }

    func testInferredTypes() {
        XCTAssertEqual(typeOf("1 + 2"), "Int")
        XCTAssertEqual(typeOf("1 + 2.5"), "Float")
        XCTAssertEqual(typeOf("7 / 7"), "Float")
        XCTAssertEqual(typeOf("7 // 2"), "Int")
        XCTAssertEqual(typeOf("2 ** 3"), "Int")
        XCTAssertEqual(typeOf("2 ** 0.5"), "Float")
        XCTAssertEqual(typeOf("1 < 2 and true"), "Bool")
        XCTAssertEqual(typeOf("\"a\" + \"b\""), "Str")
        XCTAssertEqual(typeOf("[1, 2.5]"), "List[Float]")
        XCTAssertEqual(typeOf("[[1], [2]]"), "List[List[Int]]")
        XCTAssertEqual(typeOf("{a: 1, b: \"x\"}"), "{a: Int, b: Str}")
        XCTAssertEqual(typeOf("{a: 1, b: [true]}.b"), "List[Bool]")
        XCTAssertEqual(typeOf("[1, 2][0]"), "Int")
        XCTAssertEqual(typeOf("[1, 2][0:1]"), "List[Int]")
        XCTAssertEqual(typeOf("\"abc\"[0]"), "Str")
        XCTAssertEqual(typeOf("0..<3"), "Range")
        XCTAssertEqual(typeOf("fn f(x: Int = 1) -> Float { return x }\nf"), "(x: Int = …) -> Float")
        XCTAssertEqual(typeOf("fn f(x: Int) -> Float { return x }\nf(2)"), "Float")
        XCTAssertEqual(typeOf("append([1], 2)"), "List[Int]")
        XCTAssertEqual(typeOf("abs(-2)"), "Int")
        XCTAssertEqual(typeOf("abs(-2.5)"), "Float")
        XCTAssertEqual(typeOf("let x: Float? = none\nx"), "Float?")
    }

    func testFunctionTypes() {
        XCTAssertEqual(typeOf("fn inc(x: Int) -> Int { return x + 1 }\nlet f: (Int) -> Int = inc\nf"), "(Int) -> Int")
        XCTAssertEqual(typeOf("fn k() -> (Float, Int) -> Str { fn g(a: Float, b: Int) -> Str { return \"\" }\n return g }\nk()"),
                       "(Float, Int) -> Str")
        XCTAssertEqual(typeOf("fn ap(f: (Int) -> Int) -> Int { return f(1) }\nfn i(x: Int) -> Int { return x }\nap(i)"), "Int")
        XCTAssertEqual(errors("fn ap(f: (Int) -> Int) -> Int { return f(1) }\nfn s(x: Str) -> Int { return 1 }\nap(s)"),
                       ["argument 'f' of ap must be (Int) -> Int, not (x: Str) -> Int"])
        XCTAssertEqual(errors("let f: (Int) -> Int = len"), ["cannot assign a value of type (x: List[Any] | Str | Array) -> Int to 'f' of type (Int) -> Int"])
    }

    func testWellTypedProgramsHaveNoErrors() {
        XCTAssertEqual(errors("""
        let a: Float = 1
        var xs: List[Float] = []
        xs = append(xs, 2.0)
        fn scale(x: Float, k: Float = 2.0) -> Float { return x * k }
        let y = scale(3, k: 4)
        var total = 0.0
        for v in xs { total += v }
        total += 1
        fn sign(x: Float) -> Int {
            if x < 0 { return -1 } else if x == 0 { return 0 } else { return 1 }
        }
        fn loop() -> Int { while true { return 1 } }
        let r = {alpha: 1.0}
        print(r.alpha, sign(y), loop())
        """), [])
    }

    func testAllErrorsOfAFileAtOnce() {
        let found = errors("""
        let a: Int = "s"
        print(b)
        fn f() -> Int { }
        let c = 1
        c = 2
        break
        set nope = 1
        """)
        XCTAssertEqual(found, [
            "cannot assign a value of type Str to 'a' of type Int",
            "unknown name 'b'",
            "function 'f' may end without returning an Int",
            "cannot assign to 'c': it is declared with 'let' (use 'var' to make it mutable)",
            "'break' outside of a loop",
            "unknown setting 'nope'; settings: batch_size, device, max_memory, n_jobs, seed, verbose",
        ])
    }

    func testCallChecking() {
        let def = "fn f(x: Int, y: Float = 1.0) -> Float { return x + y }\n"
        XCTAssertEqual(errors(def + "f(1, yy: 2.0)"), ["f has no parameter 'yy'; did you mean 'y'?; parameters: x, y"])
        XCTAssertEqual(errors(def + "f(\"s\")"), ["argument 'x' of f must be Int, not Str"])
        XCTAssertEqual(errors(def + "f()"), ["missing argument 'x' in call to f (x: Int, y: Float = …) -> Float"])
        XCTAssertEqual(errors(def + "f(1, 2.0, 3)"), ["f takes 2 arguments, got 3"])
        XCTAssertEqual(errors(def + "f(x: 1, x: 2)"), ["argument 'x' given twice"])
        XCTAssertEqual(errors(def + "f(y: 1.0, 2)"), ["positional argument after a named one in call to f"])
        XCTAssertEqual(errors(def + "f(y: 2.0, x: 1)"), [])
        XCTAssertEqual(errors("print(1, sep: 2)"), ["argument 'sep' of print must be Str, not Int"])
        XCTAssertEqual(errors("let n = 1\nn()"), ["a value of type Int cannot be called"])
        XCTAssertEqual(errors("let v = print(1)"), ["this expression has no value to assign to 'v'"])
        XCTAssertTrue(errors("abs(\"x\")").first?.hasPrefix("no version of abs accepts (Str)") ?? false)
    }

    func testSuggestions() {
        XCTAssertEqual(errors("let count = 1\nprint(coutn)"), ["unknown name 'coutn'; did you mean 'count'?"])
        XCTAssertEqual(errors("prnt(1)"), ["unknown name 'prnt'; did you mean 'print'?"])
        XCTAssertEqual(errors("let f = 1\nprint(c)"), ["unknown name 'c'"])  // no far-fetched one-letter guesses
        XCTAssertEqual(errors("let x: Flaot = 1.0"), ["unknown type 'Flaot'; did you mean 'Float'?"])
        XCTAssertEqual(errors("%tiem 1"), ["unknown magic %tiem; did you mean '%time'?; %lsmagic lists them"])
        XCTAssertEqual(editDistance("coutn", "count"), 1)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("", "abc"), 3)
    }

    func testStatementRules() {
        XCTAssertEqual(errors("fn h() { return 1 }"), ["function 'h' does not declare a return type; add '-> Int'"])
        XCTAssertEqual(errors("fn g() -> Int { return \"s\" }"), ["'g' returns Int, not Str"])
        XCTAssertEqual(errors("fn g() -> Int { return }"), ["'g' must return a value of type Int"])
        XCTAssertEqual(errors("return 1"), ["'return' outside of a function"])
        XCTAssertEqual(errors("continue"), ["'continue' outside of a loop"])
        XCTAssertEqual(errors("while true { fn f() { break } }"), ["'break' outside of a loop"])
        XCTAssertEqual(errors("if 1 { }"), ["'if' condition must be a Bool, not Int"])
        XCTAssertEqual(errors("for i in 3 { }"), ["cannot iterate over a value of type Int; use a range (0..<n) or a List"])
        XCTAssertEqual(errors("for i in 0..<3 { i = 1 }"), ["cannot assign to 'i': it is declared with 'let' (use 'var' to make it mutable)"])
        XCTAssertEqual(errors("let n = none"), ["cannot infer the type of 'n' from none; write its type, e.g. let n: Float? = none"])
        XCTAssertEqual(errors("set seed = \"x\""), ["setting 'seed' takes an Int, not Str"])
        XCTAssertEqual(errors("import \"no_such_module_xyz\"").first?.hasPrefix("module \"no_such_module_xyz\" not found"), true)
        XCTAssertEqual(errors("fn f() { import \"prelude\" }"), ["'import' must be at the top level"])
        XCTAssertEqual(errors("%nosuchmagic"), ["unknown magic %nosuchmagic; %lsmagic lists them"])
        XCTAssertEqual(errors("let xs: List[Int] = [1.5]"), ["cannot assign a value of type List[Float] to 'xs' of type List[Int]"])
        XCTAssertEqual(errors("var x = 1\nx = 2.5"), ["cannot assign a value of type Float to 'x' of type Int"])
        XCTAssertEqual(errors("var x = 1.0\nx = 2"), [])  // Int widens to Float
        XCTAssertEqual(errors("let r = {a: 1}\nr.b"), ["record has no field 'b'; fields: a"])
    }

    func testBlocksScopeTheirNames() {
        XCTAssertEqual(errors("if true { let inner = 1 }\nprint(inner)"), ["unknown name 'inner'"])
        XCTAssertEqual(errors("for i in 0..<2 { }\nprint(i)"), ["unknown name 'i'"])
        // Shadowing in an inner block is allowed.
        XCTAssertEqual(errors("let x = 1\nif true { let x = \"s\"\n print(x + \"!\") }\nprint(x + 1)"), [])
    }

    func testFunctionsSeeEachOtherAndClosuresSeeOuterVariables() {
        XCTAssertEqual(errors("fn a() -> Int { return b() }\nfn b() -> Int { return 1 }"), [])
        XCTAssertEqual(errors("fn outer() -> Int { var c = 0\n fn inc() { c += 1 }\n inc()\n return c }"), [])
        XCTAssertEqual(errors("fn dup(a: Int, a: Int) { }"), ["duplicate parameter 'a'"])
        XCTAssertEqual(errors("fn f(x: Int = \"s\") { }"), ["default value of 'x' has type Str, not Int"])
    }

    func testTheSessionKeepsDeclarationsAcrossInputs() throws {
        // The REPL checks input by input with one checker; a later `let` of the same name shadows.
        let c = TestSupport.Captured()
        _ = try c.eval("let x = 1")
        let r = try c.eval("let x = \"now text\"\nx")
        XCTAssertEqual(r?.0, .str("now text"))
        XCTAssertEqual(r?.1, .str)
        XCTAssertThrowsError(try c.eval("y + 1")) { e in
            XCTAssertEqual((e as? DiagnosticList)?.items.map(\.message), ["unknown name 'y'"])
        }
        // A failed input declares nothing that later inputs could see half-done.
        XCTAssertEqual(try c.eval("x")?.0, .str("now text"))
    }

    func testDiagnosticRendering() {
        let file = SourceFile(name: "t.nls", text: "let a = 1\n\tlet b = c\n")
        let d = Diagnostic(message: "unknown name 'c'", location: SourceLocation(file: file, offset: 19))
        XCTAssertEqual(d.render(), "t.nls:2:10: error: unknown name 'c'\n    \tlet b = c\n    \t        ^")
        var rt = Diagnostic(message: "boom", location: SourceLocation(file: file, offset: 0))
        rt.callStack = ["in f, called at t.nls:3:1", "in f, called at t.nls:3:1", "in f, called at t.nls:3:1", "in g, called at t.nls:4:1"]
        XCTAssertEqual(rt.render(), """
        t.nls:1:1: error: boom
            let a = 1
            ^
        call stack (innermost first):
          in f, called at t.nls:3:1
          [previous line repeated 2 more times]
          in g, called at t.nls:4:1
        """)
    }
}
