import XCTest
import NLS
import NLSBuiltins
import NLSReport

/// Report highlighting comes from the nls lexer: each scalar gets the class of the token
/// (or comment) it belongs to.
final class SourceHighlighterTests: XCTestCase {
    static let registry = Builtins.makeRegistry()

    /// The spans of `source` as "class:text" strings, plain blanks left out.
    func spans(_ source: String) -> [String] {
        let h = SourceHighlighter(file: SourceFile(name: "t.nls", text: source), registry: Self.registry)
        return h.spans(from: 0, to: source.unicodeScalars.count)
            .filter { !($0.kind == .plain && $0.text.allSatisfy(\.isWhitespace)) }
            .map { "\($0.kind.rawValue):\($0.text)" }
    }

    func testKeywordsNumbersSymbolsAndComments() {
        XCTAssertEqual(spans("let x = 1.5  # the rate\n"),
                       ["keyword:let", "plain: x ", "symbol:=", "number:1.5", "comment:# the rate"])
    }

    func testBuiltinsTypesAndMethods() {
        // `sum` the builtin is marked; `.sum` the method and user names are not.
        XCTAssertEqual(spans("let r: Ridge = Ridge(alpha: sum(xs.sum()))"),
                       ["keyword:let", "plain: r", "symbol::", "type:Ridge", "symbol:=", "type:Ridge", "symbol:(",
                        "plain:alpha", "symbol::", "builtin:sum", "symbol:(", "plain:xs", "symbol:.", "plain:sum",
                        "symbol:()))"])
        XCTAssertEqual(spans("fn f(x: Float) -> List[Int] {}"),
                       ["keyword:fn", "plain: f", "symbol:(", "plain:x", "symbol::", "type:Float", "symbol:)", "symbol:->",
                        "type:List", "symbol:[", "type:Int", "symbol:]", "symbol:{}"])
    }

    func testStringsWithInterpolationAndHashes() {
        // A '#' inside a string is not a comment; an interpolation is code.
        XCTAssertEqual(spans("print(\"n # \\(len(xs)) done\")"),
                       ["builtin:print", "symbol:(", "string:\"n # \\(", "builtin:len", "symbol:(", "plain:xs", "symbol:)",
                        "string:) done\"", "symbol:)"])
    }

    func testMagicsAndCellMarkers() {
        // A statement magic's argument is code; other magics' arguments are raw text.
        XCTAssertEqual(spans("# %% Fit\n%%time\n%time let y = abs(2)\n%cd ~/data # here\n"),
                       ["comment:# %% Fit", "magic:%%time", "magic:%time ", "keyword:let", "plain: y ", "symbol:=",
                        "builtin:abs", "symbol:(", "number:2", "symbol:)", "magic:%cd ", "plain:~/data # here\n"])
    }

    func testSpansCoverTheTextExactly() {
        let src = "let s = \"é\\(1)\" # ünïcode\n%timeit -n 3 abs(1)\nprint(s)\n\u{1}?\n"
        let h = SourceHighlighter(file: SourceFile(name: "t.nls", text: src), registry: Self.registry)
        XCTAssertEqual(h.spans(from: 0, to: src.unicodeScalars.count).map(\.text).joined(), src)
        XCTAssertEqual(h.spans(from: 4, to: 9).map(\.text).joined(), "s = \"")
        XCTAssertEqual(h.spans(from: 50, to: 999).map(\.text).joined(), String(String.UnicodeScalarView(Array(src.unicodeScalars)[50...])))
    }
}
