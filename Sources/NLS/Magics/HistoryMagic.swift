/// `%history`: the REPL's inputs (the REPL provides them; scripts have none).
enum HistoryMagic {
    static func register(into r: BuiltinRegistry) {
        r.magic("history", doc: "%history: inputs of this session (REPL).") { m in
            for (i, line) in (m.session.historyProvider?() ?? []).enumerated() { m.output.line("\(i + 1): \(line)") }
        }
    }
}
