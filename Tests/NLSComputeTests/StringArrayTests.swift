import XCTest
@testable import NLSCompute

/// String arrays and label encoding as numpy 2.4 / scikit-learn print and order them.
final class StringArrayTests: XCTestCase {
    func testOrderIsNumpysCodePointOrder() {
        // np.unique(['b', 'a', 'B', 'é', 'e', 'e\u0301']): canonically equivalent strings
        // stay distinct, and the decomposed one sorts before the precomposed one.
        XCTAssertEqual(StringArray.sortedUnique(["b", "a", "B", "\u{E9}", "e", "e\u{301}"]),
                       ["B", "a", "b", "e", "e\u{301}", "\u{E9}"])
        let enc = LabelEncoding(["house", "face", "e\u{301}", "\u{E9}", "face"])
        XCTAssertEqual(enc.classes, ["e\u{301}", "face", "house", "\u{E9}"])
        XCTAssertEqual(enc.codes.intValues, [2, 1, 0, 3, 1])
        XCTAssertEqual(LabelEncoding.codes(["house", "cat"], classes: enc.classes, unknown: -1), [2, -1])
    }

    func testPrintingMatchesNumpy() {
        let a = StringArray(Array(repeating: ["face", "house"], count: 20).flatMap { $0 })
        XCTAssertEqual(a.printString, """
            ['face' 'house' 'face' 'house' 'face' 'house' 'face' 'house' 'face'
             'house' 'face' 'house' 'face' 'house' 'face' 'house' 'face' 'house'
             'face' 'house' 'face' 'house' 'face' 'house' 'face' 'house' 'face'
             'house' 'face' 'house' 'face' 'house' 'face' 'house' 'face' 'house'
             'face' 'house' 'face' 'house']
            """)
        XCTAssertEqual(a.reprString, """
            array(['face', 'house', 'face', 'house', 'face', 'house', 'face', 'house',
                   'face', 'house', 'face', 'house', 'face', 'house', 'face', 'house',
                   'face', 'house', 'face', 'house', 'face', 'house', 'face', 'house',
                   'face', 'house', 'face', 'house', 'face', 'house', 'face', 'house',
                   'face', 'house', 'face', 'house', 'face', 'house', 'face', 'house'],
                  dtype='<U5')
            """)
        XCTAssertEqual(StringArray(Array(repeating: "x", count: 2000)).printString, "['x' 'x' 'x' ... 'x' 'x' 'x']")
        XCTAssertEqual(StringArray(["it's", "a\\b"]).reprString, #"array(["it's", 'a\\b'], dtype='<U4')"#)
        XCTAssertEqual(StringArray([]).printString, "[]")
    }

    func testEqualityIsElementWise() throws {
        let a = StringArray(["face", "house", "face"])
        XCTAssertEqual(try a.equals(["face"]).values, [1, 0, 1])
        XCTAssertEqual(try a.equals(["face", "face", "house"]).values, [1, 0, 0])
        XCTAssertThrowsError(try a.equals(["a", "b"]))
    }

    func testIntegerColumnsAreInt64() throws {
        let t = try CSV.parse("run,onset,x\n1,0.5,3\n2,1.0,\n-3,2,4\n")
        XCTAssertEqual(try t.column("run"), .integer([1, 2, -3]))
        XCTAssertEqual(try t.array("run").dtype, .int64)
        XCTAssertEqual(try t.array("onset").dtype, .float64)    // "1.0" has a point
        XCTAssertEqual(try t.array("x").dtype, .float64)        // a missing value makes NaN
        XCTAssertEqual(try t.toArray().dtype, .float64)
        XCTAssertTrue(CSV.format(t).hasPrefix("run,onset,x\n1,0.5,3.0\n2,1.0,\n"), CSV.format(t))   // as pandas writes it
    }
}
