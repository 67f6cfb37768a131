/// `%history [-n] [-l N] [RANGE…]`: the REPL's inputs, as IPython prints them —
/// without numbers unless `-n`; `-l N` the last N; ranges `4`, `2-5`, `3-` (1-based).
/// Scripts have no history and print nothing.
enum HistoryMagic {
    static func register(into r: BuiltinRegistry) {
        r.magic("history", doc: "%history [-n] [-l N] [RANGE...]: inputs of this session (REPL); -n numbers them, -l N the last N, RANGE is 4, 2-5 or 3-.") { m in
            let options = try MagicOptions(m.args, magic: "history", valued: ["l"], flags: ["n"])
            let all = m.session.historyProvider?() ?? []
            var picked = Array(all.indices)
            if !options.positional.isEmpty {
                picked = try options.positional.flatMap { try range($0, count: all.count) }
            }
            if let last = try options.positiveInt("l", magic: "history") { picked = Array(picked.suffix(last)) }
            for i in picked {
                m.output.line(options.flags.contains("n") ? "\(i + 1): \(all[i])" : all[i])
            }
        }
    }

    /// Indices of `4`, `2-5` or `3-` (1-based, inclusive), clipped to the history.
    static func range(_ spec: String, count: Int) throws -> [Int] {
        let parts = spec.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let bad = RuntimeError("%history: a range is N, A-B or A-, got \(spec)")
        guard parts.count <= 2, let a = Int(parts[0]), a >= 1 else { throw bad }
        var b = a
        if parts.count == 2 { if parts[1].isEmpty { b = count } else { guard let e = Int(parts[1]) else { throw bad }; b = e } }
        guard a <= b else { throw bad }
        return Array((a - 1)..<min(b, count)).filter { $0 >= 0 }
    }
}
