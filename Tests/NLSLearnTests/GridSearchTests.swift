import XCTest
import NLSCompute
@testable import NLSLearn

final class GridSearchTests: XCTestCase {
    let x = NDArray(shape: [8, 2], [1, 2, 2, 1, 3, 5, 4, 4, 5, 1, 6, 2, 7, 7, 8, 3])
    let y = NDArray(shape: [8, 2], [1, 2, 2, 1, 4, 3, 4, 5, 5, 2, 7, 1, 6, 8, 9, 2])

    func testParameterGridOrder() throws {
        let c = try ParameterGrid.candidates([
            "b": [.int(1), .int(2)], "a": [.string("x"), .string("y")], "c": [.bool(true)],
        ])
        XCTAssertEqual(c, [
            ["a": .string("x"), "b": .int(1), "c": .bool(true)], ["a": .string("x"), "b": .int(2), "c": .bool(true)],
            ["a": .string("y"), "b": .int(1), "c": .bool(true)], ["a": .string("y"), "b": .int(2), "c": .bool(true)],
        ])
    }

    func testRanksTiesAndNaN() {
        XCTAssertEqual(Stats.rankDescendingMin([0.5, 0.7, 0.7, .nan, 0.1]), [3, 1, 1, 5, 4])
    }

    func testPerTargetAlphaListsUseGenericPath() throws {
        let gs = GridSearch(Ridge(), grid: ["alpha": [.doubles([1, 2]), .double(3)]], cv: .folds(2))
        try gs.fit(x, y)
        XCTAssertFalse(gs.usedFastPath)
        XCTAssertNil(gs.bestAlphaPerTarget)
        XCTAssertEqual(gs.cvResults.numbers("mean_test_score")?.count, 2)
    }

    func testOtherParamsUseGenericPathAndRefit() throws {
        let gs = GridSearch(Ridge(), grid: ["alpha": [.double(0.1), .double(10)], "fit_intercept": [.bool(true), .bool(false)]],
                            cv: .folds(4), nJobs: 2)
        try gs.fit(x, y)
        XCTAssertFalse(gs.usedFastPath)
        XCTAssertEqual(gs.candidates.count, 4)
        let best = try XCTUnwrap(gs.bestEstimator)
        XCTAssertEqual(best.getParams()["alpha"], gs.bestParams["alpha"])
        XCTAssertEqual(gs.cvResults.names, ["mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time",
                                            "param_alpha", "param_fit_intercept", "params",
                                            "split0_test_score", "split1_test_score", "split2_test_score", "split3_test_score",
                                            "mean_test_score", "std_test_score", "rank_test_score"])
        XCTAssertEqual(try gs.predict(x).shape, [8, 2])
    }

    func testParallelCrossValidationMatchesSerial() throws {
        let a = try CrossValidation.crossValScore(Ridge(alpha: 1), x, y, cv: .folds(4), nJobs: 1)
        let b = try CrossValidation.crossValScore(Ridge(alpha: 1), x, y, cv: .folds(4), nJobs: 2)
        XCTAssertEqual(a, b)
    }

    func testLabelEncoderDecodeNeverTraps() {
        let enc = LabelEncoder(["a", "b"])
        XCTAssertEqual(enc.decode(NDArray(shape: [4], [.nan, 1e300, -1, 0.5])), ["?", "?", "?", "?"])
        XCTAssertThrowsError(try enc.encode(["c"]))
    }
}
