import XCTest
@testable import NLSCompute

final class CPUBackendTests: XCTestCase {
    func testGemmAndSolve() throws {
        let b = CPUBackend.shared
        let a = NDArray(shape: [2, 2], [2, 1, 1, 3])
        let x = NDArray(shape: [2, 1], [1, 2])
        let y = try b.matmul(a, x)
        XCTAssertEqual(Array(y.storage), [4, 7])
        let back = try b.solve(a, y)
        XCTAssertEqual(back.storage[0], 1, accuracy: 1e-12)
        XCTAssertEqual(back.storage[1], 2, accuracy: 1e-12)
    }

    func testSVDReconstructs() throws {
        let b = CPUBackend.shared
        let a = NDArray(shape: [3, 2], [1, 2, 3, 4, 5, 6])
        let (u, s, vt) = try b.svd(a)
        XCTAssertEqual(s.shape, [2])
        XCTAssertGreaterThan(s.storage[0], s.storage[1])
        var us = u
        for i in 0..<3 { for j in 0..<2 { us[i, j] *= s.storage[j] } }
        let r = try b.matmul(us, vt)
        for (p, q) in zip(r.storage, a.storage) { XCTAssertEqual(p, q, accuracy: 1e-12) }
    }
}
