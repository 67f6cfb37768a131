import XCTest
@testable import NLSCompute

final class MemoryBudgetTests: XCTestCase {
    func testParseAndFormat() {
        XCTAssertEqual(MemoryBudget.parse("8GB"), 8_000_000_000)
        XCTAssertEqual(MemoryBudget.parse("512 MB"), 512_000_000)
        XCTAssertEqual(MemoryBudget.parse("1GiB"), 1 << 30)
        XCTAssertEqual(MemoryBudget.parse("1000"), 1000)
        XCTAssertNil(MemoryBudget.parse("lots"))
        XCTAssertNil(MemoryBudget.parse("-1GB"))
        XCTAssertNil(MemoryBudget.parse("1e30"))
        XCTAssertEqual(MemoryBudget.format(80_000_000_000), "80.0 GB")
        XCTAssertEqual(MemoryBudget.format(12), "12 bytes")
    }

    func testSystemProbeIsPositive() {
        XCTAssertGreaterThan(MemoryBudget.systemAvailable(), 0)
        XCTAssertLessThanOrEqual(UInt64(MemoryBudget.systemAvailable()), ProcessInfo.processInfo.physicalMemory)
    }

    func testEveryCreationPathIsChecked() throws {
        let saved = MemoryBudget.limit
        MemoryBudget.limit = 1_000_000
        defer { MemoryBudget.limit = saved }
        let big = [1000, 1000]   // 8 MB
        let attempts: [(String, () throws -> NDArray)] = [
            ("zeros", { try NDArray.zeros(big) }),
            ("ones", { try NDArray.ones(big) }),
            ("full", { try NDArray.full(big, 2) }),
            ("eye", { try NDArray.eye(1000) }),
            ("arange", { try NDArray.arange(1_000_000) }),
            ("linspace", { try NDArray.linspace(0, 1, num: 1_000_000) }),
            ("rand", { try Random.rand(big) }),
            ("randn", { try Random.randn(big) }),
            ("permutation", { try Random.permutation(1_000_000) }),
            ("+", { try NDArray.zeros([1000, 1]) + NDArray.zeros([1, 1000]) }),
            ("matmul", { try NDArray.matmul(NDArray.zeros([1000, 1]), NDArray.zeros([1, 1000])) }),
            ("diag", { try NDArray.diag(NDArray.zeros([1000])) }),
        ]
        for (name, make) in attempts {
            XCTAssertThrowsError(try make(), name) { e in
                XCTAssertTrue("\(e)".hasPrefix("\(name): shape"), "\(name): \(e)")
                XCTAssertTrue("\(e)".contains("1.0 MB available"), "\(name): \(e)")
            }
        }
        XCTAssertEqual(try NDArray.zeros([100]).size, 100)   // small requests pass
    }
}
