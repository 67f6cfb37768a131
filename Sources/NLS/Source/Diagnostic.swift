/// An error found in a program (parse, type, or run time), rendered as
/// `file:line:col: error: message`, the source line and a caret under the column.
public struct Diagnostic: Error, CustomStringConvertible {
    public let message: String
    public let location: SourceLocation?
    /// Run-time errors carry the nls call stack, innermost first.
    public var callStack: [String] = []
    /// Messages that already contain their own position prefix.
    let preformatted: Bool

    public init(message: String, location: SourceLocation?, preformatted: Bool = false) {
        self.message = message
        self.location = location
        self.preformatted = preformatted
    }

    public var description: String { render() }

    public func render() -> String {
        if preformatted { return message }
        guard let loc = location else { return "error: \(message)" }
        let (line, col) = loc.file.lineColumn(of: loc.offset)
        // Control characters are shown escaped (a NUL would cut a terminal's line); tabs
        // keep their width so the caret lines up.
        var text = "", prefix = ""
        for (i, u) in loc.file.lineText(line).unicodeScalars.enumerated() {
            let shown = u == "\t" || (u.value >= 0x20 && u.value != 0x7F) ? String(u) : "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            text += shown
            if i < col - 1 { prefix += u == "\t" ? "\t" : String(repeating: " ", count: shown.count) }
        }
        var out = "\(loc.file.name):\(line):\(col): error: \(message)\n    \(text)\n    \(prefix)^"
        if !callStack.isEmpty {
            out += "\ncall stack (innermost first):"
            // Collapse runs of the same frame (deep recursion) as Python does.
            var i = 0
            while i < callStack.count {
                var j = i
                while j + 1 < callStack.count && callStack[j + 1] == callStack[i] { j += 1 }
                out += "\n  \(callStack[i])"
                if j > i { out += "\n  [previous line repeated \(j - i) more times]" }
                i = j + 1
            }
        }
        return out
    }
}

/// A collection of diagnostics: the checker reports all of a file's errors at once.
public struct DiagnosticList: Error, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var description: String { items.map { $0.render() }.joined(separator: "\n") }
}
