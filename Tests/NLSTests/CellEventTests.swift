import XCTest
@testable import NLS

/// `# %%` cells are reported to the session's observer as they start and finish.
final class CellEventTests: XCTestCase {
    /// Events with the timings dropped (they vary), the errors kept.
    func events(_ source: String) -> (events: [String], error: Error?) {
        let c = TestSupport.Captured()
        var seen: [String] = []
        c.session.cellObserver = { e in
            switch e {
            case .started(let i, let title, let offset): seen.append("start \(i) '\(title)' @\(offset)")
            case .finished(let i, let s, let err):
                XCTAssertGreaterThanOrEqual(s, 0)
                seen.append("end \(i)" + (err.map { " error: \($0)" } ?? ""))
            }
        }
        do { try c.run(source) } catch { return (seen, error) }
        return (seen, nil)
    }

    func testTwoMarkersAndAnImplicitFirstCell() {
        let src = "let a = 1\n# %% Load\nlet b = a + 1\n# %%\nprint(b)\n"
        let r = events(src)
        XCTAssertNil(r.error)
        XCTAssertEqual(r.events, ["start 0 '' @0", "end 0", "start 1 'Load' @10", "end 1", "start 2 '' @34", "end 2"])
    }

    func testNoImplicitCellBeforeALeadingMarker() {
        XCTAssertEqual(events("# %% One\nlet x = 1\n# %% Two\n").events, ["start 0 'One' @0", "end 0", "start 1 'Two' @19", "end 1"])
    }

    func testAFailingCellReportsItsErrorAndStopsTheScript() {
        let r = events("# %% A\nlet xs = [1]\n# %% B\nprint(xs[5])\n# %% C\nprint(1)\n")
        XCTAssertNotNil(r.error)
        XCTAssertEqual(r.events.count, 4)
        XCTAssertEqual(r.events.prefix(3), ["start 0 'A' @0", "end 0", "start 1 'B' @20"])
        XCTAssertTrue(r.events[3].hasPrefix("end 1 error:") && r.events[3].contains("out of range"), r.events[3])
    }

    func testAScriptWithoutMarkersReportsNothing() {
        XCTAssertEqual(events("let x = 1\nprint(x)\n").events, [])
    }

    func testFunctionsDeclaredInALaterCellAreVisibleEarlier() {
        // Functions are hoisted over the whole script, cells or not.
        XCTAssertNil(events("# %% A\nprint(f())\n# %% B\nfn f() -> Int { return 1 }\n").error)
    }
}
