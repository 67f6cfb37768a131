@preconcurrency import CEditLine
import Foundation

/// libedit (readline-compatible API) line editing with persistent, size-capped history
/// and a completion callback.
final class LineEditor {
    let historyPath: String
    let historyLimit: Int32 = 1000
    /// Completion candidates for the word `text` of the line `line` (cursor at `end`).
    nonisolated(unsafe) static var complete: ((_ text: String, _ line: String, _ start: Int) -> (matches: [String], inString: Bool))?
    nonisolated(unsafe) static var candidates: [String] = []

    init(historyPath: String) {
        self.historyPath = historyPath
        rl_readline_name = UnsafePointer(strdup("nls"))
        using_history()
        stifle_history(historyLimit)
        _ = read_history(historyPath)
        // '.' is not a word break, so "search.fi" completes as a whole.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,[+-*/%!"))
        rl_attempted_completion_function = { text, start, _ in
            let word = text.map { String(cString: $0) } ?? ""
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let result = LineEditor.complete?(word, line, Int(start)) ?? (matches: [], inString: false)
            LineEditor.candidates = result.matches
            rl_attempted_completion_over = 1  // no filename fallback: we complete paths ourselves
            // No space after a completed path (it may go on: "dir/file") or member name.
            rl_completion_append_character = result.inString || word.contains(".") ? 0 : 32
            if LineEditor.candidates.isEmpty { return nil }
            return rl_completion_matches(text) { _, state in
                let i = Int(state)
                guard i < LineEditor.candidates.count else { return nil }
                return strdup(LineEditor.candidates[i])
            }
        }
    }

    /// One line, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        guard let p = readline(prompt) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    func addHistory(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        // Like bash's ignoredups: re-running the previous input does not add it again, so
        // Up keeps walking back through distinct inputs.
        if let last = history.last, last == entry { return }
        add_history(entry)
        _ = write_history(historyPath)
    }

    var history: [String] {
        var items: [String] = []
        let base = history_base
        for i in 0..<history_length {
            if let e = history_get(base + i), let line = e.pointee.line { items.append(String(cString: line)) }
        }
        return items
    }
}
