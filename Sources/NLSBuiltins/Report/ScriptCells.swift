import NLS

/// Where each `# %%` cell of a script lies in its text, divided as the interpreter
/// divides it (`Interpreter.runCells`): by the cell markers among the top-level
/// statements, with an implicit first cell when statements come before the first marker.
/// Ranges are Unicode-scalar offsets and leave out the marker line (its title is shown
/// apart) and blank lines around the code.
struct ScriptCells {
    struct Cell: Equatable {
        var title: String
        var range: Range<Int>
    }
    var cells: [Cell]
    /// Text before the first marker that holds no statements (a header comment).
    var preamble: Range<Int>?
    /// False when the script has no markers: it is one cell, and the interpreter reports
    /// no cell events for it.
    var hasMarkers: Bool

    init(file: SourceFile, statementMagics: Set<String>) {
        let scalars = Array(file.text.unicodeScalars)
        let parser = Parser(file: file, statementMagics: statementMagics)
        let stmts = parser.parseProgram()
        var markers: [(title: String, offset: Int)] = []
        for s in stmts { if case .cellMarker(let t) = s.kind { markers.append((t, s.offset)) } }
        // The first statement's offset tells whether code precedes the first marker.
        var firstCode = stmts.first?.offset
        if !parser.diagnostics.isEmpty {
            // A syntax error hides the statements after it (nothing runs then): take the
            // markers from the tokens, so every cell is still shown.
            var lexer = Lexer(file: file)
            let tokens = lexer.tokenize()
            markers = tokens.compactMap { t in
                if case .cellMarker(let title) = t.kind { return (title, t.offset) } else { return nil }
            }
            firstCode = tokens.first { t in
                switch t.kind { case .newline, .eof: return false; default: return true }
            }?.offset
        }
        hasMarkers = !markers.isEmpty
        guard let first = markers.first else {
            cells = [Cell(title: "", range: Self.trimmed(0..<scalars.count, scalars))]
            preamble = nil
            return
        }
        func lineStart(_ o: Int) -> Int { var j = o; while j > 0, scalars[j - 1] != "\n" { j -= 1 }; return j }
        func nextLine(_ o: Int) -> Int { var j = o; while j < scalars.count, scalars[j] != "\n" { j += 1 }; return min(j + 1, scalars.count) }
        cells = []
        preamble = nil
        let head = Self.trimmed(0..<lineStart(first.offset), scalars)
        if let code = firstCode, code < first.offset {
            cells.append(Cell(title: "", range: head))
        } else if !head.isEmpty {
            preamble = head
        }
        for (k, m) in markers.enumerated() {
            let end = k + 1 < markers.count ? lineStart(markers[k + 1].offset) : scalars.count
            let start = min(nextLine(m.offset), end)
            cells.append(Cell(title: m.title, range: Self.trimmed(start..<end, scalars)))
        }
    }

    /// Drops blank lines before the code and all blanks after it (keeping the first
    /// line's indentation).
    static func trimmed(_ r: Range<Int>, _ s: [Unicode.Scalar]) -> Range<Int> {
        func blank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }
        var hi = r.upperBound
        while hi > r.lowerBound, blank(s[hi - 1]) { hi -= 1 }
        var lo = r.lowerBound, lineStart = r.lowerBound
        while lo < hi, blank(s[lo]) {
            if s[lo] == "\n" { lineStart = lo + 1 }
            lo += 1
        }
        return min(lineStart, hi)..<hi
    }
}
