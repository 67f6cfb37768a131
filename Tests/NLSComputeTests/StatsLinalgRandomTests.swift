import XCTest
@testable import NLSCompute

func assertClose(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "length", file: file, line: line)
    for (p, q) in zip(a, b) { XCTAssertEqual(p, q, accuracy: tol * Swift.max(1, Swift.abs(q)), file: file, line: line) }
}

final class StatsLinalgRandomTests: XCTestCase {
    let x = try! NDArray(rows: [[1, 2, 4, 7], [2, 1, 0, -1], [3, 3, 5, 9]])

    func testCovCorrZscore() throws {
        assertClose(try NDArray.cov(x).values, [7.0, -3.333333333333333, 7.333333333333333, -3.333333333333333, 1.6666666666666665, -3.333333333333333, 7.333333333333333, -3.333333333333333, 8.0])
        assertClose(try NDArray.corrcoef(x).values, [0.9999999999999998, -0.975900072948533, 0.9799578870122226, -0.9759000729485331, 1.0, -0.9128709291752768, 0.9799578870122226, -0.9128709291752768, 0.9999999999999999], 1e-14)
        assertClose(try x.zscore().values, [-1.224744871391589, 0.0, 0.4629100498862757, 0.4629100498862757, 0.0, -1.224744871391589, -1.3887301496588271, -1.3887301496588271, 1.224744871391589, 1.224744871391589, 0.9258200997725514, 0.9258200997725514], 1e-14)
        assertClose(try x.zscore(axis: 1, ddof: 1).values, [-0.944911182523068, -0.5669467095138409, 0.1889822365046136, 1.3228756555322951, 1.161895003862225, 0.3872983346207417, -0.3872983346207417, -1.161895003862225, -0.7071067811865475, -0.7071067811865475, 0.0, 1.414213562373095], 1e-14)
        XCTAssertEqual(try NDArray.pearson(NDArray([1.0, 2, 3]), NDArray([2.0, 4, 6])), 1, accuracy: 1e-15)
    }

    func testLinalg() throws {
        let a = try NDArray(rows: [[1, 2], [3, 4], [5, 7]])
        let b = NDArray([1.0, 2, 2])
        let r = try Linalg.lstsq(a, b)
        assertClose(r.x.values, [-0.21428571428571333, 0.4999999999999992], 1e-13)
        assertClose(r.residuals.values, [0.6428571428571429], 1e-13)
        XCTAssertEqual(r.rank, 2)
        assertClose(r.s.values, [10.191428257097224, 0.36713768594389923])
        // the protocol's portable default gives the same answer
        let generic = try LstsqViaSVD().lstsq(a, b, rcond: 1e-15)
        assertClose(generic.x.values, r.x.values, 1e-12)
        assertClose(try Linalg.pinv(a).values, [-2.0714285714285703, 0.7857142857142865, 0.14285714285714235, 1.4999999999999991, -0.5000000000000006, 3.5214027980098014e-16], 1e-13)
        XCTAssertEqual(try Linalg.norm(a).item(), 10.198039027185569, accuracy: 1e-14)
        XCTAssertEqual(try Linalg.norm(a, ord: 2).item(), 10.191428257097224, accuracy: 1e-13)
        assertClose(try Linalg.norm(a, axis: 1).values, [2.23606797749979, 5.0, 8.602325267042627])
        XCTAssertEqual(try Linalg.det(NDArray(rows: [[1, 2], [3, 4]])), -2, accuracy: 1e-14)
        assertClose(try Linalg.eigh(NDArray(rows: [[2, 1], [1, 2]])).values.values, [1, 3])
        assertClose(try Linalg.solve(NDArray(rows: [[3, 1], [1, 2]]), NDArray([9.0, 8])).values, [2, 3])
        let inv = try Linalg.inv(NDArray(rows: [[4, 7], [2, 6]]))
        assertClose(inv.values, [0.6, -0.7, -0.2, 0.4])
        XCTAssertThrowsError(try Linalg.solve(NDArray(rows: [[1, 2], [2, 4]]), NDArray([1.0, 1]))) {
            XCTAssertTrue("\($0)".contains("singular"))
        }
        XCTAssertThrowsError(try Linalg.inv(a)) {
            XCTAssertEqual("\($0)", "inv: last 2 dimensions of the array must be square, got shape (3, 2)")
        }
        let (u, s, vt) = try Linalg.svd(a)
        XCTAssertEqual(u.shape, [3, 2]); XCTAssertEqual(vt.shape, [2, 2])
        assertClose(s.values, [10.191428257097224, 0.36713768594389923])
    }

    func testRandomDeterministic() throws {
        let g1 = RandomState(seed: 42), g2 = RandomState(seed: 42)
        XCTAssertEqual(try g1.rand([5]).values, try g2.rand([5]).values)
        XCTAssertEqual(try g1.randn([3]).values, try g2.randn([3]).values)
        Random.seed(7); let a = try Random.rand([4])
        Random.seed(7); let b = try Random.rand([4])
        XCTAssertEqual(a.values, b.values)
        let u = try RandomState(seed: 1).rand([10000])
        XCTAssertTrue(u.storage.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.meanValue, 0.5, accuracy: 0.02)
        let n = try RandomState(seed: 2).randn([20000])
        XCTAssertEqual(n.meanValue, 0, accuracy: 0.03)
        XCTAssertEqual(try n.std().item(), 1, accuracy: 0.03)
        let p = try RandomState(seed: 3).permutation(10)
        XCTAssertEqual(p.values.sorted(), (0..<10).map(Double.init))
        let ints = try RandomState(seed: 4).integers(-3, 3, [1000])
        XCTAssertEqual(Set(ints.values), Set([-3.0, -2, -1, 0, 1, 2]))
        let c = try RandomState(seed: 5).choice(5, size: 5, replace: false)
        XCTAssertEqual(Set(c.values).count, 5)
        let w = try RandomState(seed: 6).choice(3, size: 50, p: [0, 1, 0])
        XCTAssertTrue(w.storage.allSatisfy { $0 == 1 })
        XCTAssertThrowsError(try RandomState(seed: 1).choice(3, size: 4, replace: false))
        XCTAssertThrowsError(try RandomState(seed: 1).integers(3, 3)) { XCTAssertEqual("\($0)", "integers: low >= high (3 >= 3)") }
        // thread safety: concurrent draws from one instance neither crash nor duplicate state
        let g = RandomState(seed: 9)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? g.rand([1000]) }
    }
}

/// A backend that only has the protocol's default lstsq (SVD based).
final class LstsqViaSVD: ComputeBackend {
    let name = "svd-only"
    let cpu = CPUBackend.shared
    func gemm(_ a: NDArray, _ b: NDArray, transA: Bool, transB: Bool, alpha: Double) throws -> NDArray { try cpu.gemm(a, b, transA: transA, transB: transB, alpha: alpha) }
    func syrk(_ a: NDArray, transA: Bool) throws -> NDArray { try cpu.syrk(a, transA: transA) }
    func svd(_ a: NDArray) throws -> (u: NDArray, s: NDArray, vt: NDArray) { try cpu.svd(a) }
    func eigh(_ a: NDArray) throws -> (values: NDArray, vectors: NDArray) { try cpu.eigh(a) }
    func qr(_ a: NDArray) throws -> (q: NDArray, r: NDArray) { try cpu.qr(a) }
    func lu(_ a: NDArray) throws -> (pl: NDArray, u: NDArray) { try cpu.lu(a) }
    func solve(_ a: NDArray, _ b: NDArray) throws -> NDArray { try cpu.solve(a, b) }
    func solveSPD(_ a: NDArray, _ b: NDArray) throws -> NDArray { try cpu.solveSPD(a, b) }
}
