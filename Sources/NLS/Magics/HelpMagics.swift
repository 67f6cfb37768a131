/// `%lsmagic` and `%help`: both read the registry, so library magics show up too.
enum HelpMagics {
    static func register(into r: BuiltinRegistry) {
        r.magic("lsmagic", doc: "%lsmagic: list the magics.") { m in
            let registry = m.session.registry
            m.output.line("Available line magics:\n" + registry.magicNames.map { "%" + $0 }.joined(separator: "  "))
            m.output.line("\nAvailable cell magics:\n" + registry.cellMagicNames.map { "%%" + $0 }.joined(separator: "  "))
        }
        r.magic("help", doc: "%help NAME (or ?NAME): signature and documentation.") { m in
            let n = String(m.args.trimmed(" \t?"))
            guard !n.isEmpty else { m.output.line("usage: %help NAME   (or ?NAME); %lsmagic lists magics"); return }
            guard let h = m.session.help(for: n) else { throw RuntimeError("no help for '\(n)': it is not a builtin, type, setting, magic or variable") }
            m.output.line(h)
        }
    }
}
