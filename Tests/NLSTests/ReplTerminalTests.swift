import Foundation
import XCTest

/// Drives the real `nls` REPL through a pseudo-terminal (tmux send-keys / capture-pane):
/// echo with type, multi-line input, Tab completion, history (Up arrow and the history
/// file), Ctrl-C at the prompt and during a computation, Ctrl-D. Skipped without tmux.
final class ReplTerminalTests: XCTestCase {
    /// A tmux server of our own (-L), so the test never touches a user's sessions.
    var socket = ""
    let sessionName = "nls"
    var workDir: URL!
    var historyFile: URL { workDir.appendingPathComponent("history") }

    static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let p = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    var tmuxPath = ""
    var binary: URL!

    override func setUpWithError() throws {
        guard let t = Self.findTmux() else { throw XCTSkip("tmux is not installed") }
        tmuxPath = t
        guard let b = NLSBinary.find() else { XCTFail("the nls executable was not found"); throw XCTSkip("no nls binary") }
        binary = b
        socket = "nlstest\(getpid())_\(UInt32.random(in: 0..<1_000_000))"
        workDir = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if workDir != nil { _ = try? tmux(["kill-server"]) }
        if let d = workDir { try? FileManager.default.removeItem(at: d) }
    }

    // MARK: tmux helpers

    /// Runs a tmux client command and returns its exit status and stdout.
    ///
    /// posix_spawn + waitpid rather than Foundation's Process: `new-session` forks a server
    /// that outlives the client, and Process sometimes never noticed the client's exit.
    /// Every inherited descriptor is marked close-on-exec first, so the long-lived tmux
    /// server cannot keep one of ours open (a pipe never reaching EOF, or the lock file
    /// that serialises builds on a shared machine).
    @discardableResult
    func tmux(_ args: [String]) throws -> (status: Int32, out: String) {
        let outPath = workDir.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(outPath) }
        for fd in Int32(3)..<Int32(4096) where fcntl(fd, F_GETFD) >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tmuxPath, "-u", "-L", socket, "-f", "/dev/null"] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tmuxPath, &actions, nil, argv, environ)
        guard rc == 0 else { throw NSError(domain: "tmux", code: Int(rc)) }
        var status: Int32 = 0
        var waited: pid_t
        repeat { waited = waitpid(pid, &status, 0) } while waited == -1 && errno == EINTR
        let exitCode: Int32 = waited == pid ? ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)) : 0
        // Decoded leniently: a client that guesses a non-UTF-8 locale may write other bytes.
        let out = FileManager.default.contents(atPath: outPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (exitCode, out)
    }

    /// Starts the REPL in a 200x50 terminal and waits for its first prompt.
    func startRepl() throws {
        let home = workDir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let command = "cd '\(workDir.path)' && env NLS_HISTORY='\(historyFile.path)' HOME='\(home.path)' TERM=xterm '\(binary.path)'"
        let r = try tmux(["new-session", "-d", "-s", sessionName, "-x", "200", "-y", "50", command])
        XCTAssertEqual(r.status, 0, "tmux new-session failed")
        try waitFor("the first prompt") { $0.contains("nls>") }
    }

    /// Types literal text (no Enter).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", sessionName, "-l", text]) }
    /// Sends named keys: Enter, Tab, Up, C-c, C-d.
    func key(_ names: String...) throws { try tmux(["send-keys", "-t", sessionName] + names) }
    /// Types a line and presses Enter.
    func line(_ text: String) throws { try type(text); try key("Enter") }

    func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", sessionName, "-S", "-200"]).out) ?? "" }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Polls the screen until `condition` holds (10 s at most).
    func waitFor(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if condition(last) { return }
            usleep(30_000)
        }
        var sessions = (try? tmux(["list-sessions"])).map { "status \($0.status): \($0.out)" } ?? "?"
        do { let c = try tmux(["capture-pane", "-p", "-t", sessionName]); sessions += " capture: \(c.status) \(c.out.utf8.count) bytes" } catch { sessions += " capture threw \(error)" }
        XCTFail("timed out waiting for \(what); tmux sessions: \(sessions); screen:\n\(last)", file: file, line: line)
        throw XCTSkip("stopping this test after a timeout")
    }

    /// Waits until `text` appears on screen `times` times in all.
    func waitForText(_ text: String, times: Int = 1, file: StaticString = #filePath, line: UInt = #line) throws {
        try waitFor("\(times)× \"\(text)\"", file: file, line: line) { self.count(text, in: $0) >= times }
    }

    /// The number of prompts shown so far (to wait for the REPL to be ready again).
    /// capture-pane drops trailing blanks, so an empty prompt reads "nls>".
    func prompts() -> Int { count("nls>", in: screen()) }

    func waitForPrompt(after n: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        try waitFor("prompt #\(n + 1)", file: file, line: line) { self.count("nls>", in: $0) > n }
    }

    // MARK: tests

    func testEchoWithTypeAndMultiLineInput() throws {
        try startRepl()
        try line("1 + 2.5")
        try waitForText("3.5 : Float")
        try line("\"a\" + \"b\"")
        try waitForText("\"ab\" : Str")
        // An open brace continues the input on "..." lines until it is closed.
        try line("fn double(x: Int) -> Int {")
        try waitForText("...")
        try line("return x * 2")
        try waitForText("...", times: 2)
        try line("}")
        try line("double(21)")
        try waitForText("42 : Int")
        // Open brackets continue too.
        try line("let xs = [1,")
        try line("2]")
        try line("xs")
        try waitForText("[1, 2] : List[Int]")
        // A declaration shows nothing; redeclaring a name in the REPL shadows it.
        try line("let v = 1")
        try line("let v = \"now a string\"")
        try line("v")
        try waitForText("\"now a string\" : Str")
        XCTAssertFalse(screen().contains("error"), screen())
    }

    func testTabCompletion() throws {
        try startRepl()
        try line("let alpha_value = 3")
        var n = prompts()
        try waitForPrompt(after: n - 1)
        // A variable's prefix.
        try type("alpha_v")
        try key("Tab")
        try waitForText("nls> alpha_value")
        n = prompts()
        try key("Enter")
        try waitForText("3 : Int")
        // A record field after '.'.
        try line("let cfg = {learning: 1.5, depth: 2}")
        try waitForPrompt(after: n)
        try type("cfg.lea")
        try key("Tab")
        try waitForText("cfg.learning")
        try key("Enter")
        try waitForText("1.5 : Float")
        // A method of a builtin object type after '.'.
        try line("let arr = zeros(3)")
        n = prompts()
        try waitForPrompt(after: n - 1)
        try type("arr.transp")
        try key("Tab")
        try waitForText("arr.transpose")
        // A builtin function and a magic.
        try key("C-c")
        try type("sqr")
        try key("Tab")
        try waitForText("sqrt")
        try key("C-c")
        try type("%lsmag")
        try key("Tab")
        try waitForText("%lsmagic")
    }

    func testHistoryRecallAndHistoryFile() throws {
        try startRepl()
        try line("let hist_marker = 7")
        try line("hist_marker + 1")
        try waitForText("8 : Int")
        // Up recalls the previous input; Enter runs it again.
        try key("Up")
        try waitForText("nls> hist_marker + 1", times: 2)
        try key("Enter")
        try waitForText("8 : Int", times: 2)
        // Two Ups go further back.
        try key("Up")
        try key("Up")
        try waitForText("nls> let hist_marker = 7", times: 2)
        try key("C-c")
        // The history file is written as inputs are entered...
        let saved = try String(contentsOf: historyFile, encoding: .utf8)
        XCTAssertTrue(saved.contains("hist_marker"), "history file: \(saved)")
        // ...and read back by the next session.
        try key("C-d")
        try waitFor("the REPL to exit") { _ in (try? self.tmux(["has-session", "-t", self.sessionName]).status) != 0 }
        try startRepl()
        try key("Up")
        try waitForText("nls> hist_marker + 1")
    }

    func testCtrlCAtThePromptAndDuringAComputation() throws {
        try startRepl()
        // Ctrl-C abandons the line being typed.
        try type("abandoned_text")
        var n = prompts()
        try key("C-c")
        try waitForPrompt(after: n)
        try line("1 + 1")
        try waitForText("2 : Int")
        XCTAssertFalse(screen().contains("unknown name"), screen())
        // ...and a half-typed multi-line input.
        try line("fn unfinished() {")
        try waitForText("...")
        n = prompts()
        try key("C-c")
        try waitForPrompt(after: n)
        try line("3 * 3")
        try waitForText("9 : Int")
        // Ctrl-C interrupts a running loop; the state is kept.
        try line("var spins = 0")
        try line("while true { spins += 1 }")
        usleep(400_000)
        n = prompts()
        try key("C-c")
        try waitForText("interrupted")
        try waitForPrompt(after: n)
        try line("spins > 0")
        try waitForText("true : Bool")
        // The REPL keeps working after interrupts.
        try line("spins = 0")
        try line("spins")
        try waitForText("0 : Int")
    }

    func testCtrlDExits() throws {
        try startRepl()
        try line("let x = 1")
        try key("C-d")
        try waitFor("the REPL to exit") { _ in (try? self.tmux(["has-session", "-t", self.sessionName]).status) != 0 }
    }
}
