/// A `%magic` as the registry knows it. Magics enter the language the same way
/// builtins do, so the parser, checker, `%lsmagic`, `?name` and REPL completion never
/// change when one is added.
public struct MagicSpec {
    public let name: String
    /// One line shown by `%help NAME` / `?NAME`.
    public let doc: String
    /// The line form's argument is parsed and checked as statements (`%time f(x)`)
    /// rather than handed over as raw text.
    public let takesStatement: Bool
    /// May start a cell as `%%name`, taking the rest of the cell as its body.
    public let cellMagic: Bool
    public let handler: (MagicInvocation) throws -> Void

    public init(name: String, doc: String, takesStatement: Bool = false, cellMagic: Bool = false,
                handler: @escaping (MagicInvocation) throws -> Void) {
        self.name = name; self.doc = doc; self.takesStatement = takesStatement
        self.cellMagic = cellMagic; self.handler = handler
    }
}

/// One use of a magic at run time.
public struct MagicInvocation {
    public let name: String
    /// Raw argument text (empty when the argument was parsed as statements).
    public let args: String
    /// Parsed statements: the line argument of a statement magic, or a cell's body.
    public let body: [Stmt]?
    /// Written as `%%name` at the start of a cell.
    public let cell: Bool
    public let session: Session
    public var output: Output { session.output }

    /// Runs `body` at the top level, where its declarations live (as IPython's %time does).
    public func runBody() throws {
        guard let body = body else { return }
        let interp = session.interpreter
        _ = try interp.execBlock(body, interp.globals)
    }

    /// `args` without surrounding blanks and quotes (a file or directory name).
    public var argument: String { String(args.trimmed(" \t\"'")) }
}

extension BuiltinRegistry {
    /// Registers a magic; a later registration under the same name replaces it in place.
    public func magic(_ name: String, doc: String, takesStatement: Bool = false, cellMagic: Bool = false,
                      _ handler: @escaping (MagicInvocation) throws -> Void) {
        magic(MagicSpec(name: name, doc: doc, takesStatement: takesStatement, cellMagic: cellMagic, handler: handler))
    }

    public func magic(_ spec: MagicSpec) {
        if magics[spec.name] == nil { magicNames.append(spec.name) }
        magics[spec.name] = spec
    }

    /// Magics whose line argument the parser reads as statements.
    public var statementMagics: Set<String> { Set(magics.values.filter(\.takesStatement).map(\.name)) }
    public var cellMagicNames: [String] { magicNames.filter { magics[$0]?.cellMagic == true } }
}
