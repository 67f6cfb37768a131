import Foundation

/// Progress of a notebook-style script split by `# %%` markers, for report mode and
/// front ends. Indices count from 0; statements before the first marker form an
/// implicit first cell (titled "") when there are any.
public enum CellEvent: Equatable {
    case started(index: Int, title: String, offset: Int)
    case finished(index: Int, seconds: Double, error: String?)
}

extension Interpreter {
    /// Runs top-level statements cell by cell, telling `observer` where each starts and ends.
    func runCells(_ stmts: [Stmt], _ observer: (CellEvent) -> Void) throws {
        if let fns = stmts.first?.hoistedFunctions { for f in fns { _ = try exec(f, globals) } }
        var cells: [(title: String, offset: Int, body: ArraySlice<Stmt>)] = []
        var start = 0, title = "", offset = stmts.first?.offset ?? 0
        func close(at end: Int) {
            // The implicit first cell exists only when it has statements.
            if end > start || !cells.isEmpty || start > 0 { cells.append((title, offset, stmts[start..<end])) }
        }
        for (i, s) in stmts.enumerated() {
            guard case .cellMarker(let t) = s.kind else { continue }
            close(at: i)
            start = i + 1; title = t; offset = s.offset
        }
        close(at: stmts.count)
        for (index, cell) in cells.enumerated() {
            observer(.started(index: index, title: cell.title, offset: cell.offset))
            let t0 = wallClock()
            do {
                for s in cell.body { _ = try exec(s, globals) }
            } catch {
                observer(.finished(index: index, seconds: wallClock() - t0, error: "\(error)"))
                throw error
            }
            observer(.finished(index: index, seconds: wallClock() - t0, error: nil))
        }
    }
}
