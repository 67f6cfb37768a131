import Foundation
import XCTest
@testable import NLSReport

/// The renderer alone, on hand-built reports: structure, escaping, images, determinism.
final class HTMLRendererTests: XCTestCase {
    static let png = TinyPNG.make(width: 6, height: 4) { x, y in (UInt8(40 * x), UInt8(60 * y), 200) }

    static func sample(date: Date = Date(timeIntervalSince1970: 1_800_000_000), seconds: Double = 1.5,
                       timing: String = "Wall time: 12.3 ms\n", printed: String = "r2 = 0.91\n") -> Report {
        Report(scriptName: "analysis.nls", nlsVersion: "0.1.0", device: "cpu (OpenBLAS + LAPACKE, test CPU)",
               date: date, seconds: seconds,
               preamble: [SourceSpan(.comment, "# An analysis")],
               cells: [
                   ReportCell(title: "Load", source: [SourceSpan(.keyword, "let"), SourceSpan(.plain, " x = "), SourceSpan(.number, "1")],
                              items: [.text(printed), .timing(timing), .image(mime: "image/png", data: png, alt: "a map")],
                              status: .ok, seconds: seconds / 3),
                   ReportCell(title: "", source: [SourceSpan(.builtin, "print"), SourceSpan(.symbol, "("), SourceSpan(.plain, "xs[5]"), SourceSpan(.symbol, ")")],
                              status: .failed, error: "analysis.nls:3:7: error: index 5 is out of range", seconds: 0.01),
                   ReportCell(title: "Never", source: [SourceSpan(.plain, "y")], status: .notRun),
               ],
               exitStatus: 1)
    }

    func testCellsAppearInOrderWithTheirSourceOutputAndStatus() {
        let h = HTMLRenderer.render(Self.sample())
        XCTAssertTrue(h.hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(h.components(separatedBy: "<section class=\"cell").count - 1, 3)
        let ok = h.range(of: "<section class=\"cell ok\" id=\"cell-1\">")
        let failed = h.range(of: "<section class=\"cell failed\" id=\"cell-2\">")
        let notRun = h.range(of: "<section class=\"cell not-run\" id=\"cell-3\">")
        XCTAssertNotNil(ok); XCTAssertNotNil(failed); XCTAssertNotNil(notRun)
        XCTAssertLessThan(ok!.lowerBound, failed!.lowerBound)
        XCTAssertLessThan(failed!.lowerBound, notRun!.lowerBound)
        XCTAssertTrue(h.contains("<h2>Load</h2>"))
        XCTAssertTrue(h.contains("<h2>Cell 2</h2>"), "an untitled cell is named by its number")
        XCTAssertTrue(h.contains("<span class=\"kw\">let</span> x = <span class=\"nu\">1</span>"))
        XCTAssertTrue(h.contains("<span class=\"bi\">print</span>"))
        XCTAssertTrue(h.contains("<pre class=\"error\">analysis.nls:3:7: error: index 5 is out of range</pre>"))
        XCTAssertTrue(h.contains("<p class=\"not-run-note\">not run</p>"))
        XCTAssertTrue(h.contains("<span class=\"co\"># An analysis</span>"), "the preamble is shown")
        XCTAssertTrue(h.contains("failed in cell 2 — exit status 1"))
        // Printed text and the timing that follows it share one block, as in a terminal.
        XCTAssertTrue(h.contains("<pre class=\"out-text\">r2 = 0.91\n<span class=\"nls-volatile time\">Wall time: 12.3 ms\n</span></pre>"))
    }

    func testHeaderNamesVersionDeviceDateAndScript() {
        let h = HTMLRenderer.render(Self.sample())
        XCTAssertTrue(h.contains("<title>analysis.nls — nls report</title>"))
        XCTAssertTrue(h.contains("<h1>analysis.nls</h1>"))
        var r = Self.sample()
        r.scriptName = "../examples/01_encoding.nls"
        let p = HTMLRenderer.render(r)
        XCTAssertTrue(p.contains("<h1>01_encoding.nls</h1>") && p.contains("<title>01_encoding.nls — nls report</title>"))
        XCTAssertTrue(p.contains("<dt>script</dt><dd>../examples/01_encoding.nls</dd>"), "the path as given")
        XCTAssertTrue(h.contains("<dt>nls</dt><dd>0.1.0</dd>"))
        XCTAssertTrue(h.contains("<dt>device</dt><dd>cpu (OpenBLAS + LAPACKE, test CPU)</dd>"))
        XCTAssertTrue(h.contains(ReportFormat.date(Date(timeIntervalSince1970: 1_800_000_000))))
        XCTAssertTrue(h.contains("<span class=\"nls-volatile date\">"))
    }

    func testEverythingFromTheScriptIsEscaped() {
        // No '/' in it: the title and heading show the script's last path component.
        let evil = "<script>alert('x')<script> & \"q\""
        var r = Self.sample()
        r.scriptName = evil; r.device = evil; r.nlsVersion = evil; r.error = evil
        r.preamble = [SourceSpan(.comment, evil)]
        r.cells[0].title = evil
        r.cells[0].source = [SourceSpan(.string, evil), SourceSpan(.plain, evil)]
        r.cells[0].items = [.text(evil), .timing(evil), .image(mime: "image/png", data: Self.png, alt: evil), .html(evil)]
        r.cells[1].error = evil
        let h = HTMLRenderer.render(r)
        XCTAssertFalse(h.lowercased().contains("<script"), "no script element, not even from output")
        XCTAssertFalse(h.contains("alert('x')"))
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;script&gt; &amp; &quot;q&quot;"
        // title, h1, script, generator, version, device, error, preamble, cell title, 2 spans,
        // text, timing, alt ×2, srcdoc, cell error
        XCTAssertEqual(h.components(separatedBy: escaped).count - 1, 17)
    }

    func testControlCharactersAreReplaced() {
        XCTAssertEqual(HTML.escape("a\u{1}b\tc\nd\u{7F}"), "a\u{FFFD}b\tc\nd\u{FFFD}")
    }

    func testImagesAreEmbeddedAsDataURIs() {
        let h = HTMLRenderer.render(Self.sample())
        let uri = "data:image/png;base64,\(Data(Self.png).base64EncodedString())"
        XCTAssertTrue(h.contains("<figure class=\"out-image\"><img src=\"\(uri)\" alt=\"a map\"><figcaption>a map</figcaption></figure>"))
        // A type a browser cannot show from a data URI is named, not embedded.
        var r = Self.sample()
        r.cells[0].items = [.image(mime: "application/pdf", data: [1, 2, 3], alt: "")]
        let p = HTMLRenderer.render(r)
        XCTAssertFalse(p.contains("data:application/pdf"))
        XCTAssertTrue(p.contains("[application/pdf output, 3 bytes, not shown]"))
    }

    func testBuiltinHTMLIsShownInASandboxedFrame() {
        var r = Self.sample()
        r.cells[0].items = [.html("<table><tr><td>a&amp;b</td></tr></table>")]
        let h = HTMLRenderer.render(r)
        XCTAssertTrue(h.contains("<iframe class=\"out-html\" sandbox=\"\" title=\"HTML output\" height=\"66\" srcdoc=\"&lt;table&gt;&lt;tr&gt;&lt;td&gt;a&amp;amp;b&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;\"></iframe>"), h)
    }

    func testTheReportIsSelfContained() {
        let h = HTMLRenderer.render(Self.sample())
        XCTAssertTrue(h.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"))
        for external in ["http://", "https://", "<link", "<script", "@import", "url("] {
            XCTAssertFalse(h.contains(external), "found \(external)")
        }
    }

    func testTwoRunsDifferOnlyInVolatileSpans() {
        let a = HTMLRenderer.render(Self.sample())
        let b = HTMLRenderer.render(Self.sample(date: Date(timeIntervalSince1970: 1_900_000_000), seconds: 7.25, timing: "Wall time: 1.02 s\n"))
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(HTMLRenderer.removingVolatile(a), HTMLRenderer.removingVolatile(b))
        // Removing the volatile spans keeps everything else: other output still counts.
        let c = HTMLRenderer.render(Self.sample(printed: "r2 = 0.92\n"))
        XCTAssertNotEqual(HTMLRenderer.removingVolatile(a), HTMLRenderer.removingVolatile(c))
        XCTAssertFalse(HTMLRenderer.removingVolatile(a).contains("nls-volatile"))
    }

    func testStatusLines() {
        var r = Self.sample()
        r.exitStatus = 0
        for i in r.cells.indices { r.cells[i].status = .ok; r.cells[i].error = nil }
        XCTAssertEqual(HTMLRenderer.statusLine(r), "ok")
        r.exitStatus = 2; r.error = "t.nls:1:1: error: unknown name 'x'"
        for i in r.cells.indices { r.cells[i].status = .notRun }
        XCTAssertEqual(HTMLRenderer.statusLine(r), "not run: the script has errors — exit status 2")
        r.exitStatus = 130; r.error = nil
        XCTAssertEqual(HTMLRenderer.statusLine(r), "interrupted — exit status 130")
        r.cells[1].status = .failed
        XCTAssertEqual(HTMLRenderer.statusLine(r), "interrupted in cell 2 — exit status 130")
    }

    func testDurations() {
        XCTAssertEqual(ReportFormat.duration(0.000_25), "250 µs")
        XCTAssertEqual(ReportFormat.duration(0.0123), "12.3 ms")
        XCTAssertEqual(ReportFormat.duration(4.567), "4.57 s")
        XCTAssertEqual(ReportFormat.duration(123.4), "2 min 3.4 s")
    }

    func testWriteIsAtomicAndComplete() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-report-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.html").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try Self.sample().write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), HTMLRenderer.render(Self.sample()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["r.html"], "no temporary left behind")
        XCTAssertThrowsError(try Self.sample().write(to: dir.appendingPathComponent("missing/r.html").path))
    }
}
