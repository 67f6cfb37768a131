import Foundation
import XCTest

/// Runs every `Tests/scripts/**/*.nls` with the real `nls` binary and compares its
/// output with the expectations written in the script's comments:
///
///     # expect: TEXT                 the next stdout line is exactly TEXT
///     # expect prefix: TEXT          the next stdout line starts with TEXT (timings)
///     # expect stderr: TEXT          stderr contains TEXT (may repeat)
///     # error: LINE:COL: MESSAGE     a check error: stderr has FILE:LINE:COL: error: MESSAGE,
///                                    exit code 2, nothing on stdout
///     # expect runtime error: MSG    stderr contains MSG, exit code 1 (stdout still checked)
///     # exit: N                      expected exit code (default 0, or as above)
///
/// Markers may end a code line (`print(x)  # expect: 3`). Files whose name starts
/// with `_` are modules imported by other scripts and are not run on their own.
/// Each script runs as `nls run NAME.nls` with its own folder as working directory.
final class GoldenScriptTests: XCTestCase {
    struct Expectations {
        var stdout: [(text: String, prefix: Bool, line: Int)] = []
        var stderr: [String] = []
        var checkErrors: [String] = []
        var runtimeErrors: [String] = []
        var exit: Int32?
        var isEmpty: Bool { stdout.isEmpty && stderr.isEmpty && checkErrors.isEmpty && runtimeErrors.isEmpty && exit == nil }
        var expectedExit: Int32 { exit ?? (!checkErrors.isEmpty ? 2 : !runtimeErrors.isEmpty ? 1 : 0) }
    }

    static func parseExpectations(_ text: String) -> Expectations {
        var e = Expectations()
        for (n, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
            func after(_ marker: String) -> String? {
                guard let r = line.range(of: marker) else { return nil }
                var rest = line[r.upperBound...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                return String(rest)
            }
            if let t = after("# expect runtime error:") { e.runtimeErrors.append(t) }
            else if let t = after("# expect prefix:") { e.stdout.append((t, true, n + 1)) }
            else if let t = after("# expect stderr:") { e.stderr.append(t) }
            else if let t = after("# expect:") { e.stdout.append((t, false, n + 1)) }
            else if let t = after("# error:") { e.checkErrors.append(t) }
            else if let t = after("# exit:"), let code = Int32(t.trimmingCharacters(in: .whitespaces)) { e.exit = code }
        }
        return e
    }

    static func scripts() -> [URL] {
        let root = NLSBinary.packageRoot.appendingPathComponent("Tests/scripts")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where url.pathExtension == "nls" && !url.lastPathComponent.hasPrefix("_") {
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Compares one script's run with its expectations; returns the problems found.
    static func check(script: URL, binary: URL) -> [String] {
        guard let data = FileManager.default.contents(atPath: script.path) else { return ["cannot read the script"] }
        let exp = parseExpectations(String(decoding: data, as: UTF8.self))
        if exp.isEmpty { return ["the script has no expectations (add at least `# exit: 0`)"] }
        let result: NLSBinary.Result
        do {
            result = try NLSBinary.run(binary, ["run", script.lastPathComponent], in: script.deletingLastPathComponent(), timeout: 60)
        } catch {
            return ["could not start nls: \(error)"]
        }
        var problems: [String] = []
        if result.timedOut { problems.append("timed out") }
        if result.status != exp.expectedExit {
            problems.append("exit code \(result.status), expected \(exp.expectedExit)")
        }
        var outLines = result.stdout.components(separatedBy: "\n")
        if outLines.last == "" { outLines.removeLast() }
        if !exp.checkErrors.isEmpty && !result.stdout.isEmpty {
            problems.append("a script with check errors printed to stdout (nothing may run)")
        }
        let name = script.lastPathComponent
        for m in exp.checkErrors {
            let parts = m.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { problems.append("malformed `# error: \(m)` (want LINE:COL: MESSAGE)"); continue }
            let want = "\(name):\(parts[0]):\(parts[1]): error: \(parts[2].drop(while: { $0 == " " }))"
            if !result.stderr.contains(want) { problems.append("stderr lacks `\(want)`") }
        }
        for m in exp.runtimeErrors + exp.stderr where !result.stderr.contains(m) {
            problems.append("stderr lacks `\(m)`")
        }
        if exp.stderr.isEmpty && exp.checkErrors.isEmpty && exp.runtimeErrors.isEmpty && exp.expectedExit == 0 && !result.stderr.isEmpty {
            problems.append("unexpected stderr")
        }
        // stdout: line by line, all lines.
        let expected = exp.stdout
        var mismatch = expected.count != outLines.count
        for (i, e) in expected.enumerated() where i < outLines.count {
            if e.prefix ? !outLines[i].hasPrefix(e.text) : outLines[i] != e.text { mismatch = true }
        }
        if mismatch {
            var diff = "stdout differs (- expected, + actual):"
            for i in 0..<max(expected.count, outLines.count) {
                let e = i < expected.count ? expected[i] : nil
                let a = i < outLines.count ? outLines[i] : nil
                let same: Bool = {
                    guard let e = e, let a = a else { return false }
                    return e.prefix ? a.hasPrefix(e.text) : a == e.text
                }()
                if same { diff += "\n    \(a!)"; continue }
                if let e = e { diff += "\n  - \(e.prefix ? "[prefix] " : "")\(e.text)    (line \(e.line))" }
                if let a = a { diff += "\n  + \(a)" }
            }
            problems.append(diff)
        }
        if !problems.isEmpty {
            problems.append("stderr was:\n" + result.stderr.split(separator: "\n", omittingEmptySubsequences: false).prefix(40).map { "    | " + $0 }.joined(separator: "\n"))
        }
        return problems
    }

    func testGoldenScripts() throws {
        guard let binary = NLSBinary.find() else {
            XCTFail("the nls executable was not found next to the test bundle; run `swift build` first or set NLS_BINARY")
            return
        }
        let scripts = Self.scripts()
        XCTAssertGreaterThan(scripts.count, 0, "no scripts under Tests/scripts")
        var failures = [String?](repeating: nil, count: scripts.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: scripts.count) { i in
            let problems = Self.check(script: scripts[i], binary: binary)
            if !problems.isEmpty {
                let rel = scripts[i].path.replacingOccurrences(of: NLSBinary.packageRoot.path + "/", with: "")
                lock.lock(); failures[i] = "\(rel):\n  " + problems.joined(separator: "\n  "); lock.unlock()
            }
        }
        let failed = failures.compactMap { $0 }
        for f in failed { XCTFail(f) }
        print("golden scripts: \(scripts.count - failed.count) of \(scripts.count) passed")
    }

    /// The expectation parser itself.
    func testExpectationParsing() {
        let e = Self.parseExpectations("""
        print(1)  # expect: 1
        # expect:
        # expect prefix: CPU times: user
        # error: 3:7: unknown name 'x'
        # expect runtime error: division by zero
        # expect stderr: call stack
        # exit: 3
        """)
        XCTAssertEqual(e.stdout.map(\.text), ["1", "", "CPU times: user"])
        XCTAssertEqual(e.stdout.map(\.prefix), [false, false, true])
        XCTAssertEqual(e.checkErrors, ["3:7: unknown name 'x'"])
        XCTAssertEqual(e.runtimeErrors, ["division by zero"])
        XCTAssertEqual(e.stderr, ["call stack"])
        XCTAssertEqual(e.expectedExit, 3)
    }
}
