import XCTest
@testable import NLSCompute

/// GEMM gives the same bits with any number of BLAS threads (OpenBLAS's own threaded GEMM
/// does not), so results do not depend on n_jobs or on the machine's cores.
final class DeterministicGEMMTests: XCTestCase {
    func testProductsAreIdenticalWithOneAndSeveralThreads() throws {
        let cpu = CPUBackend.shared
        guard CPUBackend.blasThreads >= 2 else { throw XCTSkip("OpenBLAS has one thread here") }
        var r = TestRandom(3)
        // Shapes of the Ridge sweep (UᵀY, a block of P·Q, AᵀR0), a tall one, and transposed B.
        let cases: [(NDArray, NDArray, Bool, Bool)] = [
            (r.matrix(2288, 100), r.matrix(2288, 1024), true, false),
            (r.matrix(100, 256), r.matrix(256, 1024), false, false),
            (r.matrix(572, 100), r.matrix(572, 1024), true, false),
            (r.matrix(3000, 120), r.matrix(120, 70), false, false),
            (r.matrix(300, 200), r.matrix(700, 200), false, true),
        ]
        for (a, b, ta, tb) in cases {
            let one = try cpu.withHostThreads(1) { try cpu.gemm(a, b, transA: ta, transB: tb, alpha: 1.5) }
            let m = ta ? a.cols : a.rows, n = tb ? b.rows : b.cols, k = ta ? a.rows : a.cols
            try cpu.withHostThreads(2) {
                XCTAssertGreaterThan(CPUBackend.gemmBlocks(m: m, n: n, k: k).ranges.count, 1, "\(m)×\(n)×\(k) is spread over threads")
                let two = try cpu.gemm(a, b, transA: ta, transB: tb, alpha: 1.5)
                XCTAssertEqual(two.shape, [m, n])
                XCTAssertTrue(one.storage.elementsEqual(two.storage), "\(m)×\(n)×\(k): bits differ with 2 threads")
            }
            // And the numbers are the product.
            var maxErr = 0.0
            for i in stride(from: 0, to: m, by: max(1, m / 7)) {
                for j in stride(from: 0, to: n, by: max(1, n / 5)) {
                    var s = 0.0
                    for l in 0..<k { s += (ta ? a[l, i] : a[i, l]) * (tb ? b[j, l] : b[l, j]) }
                    maxErr = max(maxErr, abs(1.5 * s - one[i, j]))
                }
            }
            XCTAssertLessThan(maxErr, 1e-9)
        }
    }

    func testSmallProductsStayInOneCall() {
        XCTAssertEqual(CPUBackend.gemmBlocks(m: 10, n: 10, k: 10).ranges.count, 1)
        XCTAssertEqual(CPUBackend.gemmBlocks(m: 100, n: 100, k: 100).ranges.count, 1)
    }
}
