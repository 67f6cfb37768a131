/// The general IPython magics every session has. They belong to the language core and
/// know nothing of neuroimaging; libraries add their own through `BuiltinRegistry.magic`.
public enum CoreMagics {
    /// Registration order is the order `%lsmagic` lists them in.
    public static func register(into r: BuiltinRegistry) {
        TimeMagic.register(into: r)
        TimeitMagic.register(into: r)
        NamespaceMagics.register(into: r)
        FileMagics.register(into: r)
        HistoryMagic.register(into: r)
        ShellMagics.register(into: r)
        HelpMagics.register(into: r)
    }

    /// Statement magics of the core alone: what a parser made without a registry uses.
    public static let statementMagics: Set<String> = {
        let r = BuiltinRegistry()
        return r.statementMagics
    }()
}
