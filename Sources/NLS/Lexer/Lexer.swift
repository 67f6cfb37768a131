/// Turns source text into tokens. Newlines are significant (they end statements)
/// except inside parentheses and brackets.
public struct Lexer {
    let file: SourceFile
    let s: [Unicode.Scalar]
    var i: Int
    let end: Int
    var nesting: [Unicode.Scalar] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.s = file.scalars
        self.i = start
        self.end = end ?? file.scalars.count
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < end ? s[i + k] : nil }

    private mutating func error(_ message: String, at offset: Int) {
        diagnostics.append(Diagnostic(message: message, location: SourceLocation(file: file, offset: offset)))
    }

    private func atLineStart(_ offset: Int) -> Bool {
        var j = offset - 1
        while j >= 0, s[j] == " " || s[j] == "\t" { j -= 1 }
        return j < 0 || s[j] == "\n"
    }

    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = next()
            // Collapse runs of newlines; the parser only needs one separator.
            if case .newline = t.kind, let last = tokens.last, case .newline = last.kind { continue }
            tokens.append(t)
            if case .eof = t.kind { break }
        }
        return tokens
    }

    private var insideParens: Bool { if let top = nesting.last { return top == "(" || top == "[" } else { return false } }

    mutating func next() -> Token {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            if c == "\\", peek(1) == "\n" { i += 2; continue }  // explicit line continuation
            if c == "\n" {
                i += 1
                if insideParens { continue }
                return Token(kind: .newline, offset: i - 1, length: 1)
            }
            if c == "#" {
                let start = i
                while let d = peek(), d != "\n" { i += 1 }
                if atLineStart(start) {
                    let text = String(String.UnicodeScalarView(s[start..<i]))
                    if text.hasPrefix("# %%") {
                        let title = String(text.dropFirst(4)).trimmed(" \t")
                        return Token(kind: .cellMarker(title: String(title)), offset: start, length: i - start)
                    }
                }
                continue
            }
            break
        }
        guard let c = peek() else { return Token(kind: .eof, offset: end, length: 0) }
        let start = i
        if c == "%", atLineStart(start), !insideParens {
            return lexMagic(start)
        }
        if c.properties.isAlphabetic || c == "_" {
            while let d = peek(), d.properties.isAlphabetic || d == "_" || ("0"..."9").contains(d) { i += 1 }
            let word = String(String.UnicodeScalarView(s[start..<i]))
            if let k = Keyword(rawValue: word) { return Token(kind: .keyword(k), offset: start, length: i - start) }
            return Token(kind: .identifier(word), offset: start, length: i - start)
        }
        if ("0"..."9").contains(c) { return lexNumber(start) }
        if c == "\"" { return lexString(start) }
        if c == "'" { return lexSingleQuoted(start) }
        return lexSymbol(start)
    }

    private mutating func lexMagic(_ start: Int) -> Token {
        i += 1
        var cell = false
        if peek() == "%" { cell = true; i += 1 }
        let nameStart = i
        while let d = peek(), d.properties.isAlphabetic || d == "_" { i += 1 }
        let name = String(String.UnicodeScalarView(s[nameStart..<i]))
        if name.isEmpty { error("expected a magic name after '\(cell ? "%%" : "%")'; try %lsmagic", at: start) }
        while let d = peek(), d == " " || d == "\t" { i += 1 }
        let argStart = i
        while let d = peek(), d != "\n" { i += 1 }
        var argEnd = i
        while argEnd > argStart, s[argEnd - 1] == " " || s[argEnd - 1] == "\t" || s[argEnd - 1] == "\r" { argEnd -= 1 }
        let kind: TokenKind = cell ? .cellMagic(name: name, argStart: argStart, argEnd: argEnd)
                                   : .magic(name: name, argStart: argStart, argEnd: argEnd)
        return Token(kind: kind, offset: start, length: i - start)
    }

    private mutating func lexNumber(_ start: Int) -> Token {
        var isFloat = false
        func digits() { while let d = peek(), ("0"..."9").contains(d) || d == "_" { i += 1 } }
        digits()
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            isFloat = true; i += 1; digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if let sign = peek(1), sign == "+" || sign == "-" { k = 2 }
            if let d = peek(k), ("0"..."9").contains(d) { isFloat = true; i += k; digits() }
        }
        let text = String(String.UnicodeScalarView(s[start..<i])).replacingOccurrences(of: "_", with: "")
        if isFloat {
            guard let v = Double(text), v.isFinite else {
                error("float literal \(text) is out of range", at: start)
                return Token(kind: .float(0), offset: start, length: i - start)
            }
            return Token(kind: .float(v), offset: start, length: i - start)
        }
        guard let v = Int(text) else {
            error("integer literal \(text) is too large (maximum \(Int.max)); write it as a Float, e.g. \(text).0", at: start)
            return Token(kind: .int(0), offset: start, length: i - start)
        }
        return Token(kind: .int(v), offset: start, length: i - start)
    }

    private mutating func lexString(_ start: Int) -> Token {
        i += 1
        var pieces: [StringPiece] = []
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n" else {
                error("unterminated string literal; close it with \"", at: start)
                break
            }
            i += 1
            if c == "\"" { break }
            if c == "\\" {
                guard let e = peek() else { continue }
                i += 1
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "0": text.append("\0")
                case "(":
                    if !text.isEmpty { pieces.append(.text(String(text))); text = String.UnicodeScalarView() }
                    let exprStart = i
                    var depth = 1
                    while let d = peek(), d != "\n" {
                        if d == "(" { depth += 1 }
                        if d == ")" { depth -= 1; if depth == 0 { break } }
                        i += 1
                    }
                    if peek() == ")" {
                        pieces.append(.interpolation(start: exprStart, end: i))
                        i += 1
                    } else {
                        error("unterminated interpolation \\( in string literal", at: exprStart - 2)
                    }
                default:
                    error("unknown escape sequence \\\(e) in string literal", at: i - 2)
                }
                continue
            }
            text.append(c)
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(String(text))) }
        return Token(kind: .string(pieces), offset: start, length: i - start)
    }

    /// Python's 'abc': an error that shows the double-quoted spelling; lexed as a string
    /// so the rest of the line is still checked.
    private mutating func lexSingleQuoted(_ start: Int) -> Token {
        i += 1
        let bodyStart = i
        while let d = peek(), d != "'", d != "\n" { i += 1 }
        let body = String(String.UnicodeScalarView(s[bodyStart..<i]))
        if peek() == "'" { i += 1 }
        let escaped = body.replacingOccurrences(of: "\"", with: "\\\"")
        error("strings use double quotes: write \"\(escaped)\"", at: start)
        return Token(kind: .string([.text(body)]), offset: start, length: i - start)
    }

    private mutating func lexSymbol(_ start: Int) -> Token {
        // Longest match first.
        for len in stride(from: 3, through: 1, by: -1) where i + len <= end {
            let text = String(String.UnicodeScalarView(s[i..<(i + len)]))
            if let sym = Symbol(rawValue: text) {
                i += len
                switch sym {
                case .lparen: nesting.append("(")
                case .lbracket: nesting.append("[")
                case .lbrace: nesting.append("{")
                case .rparen, .rbracket, .rbrace: if !nesting.isEmpty { nesting.removeLast() }
                default: break
                }
                return Token(kind: .symbol(sym), offset: start, length: len)
            }
        }
        let c = s[i]
        i += 1
        // Control characters (a NUL cuts terminals' output) are shown escaped.
        let shown = c.value >= 0x20 && c.value != 0x7F ? String(c) : "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
        error("unexpected character '\(shown)'", at: start)
        return next()
    }

    /// Open brackets left at the end of the input (the REPL keeps reading while > 0).
    public var openBrackets: Int { nesting.count }
}

extension String {
    func trimmed(_ set: String) -> Substring {
        var sub = Substring(self)
        while let f = sub.first, set.contains(f) { sub.removeFirst() }
        while let l = sub.last, set.contains(l) { sub.removeLast() }
        return sub
    }
}
