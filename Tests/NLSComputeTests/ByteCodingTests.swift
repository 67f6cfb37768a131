import XCTest
@testable import NLSCompute

/// Results sent between MPI ranks come back bit-identical, and bad bytes throw.
final class ByteCodingTests: XCTestCase {
    func testRoundTripIsExact() throws {
        var a = NDArray(shape: [2, 3], [0.1, -0.0, .infinity, 1e-308, .pi, 3])
        a.dtype = .float32
        var w = ByteWriter()
        a.encode(to: &w)
        [1.5, .nan].encode(to: &w)
        Optional<[Double]>.none.encode(to: &w)
        [[1, 2], [3]].encode(to: &w)
        var r = ByteReader(w.bytes)
        let b = try NDArray.decode(from: &r)
        XCTAssertEqual(b.shape, a.shape)
        XCTAssertEqual(b.dtype, .float32)
        XCTAssertEqual(b.storage.map(\.bitPattern), a.storage.map(\.bitPattern))
        XCTAssertEqual(try [Double].decode(from: &r).map(\.bitPattern), [1.5, .nan].map(\.bitPattern))
        XCTAssertNil(try [Double]?.decode(from: &r))
        XCTAssertEqual(try [[Int]].decode(from: &r), [[1, 2], [3]])
        XCTAssertTrue(r.atEnd)
    }

    func testShortBytesThrow() {
        var w = ByteWriter()
        [1.0, 2.0, 3.0].encode(to: &w)
        var r = ByteReader(Array(w.bytes.dropLast(3)))
        XCTAssertThrowsError(try [Double].decode(from: &r))
    }
}
