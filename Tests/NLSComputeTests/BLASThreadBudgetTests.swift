import XCTest
import Foundation
@testable import NLSCompute

/// Scoped limits on OpenBLAS's process-wide thread count: nested and concurrent scopes
/// restore the setting found before the first one.
final class BLASThreadBudgetTests: XCTestCase {
    func testNestedAndConcurrentScopesRestoreTheSetting() {
        let before = CPUBackend.blasThreads
        let budget = BLASThreadBudget.shared
        CPUBackend.shared.withHostThreads(1) {
            XCTAssertEqual(CPUBackend.blasThreads, 1)
            XCTAssertEqual(budget.openScopes, 1)
            CPUBackend.shared.withHostThreads(4) {
                XCTAssertEqual(CPUBackend.blasThreads, 1, "the lowest open limit wins")
            }
            XCTAssertEqual(CPUBackend.blasThreads, 1)
        }
        XCTAssertEqual(CPUBackend.blasThreads, before)
        XCTAssertEqual(budget.openScopes, 0)
        // Scopes opened and closed concurrently from several threads.
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            CPUBackend.shared.withHostThreads(1 + i % 2) { XCTAssertLessThanOrEqual(CPUBackend.blasThreads, 1 + i % 2) }
        }
        XCTAssertEqual(CPUBackend.blasThreads, before)
        XCTAssertEqual(budget.openScopes, 0)
        // A throwing body closes its scope too.
        struct Failure: Error {}
        XCTAssertThrowsError(try CPUBackend.shared.withHostThreads(1) { throw Failure() })
        XCTAssertEqual(CPUBackend.blasThreads, before)
    }
}
