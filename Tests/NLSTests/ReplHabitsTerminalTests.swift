import Foundation
import XCTest

/// REPL habits from IPython, through a real pseudo-terminal (the helpers of
/// ReplTerminalTests): blank lines inside brackets, repr echo and `_`, help through a
/// variable, completion of chained attributes, keyword arguments and `~/`, `%reset`
/// asking first, `%history -n`.
extension ReplTerminalTests {
    func testBlankLineInsideBracketsReprEchoAndUnderscore() throws {
        try startRepl()
        // A pasted function with a blank line in its body.
        try line("fn add_one(x: Int) -> Int {")
        try line("")
        try line("    return x + 1")
        try line("}")
        try line("add_one(41)")
        try waitForText("42 : Int")
        try line("_ * 2")
        try waitForText("84 : Int")
        try line("Ridge(alpha: 174.75, solver: \"svd\")")
        try waitForText("Ridge(alpha: 174.75, solver: \"svd\") : Ridge")
        try line("?_.fit")
        try waitForText("Fits on X")
        try line("_.alpha")
        try waitForText("174.75 : Float")
        let A = "let A = zeros([2, 3])"
        try line(A)
        try line("?A.mean")
        try waitForText("A.mean(axis: Int) -> Array")
        XCTAssertFalse(screen().contains("error"), screen())
    }

    func testCompletionOfChainsKeywordsAndHome() throws {
        try startRepl()
        try line("let g = GridSearch(Ridge(), grid: {alpha: [1.0]})")
        var n = prompts()
        try waitForPrompt(after: n - 1)
        try type("g.best_estimator.coe")
        try key("Tab")
        try waitForText("g.best_estimator.coef")
        try key("C-c")
        try waitForPrompt(after: n)
        n = prompts()
        try type("Ridge(al")
        try key("Tab")
        try waitForText("Ridge(alpha:")
        try key("C-c")
        try waitForPrompt(after: n)
        // `~/` completes in the home folder (HOME is the test's own folder).
        let home = workDir.appendingPathComponent("home")
        try "a,b\n1,2\n".write(to: home.appendingPathComponent("tilde_data.csv"), atomically: true, encoding: .utf8)
        try type("read_csv(\"~/tilde_d")
        try key("Tab")
        try waitForText("~/tilde_data.csv")
        // ...and `~` expands in the paths builtins load.
        try type("\").shape")
        try key("Enter")
        try waitForText("[1, 2] : List[Int]")
    }

    func testResetAsksAndHistoryOptions() throws {
        try startRepl()
        try line("let kept = 5")
        try line("%reset")
        try waitForText("Proceed (y/[n])?")
        try line("n")
        try waitForText("Nothing done.")
        try line("kept")
        try waitForText("5 : Int")
        try line("%reset")
        try waitForText("Proceed (y/[n])?", times: 2)
        try line("y")
        var n = prompts()
        try waitForPrompt(after: n - 1)
        try line("%who")
        try waitForText("Interactive namespace is empty.")
        try line("let after = 1")
        try line("%reset -f")
        n = prompts()
        try waitForPrompt(after: n - 1)
        try line("%history -n -l 2")
        try waitForText(": %history -n -l 2")
        try waitForText(": %reset -f")
    }
}
