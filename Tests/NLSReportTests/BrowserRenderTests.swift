import Foundation
import XCTest
@testable import NLSReport

/// Opens a rendered report in headless Chromium (Debian package `chromium`, installed by
/// scripts/install-deps.sh) and checks that a real browser shows every cell and decodes
/// every embedded image under the report's own Content-Security-Policy.
final class BrowserRenderTests: XCTestCase {
    static func chromium() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let p = env["NLS_CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for d in dirs where FileManager.default.isExecutableFile(atPath: "\(d)/\(name)") { return "\(d)/\(name)" }
        }
        return nil
    }

    static let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"><rect width="12" height="8" fill="teal"/></svg>"#.utf8)

    func report() -> Report {
        let wide = TinyPNG.make(width: 30, height: 20) { x, y in (UInt8(8 * x), UInt8(12 * y), 128) }
        let small = TinyPNG.make(width: 7, height: 5) { x, _ in x % 2 == 0 ? (255, 0, 0) : (0, 0, 255) }
        return Report(scriptName: "browser <test>.nls", nlsVersion: "0.1.0", device: "cpu", date: Date(), seconds: 0.2,
                      cells: [
                        ReportCell(title: "Figure", source: [SourceSpan(.builtin, "plot"), SourceSpan(.symbol, "()")],
                                   items: [.text("a figure:\n"), .image(mime: "image/png", data: wide, alt: "gradient")],
                                   status: .ok, seconds: 0.1),
                        ReportCell(title: "Two more", source: [SourceSpan(.plain, "x")],
                                   items: [.image(mime: "image/png", data: small, alt: "stripes"), .timing("Wall time: 1 ms\n"),
                                           .image(mime: "image/svg+xml", data: Self.svg, alt: "svg"),
                                           .html("<table><tr><td>1</td></tr></table>"),
                                           // Not a PNG: the browser must fail to decode it (the probe can tell).
                                           .image(mime: "image/png", data: [0x89, 0x50, 1, 2, 3], alt: "broken")],
                                   status: .failed, error: "t.nls:1:1: error: boom", seconds: 0.1),
                        ReportCell(title: "Later", source: [SourceSpan(.plain, "y")], status: .notRun),
                      ],
                      exitStatus: 1)
    }

    /// The report plus a probe script that, once the page has loaded, writes what the
    /// browser made of it into the DOM. The report itself has no scripts; its policy is
    /// widened by inline scripts only, so images still load under the shipped img-src.
    static func probe(_ html: String) throws -> String {
        let policy = "content=\"\(HTMLRenderer.contentSecurityPolicy)\""
        guard html.contains(policy), let body = html.range(of: "</body>", options: .backwards) else {
            throw XCTSkip("unexpected report shape")
        }
        let script = """
        <script>
        window.addEventListener("load", () => {
          const out = document.createElement("pre");
          out.id = "nls-probe";
          out.textContent = JSON.stringify({
            cells: document.querySelectorAll("section.cell").length,
            images: [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width]),
            frames: document.querySelectorAll("iframe.out-html").length,
            title: document.title
          });
          document.body.appendChild(out);
        });
        </script>

        """
        var probed = html
        probed.replaceSubrange(body, with: script + "</body>")
        return probed.replacingOccurrences(of: policy, with: "content=\"\(HTMLRenderer.contentSecurityPolicy); script-src 'unsafe-inline'\"")
    }

    func testChromiumShowsEveryCellAndDecodesEveryImage() throws {
        guard let browser = Self.chromium() else {
            throw XCTSkip("headless Chromium is not installed (Debian package `chromium`; scripts/install-deps.sh installs it)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-browser-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try report().write(to: page.path)
        let probePage = dir.appendingPathComponent("probe.html")
        try Self.probe(try String(contentsOf: page, encoding: .utf8)).write(to: probePage, atomically: true, encoding: .utf8)

        let dom = try Self.dumpDOM(browser, probePage, profile: dir.appendingPathComponent("profile"))
        guard let start = dom.range(of: "<pre id=\"nls-probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            return XCTFail("the probe did not run; Chromium printed:\n\(dom.prefix(2000))")
        }
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let raw = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let images = (raw?["images"] as? [[Any]]) ?? []
        XCTAssertEqual(raw?["cells"] as? Int, 3)
        XCTAssertEqual(raw?["frames"] as? Int, 1)
        XCTAssertEqual(raw?["title"] as? String, "browser <test>.nls — nls report")
        XCTAssertEqual(images.count, 4)
        let sizes = images.map { [($0[0] as? Bool) == true ? 1 : 0, $0[1] as? Int ?? -1, $0[2] as? Int ?? -1] }
        XCTAssertEqual(sizes, [[1, 30, 20], [1, 7, 5], [1, 12, 8], [1, 0, 0]],
                       "every image decoded at its own size, the broken one not at all: \(json)")
        for img in images.prefix(3) { XCTAssertGreaterThan((img[3] as? Double) ?? 0, 0, "laid out with a width") }
    }

    /// `chromium --headless --dump-dom`, with a throwaway profile, killed after 60 s.
    static func dumpDOM(_ browser: String, _ page: URL, profile: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000", "--dump-dom", page.absoluteString]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { box.data = out.fileHandleForReading.readDataToEndOfFile(); done.signal() }
        if done.wait(timeout: .now() + 60) == .timedOut {
            p.terminate()
            kill(p.processIdentifier, SIGKILL)
            _ = done.wait(timeout: .now() + 5)
            XCTFail("Chromium did not finish within 60 s")
        }
        p.waitUntilExit()
        return String(decoding: box.data, as: UTF8.self)
    }
}
