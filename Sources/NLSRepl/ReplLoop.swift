import Foundation
import NLS

/// The interactive loop: read (multi-line while brackets are open), check, run, echo
/// the value with its type. Errors return to the prompt with all state kept.
public final class ReplLoop {
    let session: Session
    let interactive: Bool
    var editor: LineEditor?
    var inputCount = 0
    var pending: [String] = []
    var hadError = false

    public init(session: Session) {
        self.session = session
        self.interactive = isatty(0) != 0
    }

    public func run() -> Int32 {
        installInterruptHandler()
        if interactive {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "."
            let path = ProcessInfo.processInfo.environment["NLS_HISTORY"] ?? home + "/.nls_history"
            editor = LineEditor(historyPath: path)
            let completer = Completer(session: session)
            LineEditor.complete = { word, line, start in completer.completeForEditor(word: word, line: line, start: start) }
            session.historyProvider = { [weak self] in self?.editor?.history ?? [] }
            session.confirm = { [weak self] question in
                guard let answer = self?.editor?.readLine(prompt: question) else { return false }
                return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
            }
            print("nls \(versionString) — type %lsmagic for magics, ?name for help, Ctrl-D to exit")
        }
        session.loadHandler = { [weak self] text in
            self?.session.output.line(text)
            self?.pending.append(text)
        }
        while true {
            if !pending.isEmpty {
                execute(pending.removeFirst())
                continue
            }
            guard let input = readInput() else { break }
            execute(input)
        }
        if interactive { print("") }
        return hadError && !interactive ? 1 : 0
    }

    var versionString: String { "0.1.0" }

    func readLine(_ prompt: String) -> String? {
        Interrupt.clear()
        if let editor = editor {
            let line = editor.readLine(prompt: prompt)
            if Interrupt.requested {
                // Ctrl-C at the prompt abandons the current input.
                Interrupt.clear()
                return line == nil ? "\u{3}" : line
            }
            return line
        }
        return Swift.readLine(strippingNewline: true)
    }

    /// Reads one complete input: continues while brackets are open, a line ends with
    /// '\', or (for a %% cell magic) until an empty line.
    func readInput() -> String? {
        var lines: [String] = []
        while true {
            let prompt = lines.isEmpty ? "nls> " : "...  "
            guard let line = readLine(prompt) else {
                if lines.isEmpty { return nil }
                break
            }
            if line == "\u{3}" { print("^C"); lines = []; continue }
            lines.append(line)
            let text = lines.joined(separator: "\n")
            if lines[0].trimmingCharacters(in: .whitespaces).hasPrefix("%%") {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
                continue
            }
            if line.hasSuffix("\\") { continue }
            var lexer = Lexer(file: SourceFile(name: "<input>", text: text))
            _ = lexer.tokenize()
            // An empty line inside open brackets continues too (a pasted function with a
            // blank line in its body), as IPython does; Ctrl-C abandons the input.
            if lexer.openBrackets > 0 { continue }
            break
        }
        let text = lines.joined(separator: "\n")
        editor?.addHistory(text)
        return text
    }

    func execute(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return }
        if trimmed.hasPrefix("?") || (trimmed.hasSuffix("?") && !trimmed.contains(" ")) {
            let name = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "?"))
            if let h = session.help(for: name) { print(h) } else { printError("no help for '\(name)'"); hadError = true }
            return
        }
        inputCount += 1
        let file = SourceFile(name: "<input-\(inputCount)>", text: text)
        Interrupt.clear()
        do {
            if let (value, type) = try session.evaluate(file) {
                if case .none = value, type == .void { return }
                let shown = value.repr
                print("\(shown) : \(type)")
                // IPython's `_`: the last echoed result.
                if type != .void, !(value == .none && type == .none) { session.defineGlobal("_", type: type, value: value) }
            }
        } catch let d as DiagnosticList {
            printError(d.description); hadError = true
        } catch is InterruptedError {
            // On a terminal the ^C echo is still on the line: start a new one.
            printError(interactive ? "\ninterrupted" : "interrupted"); hadError = true
        } catch {
            printError("\(error)"); hadError = true
        }
        fflush(stdout)
    }
}
