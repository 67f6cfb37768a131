import Foundation
import XCTest

/// Issue 15: nothing a user types may kill the process. Each repro runs in a child
/// `nls` process and must end with a clear error (or the right result), quickly.
final class RobustnessTests: XCTestCase {
    struct Case {
        var code: String
        var status: Int32
        var stdout: String? = nil       // exact stdout (trimmed) when given
        var stderr: String? = nil       // a substring of stderr when given
        var env: [String: String] = [:]
    }

    static let cases: [Case] = [
        // Default arguments count towards the call depth (was SIGSEGV).
        Case(code: "fn f(x: Int = f()) -> Int { return x }\nprint(f())", status: 1,
             stderr: "maximum call depth (1000) exceeded in the default value of parameter 'x' of 'f'"),
        // Allocations beyond memory (were "Fatal error: failed to allocate").
        Case(code: "print(zeros([100000, 100000]).shape)", status: 1, stderr: "zeros: shape (100000, 100000) float64 needs 80.0 GB;"),
        Case(code: "print(randn([100000, 100000]).shape)", status: 1, stderr: "randn: shape (100000, 100000) float64 needs 80.0 GB;"),
        Case(code: "print(full([20000000000], 1.0).shape)", status: 1, stderr: "full: shape (20000000000,) float64 needs 160.0 GB;"),
        Case(code: "print((ones([100000, 1]) + ones([1, 100000])).shape)", status: 1, stderr: "+: shape (100000, 100000) float64 needs 80.0 GB;"),
        Case(code: "print(eye(3, m: 2147483648).shape)", status: 1, stderr: "eye: shape (3, 2147483648) float64 needs 51.5 GB;"),
        Case(code: "print((ones([100000, 1]) @ ones([1, 100000])).shape)", status: 1, stderr: "matmul: shape (100000, 100000) float64 needs 80.0 GB;"),
        // The budget is what max_memory / NLS_MAX_MEMORY allow.
        Case(code: "print(ones([3000000000]).sum())", status: 1, stderr: "ones: shape (3000000000,) float64 needs 24.0 GB; 1.0 GB available (max_memory)",
             env: ["NLS_MAX_MEMORY": "1GB"]),
        Case(code: "set max_memory = \"100MB\"\nprint(zeros([4000, 4000]).shape)", status: 1,
             stderr: "zeros: shape (4000, 4000) float64 needs 128.0 MB; 100.0 MB available (max_memory)"),
        Case(code: "set max_memory = \"lots\"", status: 1, stderr: "max_memory must be \"auto\" or a size"),
        Case(code: "print(linspace(0, 1, num: 2147483648).shape)", status: 1, stderr: "linspace: shape (2147483648,) float64 needs 17.2 GB; 1.0 GB available",
             env: ["NLS_MAX_MEMORY": "1GB"]),
        Case(code: "print(logspace(0, 1, num: 2147483648).shape)", status: 1, stderr: "logspace: shape (2147483648,) float64 needs 17.2 GB",
             env: ["NLS_MAX_MEMORY": "1GB"]),
        Case(code: "print(arange(2147483648).shape)", status: 1, stderr: "arange: shape (2147483648,) int64 needs 17.2 GB", env: ["NLS_MAX_MEMORY": "1GB"]),
        Case(code: "print(permutation(2147483648).shape)", status: 1, stderr: "permutation: shape (2147483648,) int64 needs 17.2 GB",
             env: ["NLS_MAX_MEMORY": "1GB"]),
        // Integer edge cases (were SIGILL / SIGSEGV / endless loops).
        Case(code: "print(arange(-9223372036854775807 - 1, 9223372036854775807, 4611686018427387904))", status: 0,
             stdout: "[-9223372036854775808 -4611686018427387904                    0\n  4611686018427387904]"),
        Case(code: "print(eye(3, k: 9223372036854775807))", status: 0, stdout: "[[0. 0. 0.]\n [0. 0. 0.]\n [0. 0. 0.]]"),
        Case(code: "print(eye(3, k: -9223372036854775807 - 1).sum())", status: 0, stdout: "0.0"),
        Case(code: "print(eye(3, 4, k: -1))", status: 0, stdout: "[[0. 0. 0. 0.]\n [1. 0. 0. 0.]\n [0. 1. 0. 0.]]"),
        Case(code: "print(ones([3]).std(ddof: -9223372036854775807 - 1))", status: 0, stdout: "0.0"),
        Case(code: "print(ones([3]).std(ddof: -9223372036854775807 - 1, axis: 0))", status: 0, stdout: "0.0"),
        Case(code: "print(permutation(9223372036854775807))", status: 1, stderr: "permutation: array is too big: shape (9223372036854775807,)"),
        Case(code: "print(permutation(4611686018427387904))", status: 1, stderr: "permutation: array is too big"),
        Case(code: "print(eye(9223372036854775807, m: 0).shape)", status: 0, stdout: "[9223372036854775807, 0]"),
        Case(code: "print(arange(3) * 9223372036854775807)", status: 1, stderr: "integer overflow in array *"),
        // Found by BuiltinPropertyTests (was SIGILL: the count did not fit an Int).
        Case(code: "print(arange(1e308, 1.5, 1.5))", status: 0, stdout: "[]"),
        Case(code: "print(round(1.5, 9999999))\nprint(round(12345.0, -400))\nprint(round(1e300, 400))", status: 0,
             stdout: "1.5\n0.0\n1e+300"),
        // Growth: appends and += do not copy (was quadratic), strings are bounded.
        Case(code: "var xs: List[Int] = []\nfor i in 0..<300000 { xs = append(xs, i) }\nprint(len(xs))\nprint(xs[299999])", status: 0, stdout: "300000\n299999"),
        Case(code: "var xs: List[Float] = []\nfor i in 0..<3 { xs = append(xs, i) }\nprint(xs)", status: 0, stdout: "[0.0, 1.0, 2.0]"),
        Case(code: "var s = \"\"\nfor i in 0..<300000 { s += \"x\" }\nprint(len(s))", status: 0, stdout: "300000"),
        Case(code: "var xs = [1]\nlet ys = xs\nxs = append(xs, 2)\nxs += [3]\nprint(ys)\nprint(xs)", status: 0, stdout: "[1]\n[1, 2, 3]"),
        Case(code: "var s = \"ab\"\nfor i in 0..<40 { s = s + s }\nprint(len(s))", status: 1,
             stderr: "string concatenation of 2097152 bytes needs 2.1 MB; 2.0 MB available (max_memory)", env: ["NLS_MAX_MEMORY": "2MB"]),
        Case(code: "var xs = [1]\nfor i in 0..<60 { xs = xs + xs }\nprint(len(xs))", status: 1, stderr: "list concatenation of", env: ["NLS_MAX_MEMORY": "2MB"]),
        // Messages: control characters escaped in the diagnostic, files named, reasons given.
        Case(code: "print(read_csv(\"/\"))", status: 1, stderr: "cannot read /: it is a directory; give a CSV file"),
        Case(code: "print(Ridge().fit(ones([3, 2]), ones([3])).coef)", status: 1,
             stderr: "(the device \"bogus\" was set by the NLS_DEVICE environment variable)", env: ["NLS_DEVICE": "bogus"]),
    ]

    func testReprosEndCleanly() throws {
        guard let binary = NLSBinary.find() else { XCTFail("nls binary not found; run `swift build`"); return }
        let dir = FileManager.default.temporaryDirectory
        for c in Self.cases {
            let start = Date()
            let r = try NLSBinary.run(binary, ["-c", c.code], in: dir, environment: c.env, timeout: 30)
            let what = "`\(c.code)`"
            XCTAssertFalse(r.timedOut, "\(what) timed out")
            XCTAssertEqual(r.status, c.status, "\(what): exit \(r.status); stderr: \(r.stderr.prefix(500))")
            if let want = c.stdout { XCTAssertEqual(r.stdout.trimmingCharacters(in: .newlines), want, what) }
            if let want = c.stderr { XCTAssertTrue(r.stderr.contains(want), "\(what): stderr lacks `\(want)`:\n\(r.stderr.prefix(500))") }
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(what) took too long")
        }
    }
}

/// The committed fuzz seed corpus replays through every fuzz target (`nls-fuzz`); the
/// coverage-guided runs themselves are `make fuzz`.
final class FuzzCorpusTests: XCTestCase {
    /// A NUL in a script file (argv cannot carry one) is shown escaped, the caret under it.
    func testControlCharactersAreShownEscaped() throws {
        guard let binary = NLSBinary.find() else { XCTFail("nls binary not found; run `swift build`"); return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-nul-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("print(1\u{0})\n".utf8).write(to: dir.appendingPathComponent("nul.nls"))
        let r = try NLSBinary.run(binary, ["run", "nul.nls"], in: dir, timeout: 30)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nul.nls:1:8: error: unexpected character '\\u{0}'\n    print(1\\u{0})\n           ^"), r.stderr)
    }

    func testSeedCorpusReplaysCleanly() throws {
        guard let nls = NLSBinary.find() else { XCTFail("nls binary not found; run `swift build`"); return }
        let fuzz = nls.deletingLastPathComponent().appendingPathComponent("nls-fuzz")
        guard FileManager.default.isExecutableFile(atPath: fuzz.path) else { XCTFail("nls-fuzz not built next to nls"); return }
        for target in ["source", "csv", "nifti"] {
            let corpus = NLSBinary.packageRoot.appendingPathComponent("Tests/fuzz/corpus/\(target)")
            let r = try NLSBinary.run(fuzz, [target, corpus.path], in: corpus, timeout: 120)
            XCTAssertFalse(r.timedOut, "\(target): timed out")
            XCTAssertEqual(r.status, 0, "\(target): exit \(r.status)\n\(r.stderr.prefix(2000))")
            XCTAssertTrue(r.stdout.contains("\(target) inputs replayed"), r.stdout)
        }
    }
}
