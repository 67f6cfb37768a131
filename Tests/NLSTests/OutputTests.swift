import XCTest
@testable import NLS

/// The output channel: text and rich items share one sink.
final class OutputTests: XCTestCase {
    func testCapturingSinkKeepsItemsInOrder() {
        let captured = CapturedOutput()
        let out = captured.output
        out.line("hello")
        out.emit(.html("<b>x</b>"))
        out.write("a")
        XCTAssertEqual(captured.items, [.text("hello\n"), .html("<b>x</b>"), .text("a")])
    }

    func testTextSinkShowsAPlaceholderForRichItems() {
        var text = ""
        let out = Output { text += $0 }
        // A 640×480 PNG header: signature, IHDR length and tag, then width and height.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                            0, 0, 2, 0x80, 0, 0, 1, 0xE0]
        out.line("before")
        out.emit(.image(mime: "image/png", data: png, alt: "slice z=40"))
        out.emit(.html("<p></p>"))
        out.emit(.image(mime: "image/png", data: [1, 2], alt: ""))
        XCTAssertEqual(text, "before\n<image/png 640×480, 24 bytes: slice z=40>\n<text/html, 7 bytes>\n<image/png, 2 bytes>\n")
    }

    func testPrintGoesThroughTheSink() throws {
        let captured = CapturedOutput()
        let c = TestSupport.Captured()
        c.session.output = captured.output
        try c.run("print(1, 2)\n%who")
        XCTAssertEqual(captured.items, [.text("1 2\n"), .text("Interactive namespace is empty.\n")])
    }
}
