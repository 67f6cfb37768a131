import NLS
import NLSReport

/// Syntax highlighting from the language's own lexer, so a report colours exactly what
/// the interpreter reads as a keyword, string or magic. Comments never reach the token
/// stream; they are the `#…` parts of the text between tokens.
public struct SourceHighlighter {
    let file: SourceFile
    let scalars: [Unicode.Scalar]
    let registry: BuiltinRegistry
    /// The lexical class of every scalar of the file.
    private(set) var classes: [TokenClass]

    /// Type names of the language itself; object types come from the registry.
    static let coreTypes: Set<String> = ["Int", "Float", "Bool", "Str", "List"]

    public init(file: SourceFile, registry: BuiltinRegistry) {
        self.file = file
        self.scalars = Array(file.text.unicodeScalars)
        self.registry = registry
        self.classes = Array(repeating: .plain, count: scalars.count)
        classify(from: 0, to: scalars.count)
    }

    /// The spans of scalars [start, end), adjacent scalars of one class merged.
    public func spans(from start: Int, to end: Int) -> [SourceSpan] {
        let lo = max(0, min(start, scalars.count)), hi = max(lo, min(end, scalars.count))
        var out: [SourceSpan] = []
        var i = lo
        while i < hi {
            var j = i + 1
            while j < hi, classes[j] == classes[i] { j += 1 }
            out.append(SourceSpan(classes[i], String(String.UnicodeScalarView(scalars[i..<j]))))
            i = j
        }
        return out
    }

    private mutating func mark(_ start: Int, _ end: Int, _ c: TokenClass) {
        let lo = max(0, start), hi = min(end, classes.count)
        if lo < hi { for k in lo..<hi { classes[k] = c } }
    }

    /// Lexes [start, end) and classes its tokens; also used for the inside of string
    /// interpolations and the statement argument of `%time`-like magics.
    private mutating func classify(from start: Int, to end: Int) {
        var lexer = Lexer(file: file, start: start, end: end)
        let tokens = lexer.tokenize()
        var pos = start
        var previous: TokenKind?
        for t in tokens {
            markComments(from: pos, to: min(t.offset, end))
            let tokenEnd = t.offset + t.length
            switch t.kind {
            case .keyword: mark(t.offset, tokenEnd, .keyword)
            case .int, .float: mark(t.offset, tokenEnd, .number)
            case .symbol: mark(t.offset, tokenEnd, .symbol)
            case .cellMarker: mark(t.offset, tokenEnd, .comment)
            case .identifier(let name):
                // `x.sum` is a method, not the builtin `sum`.
                if previous != .symbol(.dot) { mark(t.offset, tokenEnd, identifierClass(name)) }
            case .string(let pieces):
                mark(t.offset, tokenEnd, .string)
                for case .interpolation(let a, let b) in pieces { classify(from: a, to: b) }
            case .magic(let name, let argStart, let argEnd):
                mark(t.offset, argStart, .magic)
                if registry.statementMagics.contains(name) { classify(from: argStart, to: argEnd) }
            case .cellMagic(_, let argStart, _):
                mark(t.offset, argStart, .magic)
            case .newline, .eof: break
            }
            pos = max(pos, tokenEnd)
            previous = t.kind
        }
        markComments(from: pos, to: end)
    }

    private func identifierClass(_ name: String) -> TokenClass {
        if Self.coreTypes.contains(name) || registry.types[name] != nil { return .type }
        if registry.functions[name] != nil || registry.overloads[name] != nil { return .builtin }
        return .plain
    }

    /// Between tokens there are only blanks, line continuations, characters the lexer
    /// rejected, and comments: a `#` starts a comment that runs to the end of the line.
    private mutating func markComments(from start: Int, to end: Int) {
        var i = start
        while i < end {
            if scalars[i] == "#" {
                var j = i
                while j < end, scalars[j] != "\n" { j += 1 }
                mark(i, j, .comment)
                i = j
            } else {
                i += 1
            }
        }
    }
}
