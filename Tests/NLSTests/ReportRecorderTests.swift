import Foundation
import XCTest
import NLS
@testable import NLSBuiltins
import NLSReport

/// The report model a run produces: cells as the interpreter divides them, each with the
/// output items it printed, its timing and how it ended.
final class ReportRecorderTests: XCTestCase {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]

    /// Runs `source` as a script while recording it; the terminal's text comes back too.
    func record(_ source: String) throws -> (report: Report, terminal: String) {
        try TestSupport.onBigStack {
            let c = TestSupport.Captured()
            // A figure builtin for the test, until plotting builtins exist.
            c.session.registry.function("show_figure", [], returns: .void, doc: "test figure") { a in
                a.context.output.emit(.image(mime: "image/png", data: Self.png, alt: "figure"))
                a.context.output.emit(.html("<table><tr><td>1</td></tr></table>"))
                return .none
            }
            let file = SourceFile(name: "t.nls", text: source)
            let recorder = ReportRecorder(file: file, session: c.session)
            var failure: Error?
            do { try c.session.run(file) } catch { failure = error }
            let r = recorder.report(scriptName: "t.nls", nlsVersion: "test", date: Date(), seconds: 0.5,
                                    error: failure, exitStatus: failure == nil ? 0 : 1)
            return (r, c.text)
        }
    }

    func testCellsCollectTheirTextFiguresAndTimings() throws {
        let (r, terminal) = try record("# %% One\nprint(\"a\")\n# %% Figure\nshow_figure()\n\n# %% Timed\n%%time\nlet x = 1\nprint(x)\n")
        XCTAssertEqual(r.cells.map(\.title), ["One", "Figure", "Timed"])
        XCTAssertEqual(r.cells.map(\.status), [.ok, .ok, .ok])
        XCTAssertTrue(r.cells.allSatisfy { $0.seconds != nil && $0.error == nil })
        XCTAssertEqual(r.cells[0].items, [.text("a\n")])
        XCTAssertEqual(r.cells[1].items, [.image(mime: "image/png", data: Self.png, alt: "figure"), .html("<table><tr><td>1</td></tr></table>")])
        XCTAssertEqual(r.cells[2].items.count, 3)
        XCTAssertEqual(r.cells[2].items.first, .text("1\n"))
        for case .timing(let t) in r.cells[2].items.dropFirst() {
            XCTAssertTrue(t.hasPrefix("CPU times: ") || t.hasPrefix("Wall time: "), t)
        }
        XCTAssertEqual(r.cells[2].items.dropFirst().filter { if case .timing = $0 { return true }; return false }.count, 2)
        // Sources leave out the marker line and blank lines around the code.
        XCTAssertEqual(r.cells[1].source.map(\.text).joined(), "show_figure()")
        XCTAssertEqual(r.cells[2].source.map(\.text).joined(), "%%time\nlet x = 1\nprint(x)")
        // The terminal still shows everything (rich items as their placeholder).
        XCTAssertTrue(terminal.hasPrefix("a\n<image/png, 11 bytes: figure>\n<text/html, 34 bytes>\n1\nCPU times: "), terminal)
        XCTAssertTrue(r.device.hasPrefix("cpu (OpenBLAS + LAPACKE, "), r.device)
        XCTAssertNil(r.error)
    }

    func testAFailingCellShowsItsErrorAndLaterCellsDidNotRun() throws {
        let (r, _) = try record("let xs = [1]\nprint(\"before\")\n# %% Bad\nprint(\"partial\")\nprint(xs[5])\n# %% Later\nprint(2)\n")
        XCTAssertEqual(r.cells.map(\.title), ["", "Bad", "Later"])
        XCTAssertEqual(r.cells.map(\.status), [.ok, .failed, .notRun])
        XCTAssertEqual(r.cells[1].items, [.text("partial\n")])
        XCTAssertTrue(r.cells[1].error?.contains("t.nls:5:9: error: index 5 out of range") == true, r.cells[1].error ?? "")
        XCTAssertNil(r.cells[2].seconds)
        XCTAssertEqual(r.cells[2].items, [])
        XCTAssertNil(r.error, "the error belongs to its cell")
    }

    func testAScriptWithoutMarkersIsOneCell() throws {
        let (r, _) = try record("# header\nprint(1)\nprint([1][3])\n")
        XCTAssertEqual(r.cells.count, 1)
        XCTAssertEqual(r.cells[0].status, .failed)
        XCTAssertEqual(r.cells[0].items, [.text("1\n")])
        XCTAssertEqual(r.cells[0].source.map(\.text).joined(), "# header\nprint(1)\nprint([1][3])")
        XCTAssertEqual(r.cells[0].seconds, 0.5)
        XCTAssertNotNil(r.cells[0].error)
        XCTAssertEqual(r.preamble, [])
    }

    func testCheckErrorsRunNothingAndAreShownOnce() throws {
        let (r, terminal) = try record("# %% A\nprint(1)\n# %% B\nprint(nope)\n")
        XCTAssertEqual(terminal, "")
        XCTAssertEqual(r.cells.map(\.status), [.notRun, .notRun])
        XCTAssertTrue(r.error?.contains("unknown name 'nope'") == true)
        XCTAssertTrue(r.error?.hasSuffix("1 error found; nothing was run") == true)
    }

    func testAHeaderCommentIsThePreamble() throws {
        let (r, _) = try record("# Title\n# more\n\n# %% A\nprint(1)\n")
        XCTAssertEqual(r.preamble.map(\.text).joined(), "# Title\n# more")
        XCTAssertEqual(r.cells.map(\.title), ["A"])
    }

    func testASyntaxErrorStillShowsEveryCell() {
        let cells = ScriptCells(file: SourceFile(name: "t.nls", text: "# %% A\nlet a = (1 +\n# %% B\nprint(a]\n# %% C\n"),
                                statementMagics: [])
        XCTAssertEqual(cells.cells.map(\.title), ["A", "B", "C"])
    }
}
