/// Kinds of tokens produced by the `Lexer`.
public enum TokenKind: Equatable {
    case identifier(String)
    case keyword(Keyword)
    case int(Int)
    case float(Double)
    /// A string literal: its pieces are literal text or `\(expr)` source ranges.
    case string([StringPiece])
    case symbol(Symbol)
    /// `%name args` at the start of a line; args is the raw rest of the line.
    case magic(name: String, argStart: Int, argEnd: Int)
    /// `%%name args` at the start of a line (cell magic).
    case cellMagic(name: String, argStart: Int, argEnd: Int)
    /// `# %%` (optionally with a title): starts a notebook cell.
    case cellMarker(title: String)
    case newline
    case eof
}

public enum StringPiece: Equatable {
    case text(String)
    /// Scalar offsets [start, end) of an interpolated expression's source.
    case interpolation(start: Int, end: Int)
}

public enum Keyword: String, CaseIterable {
    case `let`, `var`, `fn`, `return`, `if`, `else`, `for`, `in`, `while`, `break`, `continue`
    case `import`, `set`, `true`, `false`, `none`, `and`, `or`, `not`
}

public enum Symbol: String, CaseIterable {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case comma = ",", colon = ":", dot = ".", arrow = "->", semicolon = ";", question = "?"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case plus = "+", minus = "-", star = "*", slash = "/", slashSlash = "//", percent = "%", starStar = "**", at = "@"
    case halfOpen = "..<", closed = "...", bang = "!", ampAmp = "&&", pipePipe = "||", pipe = "|"
}

public struct Token {
    public let kind: TokenKind
    public let offset: Int
    public let length: Int
}
