import Foundation
import XCTest
import NLSReport

/// `nls report` and `nls run --report`, end to end with the built binary.
final class ReportCommandTests: XCTestCase {
    var dir: URL!
    var binary: URL!

    override func setUpWithError() throws {
        guard let b = NLSBinary.find() else { throw XCTSkip("the nls binary is not built") }
        binary = b
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-report-cli-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ text: String) throws {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }

    func nls(_ args: [String]) throws -> NLSBinary.Result {
        let r = try NLSBinary.run(binary, args, in: dir, timeout: 60)
        XCTAssertFalse(r.timedOut)
        return r
    }

    static let failing = """
    # A report test
    # %% Setup
    let xs = [1, 2, 3]
    print("sum <\\(sum(xs))>")
    # %% Timed
    %%time
    let y = xs[0] * 10
    print(y)
    # %% Broken
    print("before the error")
    print(xs[7])
    # %% After
    print("never printed")

    """

    func testAReportShowsCellsOutputTimingsAndTheFailingCell() throws {
        try write("s.nls", Self.failing)
        let r = try nls(["run", "--report", "out.html", "s.nls", "extra"])
        XCTAssertEqual(r.status, 1, "exit status as nls run: the script failed")
        XCTAssertTrue(r.stdout.hasPrefix("sum <6>\n"), "the terminal still shows the output: \(r.stdout)")
        XCTAssertTrue(r.stderr.contains("s.nls:11:9: error: index 7 out of range"), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("report written to out.html\n"), r.stderr)
        let h = try read("out.html")
        XCTAssertEqual(h.components(separatedBy: "<section class=\"cell").count - 1, 4)
        for (n, status) in [(1, "ok"), (2, "ok"), (3, "failed"), (4, "not-run")] {
            XCTAssertTrue(h.contains("<section class=\"cell \(status)\" id=\"cell-\(n)\">"), "cell \(n) should be \(status)")
        }
        XCTAssertTrue(h.contains("<h2>Setup</h2>") && h.contains("<h2>Broken</h2>"))
        XCTAssertTrue(h.contains("<pre class=\"out-text\">sum &lt;6&gt;\n</pre>"), "output is escaped")
        XCTAssertTrue(h.contains("<pre class=\"out-text\">10\n<span class=\"nls-volatile time\">CPU times: user "), "%%time output is marked")
        XCTAssertTrue(h.contains("<span class=\"nls-volatile time\">Wall time: "))
        XCTAssertTrue(h.contains("<pre class=\"out-text\">before the error\n</pre></div>\n<pre class=\"error\">s.nls:11:9: error: index 7 out of range"))
        XCTAssertFalse(h.contains("never printed\n</pre>"), "the cell after the error did not run")
        XCTAssertTrue(h.contains("<span class=\"ma\">%%time</span>"), "source is highlighted")
        XCTAssertTrue(h.contains("<span class=\"co\"># A report test</span>"))
        XCTAssertTrue(h.contains("<dt>device</dt><dd>cpu (OpenBLAS + LAPACKE, "))
        XCTAssertTrue(h.contains("failed in cell 3 (Broken) — exit status 1"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["out.html", "s.nls"], "no temporary left")
    }

    func testTheSameSeedGivesTheSameReportApartFromTimingsAndDate() throws {
        try write("det.nls", """
        set seed = 3
        # %% Data
        let X = randn([40, 5])
        print(X.mean(axis: 0))
        # %% Timed
        %%time
        let s = svd(X).S
        print(s[0])
        %timeit -n 1 -r 2 X.std()
        %time print(X.sum())

        """)
        let a = try nls(["report", "det.nls", "-o", "a.html"])
        let b = try nls(["report", "-o", "b.html", "det.nls"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let ha = try read("a.html"), hb = try read("b.html")
        XCTAssertGreaterThanOrEqual(ha.components(separatedBy: "<span class=\"nls-volatile").count - 1, 2 + 3 + 5)
        XCTAssertEqual(HTMLRenderer.removingVolatile(ha), HTMLRenderer.removingVolatile(hb))
        XCTAssertTrue(HTMLRenderer.removingVolatile(ha).contains("<pre class=\"out-text\">"))
    }

    func testTheDefaultReportGoesToTheWorkingDirectory() throws {
        try write("scripts/args.nls", "# %% Args\nprint(args)\n")
        let r = try nls(["report", "scripts/args.nls", "-o", "named.html", "a", "b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[\"a\", \"b\"]\n", "-o after the script is the report's; the rest are the script's")
        let d = try nls(["report", "scripts/args.nls", "c"])
        XCTAssertEqual(d.status, 0, d.stderr)
        XCTAssertTrue(try read("args.html").contains("[&quot;c&quot;]"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("scripts/args.html").path))
    }

    func testCheckErrorsStillWriteAReport() throws {
        try write("bad.nls", "# %% A\nprint(1)\n# %% B\nprint(undefined_name)\n")
        let r = try nls(["report", "bad.nls"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        let h = try read("bad.html")
        XCTAssertTrue(h.contains("unknown name &#39;undefined_name&#39;"))
        XCTAssertTrue(h.contains("1 error found; nothing was run"))
        XCTAssertEqual(h.components(separatedBy: "<section class=\"cell not-run\"").count - 1, 2)
    }

    func testAnInterruptedRunStillWritesItsReport() throws {
        // Cell 2 tells the test it started (by writing a file), then runs until Ctrl-C.
        try write("long.nls", """
        # %% Quick
        print("done quickly")
        # %% Endless
        write_csv(zeros([1, 1]), "started.csv")
        var i = 0
        while true { i += 1 }
        # %% Never
        print(i)

        """)
        let p = Process()
        p.executableURL = binary
        p.arguments = ["report", "long.nls"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let started = dir.appendingPathComponent("started.csv").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: started), Date() < deadline { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: started), "the script never reached its endless cell")
        kill(p.processIdentifier, SIGINT)
        let exited = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { p.waitUntilExit(); exited.signal() }
        if exited.wait(timeout: .now() + 30) == .timedOut { kill(p.processIdentifier, SIGKILL); return XCTFail("Ctrl-C did not stop the run") }
        XCTAssertEqual(p.terminationStatus, 130)
        let h = try read("long.html")
        XCTAssertTrue(h.contains("<section class=\"cell ok\" id=\"cell-1\">"))
        XCTAssertTrue(h.contains("<section class=\"cell failed\" id=\"cell-2\">"))
        XCTAssertTrue(h.contains("<pre class=\"error\">interrupted</pre>"))
        XCTAssertTrue(h.contains("<section class=\"cell not-run\" id=\"cell-3\">"))
        XCTAssertTrue(h.contains("interrupted in cell 2 (Endless) — exit status 130"))
    }

    func testBadReportDestinations() throws {
        try write("ok.nls", "print(1)\n")
        let missing = try nls(["run", "--report", "no/such/dir/r.html", "ok.nls"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "1\n", "the script ran")
        XCTAssertTrue(missing.stderr.contains("cannot write the report"), missing.stderr)
        let clobber = try nls(["report", "ok.nls", "-o", "./ok.nls"])
        XCTAssertEqual(clobber.status, 64)
        XCTAssertTrue(clobber.stderr.contains("would replace the script"), clobber.stderr)
        XCTAssertEqual(try read("ok.nls"), "print(1)\n")
        let unreadable = try nls(["report", "absent.nls"])
        XCTAssertEqual(unreadable.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("absent.html").path))
    }
}
