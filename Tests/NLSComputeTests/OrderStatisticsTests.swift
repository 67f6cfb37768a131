import XCTest
@testable import NLSCompute

final class OrderStatisticsTests: XCTestCase {
    let x = try! NDArray(rows: [[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]])

    func testMedianPercentileSortLikeNumpy() throws {
        XCTAssertEqual(try x.median().item(), 4.5)
        XCTAssertEqual(try x.median(axis: 0).values, [5, 3, 4, 6])
        XCTAssertEqual(try x.median(axis: 1).values, [2, 5.5, 5])
        XCTAssertEqual(try x.percentile(30).item(), 3)
        XCTAssertEqual(try x.percentile(90, axis: 1).values, [3.7, 8.100000000000001, 7.1000000000000005])
        XCTAssertEqual(try x.quantile(0.25, axis: 0).values, [4, 2, 3, 3.5])
        XCTAssertEqual(try x.sort(axis: 0).values, [3, 1, 2, 1, 5, 3, 4, 6, 5, 9, 5, 8])
        XCTAssertEqual(try x.sort().get([.at(1)]).values, [2, 5, 6, 9])
        XCTAssertTrue(try NDArray([1.0, .nan, 3]).median().item().isNaN)
        XCTAssertThrowsError(try x.percentile(101)) { XCTAssertEqual("\($0)", "percentiles must be in the range [0, 100], got 101.0") }
        XCTAssertThrowsError(try NDArray([Double]()).median())
    }

    func testTSVByExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-tsv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("events.tsv").path
        try "onset\tduration\ttrial_type\n0\t1.5\tface, happy\n3\t1.5\thouse\n".write(toFile: path, atomically: true, encoding: .utf8)
        let t = try Table.read(path: path)
        XCTAssertEqual(t.names, ["onset", "duration", "trial_type"])
        XCTAssertEqual(try t.strings("trial_type"), ["face, happy", "house"])
        try t.write(path: path)
        // onset holds integers only: an int64 column, written back as pandas writes it
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "onset\tduration\ttrial_type\n0\t1.5\tface, happy\n3\t1.5\thouse\n")
    }
}
