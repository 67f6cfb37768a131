/// A run of source text of one lexical class, for syntax highlighting. The language's
/// lexer decides the classes (NLSBuiltins' `SourceHighlighter`); the renderer only maps
/// each class to a CSS class.
public struct SourceSpan: Equatable {
    public var kind: TokenClass
    public var text: String
    public init(_ kind: TokenClass, _ text: String) { self.kind = kind; self.text = text }
}

public enum TokenClass: String, CaseIterable, Equatable {
    /// Names, blanks and anything unclassified: no markup.
    case plain
    case keyword, builtin, type, number, string, comment, magic, symbol

    /// The CSS class of a span (nil: no span at all).
    var cssClass: String? {
        switch self {
        case .plain: return nil
        case .keyword: return "kw"
        case .builtin: return "bi"
        case .type: return "ty"
        case .number: return "nu"
        case .string: return "st"
        case .comment: return "co"
        case .magic: return "ma"
        case .symbol: return "sy"
        }
    }
}
