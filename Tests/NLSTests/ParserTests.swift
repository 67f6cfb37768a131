import XCTest
@testable import NLS

/// Parser tests print expressions as S-expressions to assert the tree's shape.
final class ParserTests: XCTestCase {
    func sexpr(_ e: Expr) -> String {
        switch e.kind {
        case .intLit(let i): return "\(i)"
        case .floatLit(let d): return "\(d)"
        case .boolLit(let b): return "\(b)"
        case .noneLit: return "none"
        case .name(let n): return n
        case .string(let parts):
            return "\"" + parts.map { p -> String in
                switch p { case .text(let t): return t; case .expr(let x): return "{\(sexpr(x))}" }
            }.joined() + "\""
        case .list(let xs): return "[" + xs.map(sexpr).joined(separator: " ") + "]"
        case .record(let fs): return "{" + fs.map { "\($0.0): \(sexpr($0.1))" }.joined(separator: ", ") + "}"
        case .unary(let op, let x): return "(\(op == .bang ? "not" : op.rawValue) \(sexpr(x)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
        case .logical(let isAnd, let a, let b): return "(\(isAnd ? "and" : "or") \(sexpr(a)) \(sexpr(b)))"
        case .range(let a, let b, let closed): return "(\(closed ? "..." : "..<") \(sexpr(a)) \(sexpr(b)))"
        case .call(let f, let args):
            return "(call \(sexpr(f))" + args.map { " " + ($0.label.map { "\($0):" } ?? "") + sexpr($0.value) }.joined() + ")"
        case .member(let b, let n): return "(. \(sexpr(b)) \(n))"
        case .index(let b, let comps):
            return "(index \(sexpr(b))" + comps.map { c -> String in
                switch c {
                case .single(let x): return " " + sexpr(x)
                case .slice(let a, let b, let s): return " " + [a, b, s].map { $0.map(sexpr) ?? "_" }.joined(separator: ":")
                }
            }.joined() + ")"
        }
    }

    func parse(_ text: String) -> (stmts: [Stmt], errors: [String]) {
        let p = Parser(file: SourceFile(name: "t.nls", text: text))
        let stmts = p.parseProgram()
        return (stmts, p.diagnostics.map(\.message))
    }

    func expr(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (stmts, errors) = parse(text)
        XCTAssertEqual(errors, [], file: file, line: line)
        guard stmts.count == 1, case .expr(let e) = stmts[0].kind else { XCTFail("not one expression", file: file, line: line); return "" }
        return sexpr(e)
    }

    func testPrecedenceAndAssociativity() {
        XCTAssertEqual(expr("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)")
        XCTAssertEqual(expr("a - b - c"), "(- (- a b) c)")
        XCTAssertEqual(expr("2 ** 3 ** 2"), "(** 2 (** 3 2))")
        XCTAssertEqual(expr("-2 ** 2"), "(- (** 2 2))")
        XCTAssertEqual(expr("-x ** -y"), "(- (** x (- y)))")
        XCTAssertEqual(expr("a * b // c % d"), "(% (// (* a b) c) d)")
        XCTAssertEqual(expr("a or b and not c == d"), "(or a (and b (not (== c d))))")
        XCTAssertEqual(expr("a || b && !c"), "(or a (and b (not c)))")
        XCTAssertEqual(expr("a + 1 < b * 2"), "(< (+ a 1) (* b 2))")
        XCTAssertEqual(expr("0..<n + 1"), "(..< 0 (+ n 1))")
        XCTAssertEqual(expr("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(expr("x @ y"), "(@ x y)")
    }

    func testNegativeLiteralsAreFolded() {
        XCTAssertEqual(expr("-3"), "-3")
        XCTAssertEqual(expr("-2.5"), "-2.5")
        XCTAssertEqual(expr("- -3"), "3")
    }

    func testPostfixCallsMembersAndSubscripts() {
        XCTAssertEqual(expr("search.fit(X, Y)"), "(call (. search fit) X Y)")
        XCTAssertEqual(expr("Ridge(alpha: 100.0, solver: \"svd\")"), "(call Ridge alpha:100.0 solver:\"svd\")")
        XCTAssertEqual(expr("a.b[1:2].c"), "(. (index (. a b) 1:2:_) c)")
        XCTAssertEqual(expr("m[:, 0]"), "(index m _:_:_ 0)")
        XCTAssertEqual(expr("xs[::-1]"), "(index xs _:_:-1)")
        XCTAssertEqual(expr("f()(1)"), "(call (call f) 1)")
        XCTAssertEqual(expr("f(1,)"), "(call f 1)")
    }

    func testLiterals() {
        XCTAssertEqual(expr("[1, 2.5, [3]]"), "[1 2.5 [3]]")
        XCTAssertEqual(expr("{alpha: 1, b: [2]}"), "{alpha: 1, b: [2]}")
        XCTAssertEqual(expr("\"x = \\(x + 1)!\""), "\"x = {(+ x 1)}!\"")
        XCTAssertEqual(expr("[\n1,\n2,\n]"), "[1 2]")
        XCTAssertEqual(expr("{\n a: 1,\n b: 2\n}"), "{a: 1, b: 2}")
        XCTAssertEqual(expr("none"), "none")
    }

    func testStatements() {
        let (stmts, errors) = parse("""
        let a: Float = 1
        var b = 2
        b += 3
        xs[0] = 1
        fn f(x: Int, y: Float = 2.0) -> Float {
            "Doc string."
            return x * y
        }
        if a > 1 { b = 1 } else if a > 0 { b = 2 } else { b = 3 }
        for i in 0..<3 { continue }
        while false { break }
        import "prelude"
        set device = "cpu"
        %time f(1)
        %who
        # %% Cell title
        %%time
        let c = 1
        """)
        XCTAssertEqual(errors, [])
        XCTAssertEqual(stmts.count, 14)  // `let c` is inside the %%time cell
        guard stmts.count == 14 else { return }
        guard case .letDecl("a", false, .some(_), _) = stmts[0].kind else { return XCTFail("let") }
        guard case .letDecl("b", true, nil, _) = stmts[1].kind else { return XCTFail("var") }
        guard case .assign(_, .add, _) = stmts[2].kind else { return XCTFail("+=") }
        guard case .assign(let t, .assign, _) = stmts[3].kind, case .index = t.kind else { return XCTFail("index assign") }
        guard case .fnDecl(let decl) = stmts[4].kind else { return XCTFail("fn") }
        XCTAssertEqual(decl.name, "f")
        XCTAssertEqual(decl.params.map(\.name), ["x", "y"])
        XCTAssertNil(decl.params[0].defaultValue)
        XCTAssertNotNil(decl.params[1].defaultValue)
        XCTAssertEqual(decl.doc, "Doc string.")
        XCTAssertEqual(decl.body.count, 1)  // the doc string is not a statement
        guard case .ifStmt(_, _, let els) = stmts[5].kind, let e = els, case .ifStmt(_, _, .some(_)) = e[0].kind else { return XCTFail("else if") }
        guard case .forIn("i", _, _) = stmts[6].kind else { return XCTFail("for") }
        guard case .whileStmt = stmts[7].kind else { return XCTFail("while") }
        guard case .importStmt("prelude") = stmts[8].kind else { return XCTFail("import") }
        guard case .setting("device", _) = stmts[9].kind else { return XCTFail("set") }
        guard case .magic("time", _, let body?, false) = stmts[10].kind, body.count == 1 else { return XCTFail("%time") }
        guard case .magic("who", "", .none, false) = stmts[11].kind else { return XCTFail("%who") }
        guard case .cellMarker("Cell title") = stmts[12].kind else { return XCTFail("cell marker") }
        guard case .magic("time", _, let cellBody?, true) = stmts[13].kind, cellBody.count == 1 else { return XCTFail("%%time") }
    }

    func testCellMagicTakesTheRestOfTheCell() {
        let (stmts, errors) = parse("%%time\nlet a = 1\nlet b = 2\n# %%\nlet c = 3")
        XCTAssertEqual(errors, [])
        XCTAssertEqual(stmts.count, 3)
        guard case .magic("time", _, let body?, true) = stmts[0].kind else { return XCTFail() }
        XCTAssertEqual(body.count, 2)
    }

    func testElseOnTheNextLine() {
        let (stmts, errors) = parse("if x {\n} \nelse {\n}\nprint(1)")
        XCTAssertEqual(errors, [])
        XCTAssertEqual(stmts.count, 2)
        guard case .ifStmt(_, _, .some(_)) = stmts[0].kind else { return XCTFail() }
    }

    func testEveryErrorIsReportedAndParsingRecovers() {
        let (stmts, errors) = parse("let = 1\nlet ok = 2\nfn f(x) { }\nprint(ok)\n1 < 2 < 3")
        XCTAssertEqual(errors, ["expected a name after 'let', found '='",
                                "parameter 'x' needs a type, e.g. x: Float",
                                "comparisons cannot be chained; combine them with 'and'"])
        XCTAssertEqual(stmts.count, 2)  // `let ok` and `print(ok)` survive
    }

    func testStrayClosingBraceDoesNotHang() {
        let (stmts, errors) = parse("}\nprint(1)\n}}")
        XCTAssertEqual(errors.count, 3)
        XCTAssertTrue(errors.allSatisfy { $0 == "unexpected '}' with no matching '{'" })
        XCTAssertEqual(stmts.count, 1)
    }

    func testNestingAndLengthLimits() throws {
        // Each of these used to overflow the native stack (or hang): now they are diagnostics.
        let cases: [(String, String)] = [
            (String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), "expression nested too deeply"),
            ("not " + String(repeating: "not ", count: 50_000) + "true", "expression nested too deeply"),
            (String(repeating: "-", count: 50_000) + "1", "expression nested too deeply"),
            ((0..<50_000).map { _ in "1" }.joined(separator: " ** "), "expression nested too deeply"),
            ((0..<50_000).map { _ in "1" }.joined(separator: " + "), "expression too long or nested too deeply"),
            ((0..<50_000).map { _ in "a" }.joined(separator: " and "), "expression too long or nested too deeply"),
            ("f" + String(repeating: "()", count: 50_000), "expression too long or nested too deeply"),
            ("x" + String(repeating: ".a", count: 50_000), "expression too long or nested too deeply"),
            (String(repeating: "[", count: 300) + String(repeating: "]", count: 300), "expression nested too deeply"),
            (String(repeating: "{a: ", count: 300) + "1" + String(repeating: "}", count: 300), "expression nested too deeply"),
            (String(repeating: "if true {\n", count: 300) + String(repeating: "}\n", count: 300), "nested too deeply"),
            ("if a {} " + String(repeating: "else if a {} ", count: 50_000), "too deeply"),
        ]
        for (source, message) in cases {
            let errors = try TestSupport.onBigStack { self.parse(source).errors }
            XCTAssertEqual(errors.count, 1, "\(source.prefix(30))…: \(errors.prefix(3))")
            XCTAssertTrue(errors.first?.contains(message) ?? false, "\(source.prefix(30))…: \(errors.prefix(3))")
        }
        // Within the limits all is well.
        XCTAssertEqual(parse((0..<900).map { _ in "1" }.joined(separator: " + ")).errors, [])
        XCTAssertEqual(parse(String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)).errors, [])
    }

    func testAssignmentTargets() {
        XCTAssertEqual(parse("f(x) = 1").errors, ["cannot assign to this expression; only variables and x[...] can be assigned"])
        XCTAssertEqual(parse("a.b = 1").errors, ["cannot assign to this expression; only variables and x[...] can be assigned"])
    }
}
