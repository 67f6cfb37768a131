import XCTest
@testable import NLSCompute

final class TableCSVTests: XCTestCase {
    func testHeaderDetectionAndColumns() throws {
        let t = try CSV.parse("onset,duration,trial_type\n0,2.5,face\n10,2.5,\"house, big\"\n20,2.5,face\n", name: "events.csv")
        XCTAssertEqual(t.names, ["onset", "duration", "trial_type"])
        XCTAssertEqual(t.shape, [3, 3])
        XCTAssertEqual(try t.array("onset").values, [0, 10, 20])
        XCTAssertEqual(try t.strings("trial_type"), ["face", "house, big", "face"])
        let labels = try t.labels("trial_type")
        XCTAssertEqual(labels.classes, ["face", "house, big"])
        XCTAssertEqual(labels.codes.values, [0, 1, 0])
        XCTAssertEqual(labels.codes.dtype, .int64)
        XCTAssertEqual(try labels.decode(NDArray([1, 0])), ["house, big", "face"])
        let x = try t.toArray()
        XCTAssertEqual(x.shape, [3, 2])
        XCTAssertEqual(x.values, [0, 2.5, 10, 2.5, 20, 2.5])
        let f = try t.filter(try t.array("onset") .> 5)
        XCTAssertEqual(f.rowCount, 2)
        XCTAssertEqual(try f.strings("trial_type"), ["house, big", "face"])
        XCTAssertThrowsError(try t.array("trial_type")) { XCTAssertEqual("\($0)", "column \"trial_type\" holds strings, not numbers") }
        XCTAssertThrowsError(try t.column("nope"))
    }

    func testNoHeaderAndQuotes() throws {
        let t = try CSV.parse("1,2\r\n3,4\r\n")
        XCTAssertEqual(t.names, ["0", "1"])
        XCTAssertEqual(try t.toArray().values, [1, 2, 3, 4])
        let q = try CSV.parse("name,label\n\"a \"\"quoted\"\" name\",x\n\"multi\nline\",y\n")
        XCTAssertEqual(q.names, ["name", "label"])
        XCTAssertEqual(try q.strings("name"), ["a \"quoted\" name", "multi\nline"])
        let missing = try CSV.parse("a,b\n1,\n,2\n")
        XCTAssertTrue(try missing.array("b").values[0].isNaN)
        XCTAssertEqual(try missing.array("b").values[1], 2)
    }

    func testErrorsNameFileLineColumn() {
        XCTAssertThrowsError(try CSV.parse("a,b,c\n1,2,3\n4,5\n", name: "stimuli.csv")) {
            XCTAssertEqual("\($0)", "stimuli.csv:3:3: expected 3 fields, found 2")
        }
        XCTAssertThrowsError(try CSV.parse("a,b\n1,2\n3,x\n", name: "s.csv")) {
            XCTAssertEqual("\($0)", "s.csv:3:2: expected a number in column \"b\", found \"x\"")
        }
        XCTAssertThrowsError(try CSV.parse("a\n\"open\n", name: "q.csv")) { XCTAssertEqual("\($0)", "q.csv:2: unterminated quoted field") }
        XCTAssertThrowsError(try CSV.read(path: "/nonexistent/x.csv")) { XCTAssertEqual("\($0)", "cannot read /nonexistent/x.csv: no such file") }
    }

    func testWriteReadRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nls-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        let t = try Table(names: ["x", "label"], columns: [.numeric([0.1, 2, .nan]), .text(["a,b", "c", "say \"hi\""])])
        try t.write(path: path)
        let back = try Table.read(path: path)
        XCTAssertEqual(back.names, t.names)
        XCTAssertEqual(try back.strings("label"), ["a,b", "c", "say \"hi\""])
        let xs = try back.array("x").values
        XCTAssertEqual(Array(xs[0..<2]), [0.1, 2]); XCTAssertTrue(xs[2].isNaN)
        // no temporary file left behind
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.csv"])
        XCTAssertThrowsError(try t.write(path: "/nonexistent-dir/out.csv"))
        XCTAssertThrowsError(try Table(names: ["a", "a"], columns: [.numeric([1]), .numeric([2])]))
    }
}

final class TableMessageTests: XCTestCase {
    func testNoNumericColumnsNamesTheFileAndTheColumns() throws {
        let path = NSTemporaryDirectory() + "nls-text-only-\(getpid()).csv"
        try "a,b\nx,y\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try CSV.read(path: path).toArray()) { e in
            XCTAssertEqual("\(e)", "table (read from \(path)) has no numeric columns (columns: a, b); read text columns with strings(NAME)")
        }
    }
}
