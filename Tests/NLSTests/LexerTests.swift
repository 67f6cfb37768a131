import XCTest
@testable import NLS

final class LexerTests: XCTestCase {
    func lex(_ text: String) -> (kinds: [TokenKind], errors: [String]) {
        var lexer = Lexer(file: SourceFile(name: "t.nls", text: text))
        let tokens = lexer.tokenize()
        return (tokens.map(\.kind), lexer.diagnostics.map(\.message))
    }

    func testIdentifiersKeywordsAndNumbers() {
        let (k, e) = lex("let x_1 = 1_000 + 2.5e-3 + 3e2 + 7")
        XCTAssertEqual(e, [])
        XCTAssertEqual(k, [.keyword(.let), .identifier("x_1"), .symbol(.assign), .int(1000), .symbol(.plus),
                           .float(0.0025), .symbol(.plus), .float(300), .symbol(.plus), .int(7), .eof])
    }

    func testRangeAfterIntegerIsNotAFloat() {
        XCTAssertEqual(lex("0..<10").kinds, [.int(0), .symbol(.halfOpen), .int(10), .eof])
        XCTAssertEqual(lex("1...3").kinds, [.int(1), .symbol(.closed), .int(3), .eof])
        // A method call on an Int literal is not a float either.
        XCTAssertEqual(lex("1.x").kinds, [.int(1), .symbol(.dot), .identifier("x"), .eof])
    }

    func testLongestSymbolMatch() {
        XCTAssertEqual(lex("a ** b // c -> d != e <= f += g ..< h ... i").kinds.compactMap { k -> Symbol? in
            if case .symbol(let s) = k { return s } else { return nil }
        }, [.starStar, .slashSlash, .arrow, .ne, .le, .plusAssign, .halfOpen, .closed])
    }

    func testStringsWithEscapesAndInterpolation() {
        let (k, e) = lex(#""a\tb\"c\\ \(x + 1) end""#)
        XCTAssertEqual(e, [])
        guard case .string(let pieces) = k[0] else { return XCTFail("not a string: \(k)") }
        XCTAssertEqual(pieces.count, 3)
        XCTAssertEqual(pieces[0], .text("a\tb\"c\\ "))
        XCTAssertEqual(pieces[1], .interpolation(start: 13, end: 18))
        XCTAssertEqual(pieces[2], .text(" end"))
        XCTAssertEqual(lex(#""""#).kinds, [.string([.text("")]), .eof])
    }

    func testNewlinesAreSignificantExceptInsideParentheses() {
        XCTAssertEqual(lex("a\n\n\nb").kinds, [.identifier("a"), .newline, .identifier("b"), .eof])
        XCTAssertEqual(lex("f(a,\n b)").kinds, [.identifier("f"), .symbol(.lparen), .identifier("a"), .symbol(.comma),
                                                 .identifier("b"), .symbol(.rparen), .eof])
        XCTAssertEqual(lex("a + \\\n b").kinds, [.identifier("a"), .symbol(.plus), .identifier("b"), .eof])
        // Inside braces (blocks) newlines still separate statements.
        XCTAssertEqual(lex("{a\nb}").kinds, [.symbol(.lbrace), .identifier("a"), .newline, .identifier("b"), .symbol(.rbrace), .eof])
    }

    func testCommentsMagicsAndCellMarkers() {
        let text = "# %% Load data\n%time f(x)  \nx % 3 # not a magic\n%%time\n# plain comment"
        let (k, e) = lex(text)
        XCTAssertEqual(e, [])
        XCTAssertEqual(k[0], .cellMarker(title: "Load data"))
        guard case .magic(let name, let a, let b) = k[2] else { return XCTFail("\(k)") }
        XCTAssertEqual(name, "time")
        let scalars = Array(text.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[a..<b])), "f(x)")  // trailing blanks trimmed
        XCTAssertEqual(Array(k[4...6]), [.identifier("x"), .symbol(.percent), .int(3)])
        guard case .cellMagic(let cname, _, _) = k[8] else { return XCTFail("\(k)") }
        XCTAssertEqual(cname, "time")
        XCTAssertEqual(k.last, .eof)
    }

    func testErrorsAreDiagnosticsNotTraps() {
        XCTAssertEqual(lex("\"open").errors, ["unterminated string literal; close it with \""])
        XCTAssertEqual(lex("99999999999999999999").errors.first?.hasPrefix("integer literal 99999999999999999999 is too large"), true)
        XCTAssertEqual(lex("1e400").errors, ["float literal 1e400 is out of range"])
        XCTAssertEqual(lex("a $ b").errors, ["unexpected character '$'"])
        XCTAssertEqual(lex(#""\q""#).errors, ["unknown escape sequence \\q in string literal"])
        XCTAssertEqual(lex("%").errors, ["expected a magic name after '%'; try %lsmagic"])
        XCTAssertEqual(lex(#""\(1 + ""#).errors.count, 2)
    }

    func testOpenBracketsForTheRepl() {
        var lexer = Lexer(file: SourceFile(name: "t", text: "fn f() {\n let x = [1,"))
        _ = lexer.tokenize()
        XCTAssertEqual(lexer.openBrackets, 2)
        var closed = Lexer(file: SourceFile(name: "t", text: "f(x)[0]"))
        _ = closed.tokenize()
        XCTAssertEqual(closed.openBrackets, 0)
    }

    func testUnicodeIdentifiersAndLocations() {
        let file = SourceFile(name: "t.nls", text: "let é = 1\nlet 🧠x = 2")
        var lexer = Lexer(file: file)
        let tokens = lexer.tokenize()
        XCTAssertEqual(tokens[1].kind, .identifier("é"))
        XCTAssertFalse(lexer.diagnostics.isEmpty)  // an emoji is not an identifier character
        XCTAssertEqual(file.lineColumn(of: tokens[1].offset).line, 1)
        XCTAssertEqual(file.lineColumn(of: 14).line, 2)
        XCTAssertEqual(file.lineColumn(of: 14).column, 5)
    }

    func testInvalidUTF8IsReportedWithAPosition() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(getpid()).nls").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x61, 0x0A, 0x62, 0x63, 0xFF, 0x0A]))
        defer { unlink(path) }
        XCTAssertThrowsError(try SourceFile.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path):2:3: error: invalid UTF-8 byte 0xff; save the file as UTF-8")
        }
        XCTAssertThrowsError(try SourceFile.load(path: path + ".missing"))
    }
}
