import XCTest
@testable import NLS

/// Builtins read settings and output from the call context, not from a global session.
final class CallContextTests: XCTestCase {
    func testBuiltinsSeeTheSettingsOfTheirOwnSession() throws {
        func session(seenBy seen: @escaping (Value) -> Void) -> Session {
            let r = BuiltinRegistry()
            r.setting("level", .int, default: .int(0), doc: "test setting")
            r.function("peek", [], returns: .void, doc: "records the level") { a in
                seen(a.context.setting("level"))
                a.context.output.line("peeked")
                return .none
            }
            r.binaryWithContext(.plus, .str, .int, returns: .int) { _, _, c in seen(c.setting("level")); return .int(0) }
            return Session(registry: r)
        }
        var seenA: [Value] = [], seenB: [Value] = []
        let a = session { seenA.append($0) }, b = session { seenB.append($0) }
        let captured = CapturedOutput()
        a.output = captured.output
        try a.run(SourceFile(name: "a.nls", text: "set level = 3\npeek()\nlet v = \"x\" + 1"))
        b.output = CapturedOutput().output
        try b.run(SourceFile(name: "b.nls", text: "peek()"))
        XCTAssertEqual(seenA, [.int(3), .int(3)])
        XCTAssertEqual(seenB, [.int(0)])
        XCTAssertEqual(captured.items.first, .text("peeked\n"))
    }
}
