import Foundation
import XCTest

/// Ctrl-C during library work (a GridSearch fitting thousands of candidate models on the
/// executor) returns to the prompt within a moment; the search keeps no partial results
/// and the session goes on.
extension ReplTerminalTests {
    func testCtrlCStopsALibraryFit() throws {
        try startRepl()
        try line("let X = randn([3000, 120])")
        try line("let Y = randn([3000, 400])")
        // A grid over two parameters takes the generic path: 2,000 fits, many seconds.
        try line("let g = GridSearch(Ridge(), grid: {alpha: logspace(-3, 3, 50), fit_intercept: [true, false]}, cv: 20, n_jobs: 1)")
        var n = prompts()
        try line("g.fit(X, Y)")
        usleep(1_500_000)
        let sent = Date()
        try key("C-c")
        try waitForText("interrupted")
        try waitForPrompt(after: n)
        XCTAssertLessThan(Date().timeIntervalSince(sent), 5, "the fit did not stop promptly")
        n = prompts()
        try line("g.best_score")
        try waitForText("not fitted")
        try waitForPrompt(after: n)
        try line("2 + 2")
        try waitForText("4 : Int")
    }
}
