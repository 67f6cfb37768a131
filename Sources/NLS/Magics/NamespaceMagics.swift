/// `%who`, `%whos`, `%reset`: the user's variables.
enum NamespaceMagics {
    static func register(into r: BuiltinRegistry) {
        r.magic("who", doc: "%who: names of the variables you defined.") { m in
            let names = m.session.userGlobals.map(\.name)
            m.output.line(names.isEmpty ? "Interactive namespace is empty." : names.sorted().joined(separator: "\t"))
        }
        r.magic("whos", doc: "%whos: table of variables with type and value summary.", whos)
        r.magic("reset", doc: "%reset [-f]: forget every variable; the REPL asks first unless -f. Where nothing can be asked (a script, -c, piped input) it proceeds, as IPython does without stdin.") { m in
            let options = try MagicOptions(m.args, magic: "reset", flags: ["f"])
            let session = m.session
            if !options.flags.contains("f"), let confirm = session.confirm,
               !confirm("Once deleted, variables cannot be recovered. Proceed (y/[n])? ") {
                m.output.line("Nothing done.")
                return
            }
            // The prelude (and a script's `args`) survive, as every session starts with them.
            var keep = session.hiddenGlobalSlots
            for g in session.checker.globals where g.name == "args" { keep.insert(g.slot) }
            session.checker.reset(keeping: keep)
            let interp = session.interpreter
            for i in interp.globals.slots.indices where !keep.contains(i) { interp.globals.slots[i] = .none }
            interp.executedModules = []
        }
    }

    static func whos(_ m: MagicInvocation) {
        let vars = m.session.userGlobals
        if vars.isEmpty { m.output.line("Interactive namespace is empty."); return }
        let rows = vars.sorted { $0.name < $1.name }.map { v -> (String, String, String) in
            let value = m.session.interpreter.global(slot: v.slot)
            if case .object(let o) = value, let s = o.payload as? WhosSummary { return (v.name, v.type.description, s.whosInfo) }
            var info = value.repr.replacingOccurrences(of: "\n", with: " ")
            if info.count > 60 { info = String(info.prefix(57)) + "..." }
            return (v.name, v.type.description, info)
        }
        let w0 = max(8, rows.map { $0.0.count }.max()!) + 3
        let w1 = max(4, rows.map { $0.1.count }.max()!) + 3
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        m.output.line(pad("Variable", w0) + pad("Type", w1) + "Data/Info")
        m.output.line(String(repeating: "-", count: w0 + w1 + 9))
        for r in rows { m.output.line(pad(r.0, w0) + pad(r.1, w1) + r.2) }
    }
}
