import XCTest
import NLSCompute
@testable import NLSLearn

/// RidgeClassifier + cross-validation on Fixtures/decoding.csv (synthetic, made by
/// make_reference.py) against scikit-learn 1.9.1.
final class ClassifierTests: XCTestCase {
    let x = Fixture.decodingX()
    let y3 = Fixture.decodingColumn(15), y2 = Fixture.decodingColumn(16), groups = Fixture.decodingColumn(17)

    func testBinaryCrossValScores() throws {
        let rc = RidgeClassifier(alpha: 1)
        assertClose(try CrossValidation.crossValScore(rc, x, y2, cv: .folds(5)),
                    [0.75, 0.7083333333333334, 0.7083333333333334, 0.6666666666666666, 0.6666666666666666], abs: 1e-12, "acc")
        assertClose(try CrossValidation.crossValScore(rc, x, y2, cv: .folds(5), scoring: .rocAUC),
                    [0.7925925925925925, 0.7333333333333334, 0.8, 0.8370370370370371, 0.8], abs: 1e-12, "auc")
        assertClose(try CrossValidation.crossValScore(rc, x, y2, cv: .folds(5), scoring: .balancedAccuracy),
                    [0.7333333333333334, 0.6555555555555556, 0.7, 0.6666666666666666, 0.6444444444444444], abs: 1e-12, "bacc")
    }

    func testMulticlassCrossValScores() throws {
        let rc = RidgeClassifier(alpha: 1)
        assertClose(try CrossValidation.crossValScore(rc, x, y3),
                    [0.4583333333333333, 0.5, 0.4583333333333333, 0.6666666666666666, 0.625], abs: 1e-12, "acc")
        assertClose(try CrossValidation.crossValScore(rc, x, y3, cv: .splitter(GroupKFold(nSplits: 4)),
                                                      scoring: .balancedAccuracy, groups: groups),
                    [0.5555555555555555, 0.688888888888889, 0.40119047619047615, 0.5738095238095238], abs: 1e-12, "gkf bacc")
        assertClose(try CrossValidation.crossValScore(rc, x, y3, cv: .splitter(LeaveOneGroupOut()), groups: groups),
                    [0.45, 0.6, 0.4, 0.45, 0.525], abs: 1e-12, "logo")
    }

    func testFitPredictDecision() throws {
        let m = RidgeClassifier(alpha: 2); try m.fit(x, y3)
        XCTAssertEqual(m.classes, [0, 1, 2])
        assertClose(m.coef![1, 3], 0.002225400259056187, rel: 1e-9, "coef[1,3]")
        XCTAssertEqual(Array(try m.predict(x.takingRows(Array(0..<10))).storage), [0, 1, 2, 2, 2, 2, 1, 1, 1, 1])
        let b = RidgeClassifier(alpha: 2); try b.fit(x, y2)
        let d = try b.decisionFunction(x.takingRows([0, 1, 2]))
        XCTAssertEqual(d.shape, [3])
        assertClose(Array(d.storage), [-0.7371390994904925, -0.9738438968002645, 0.03635997114591841], abs: 1e-12, "decision")
        assertClose(try b.score(x, y2), try Metrics.accuracy(y2, b.predict(x)), abs: 0, "score")
        assertThrowsLearnError(try RidgeClassifier().fit(x, NDArray(shape: [120], [Double](repeating: 1, count: 120))),
                               contains: "single class")
    }

    func testGridSearchClassifierSlowPath() throws {
        let gs = GridSearch(RidgeClassifier(), grid: [
            "alpha": [0.01, 1, 100, 1e4].map { .double($0) },
            "fit_intercept": [.bool(true), .bool(false)],
        ], cv: .folds(5))
        try gs.fit(x, y3)
        XCTAssertFalse(gs.usedFastPath)
        assertClose(gs.cvResults.numbers("mean_test_score")!,
                    [0.5416666666666666, 0.5166666666666666, 0.5416666666666666, 0.5166666666666666,
                     0.55, 0.55, 0.4666666666666667, 0.5833333333333333], abs: 1e-12, "mean_test_score")
        XCTAssertEqual(gs.bestIndex, 7)
        XCTAssertEqual(gs.bestParams, ["alpha": .double(1e4), "fit_intercept": .bool(false)])
        XCTAssertEqual(gs.candidates[1], ["alpha": .double(0.01), "fit_intercept": .bool(false)])
        XCTAssertNil(gs.bestAlphaPerTarget)
        XCTAssertNotNil(gs.bestEstimator as? RidgeClassifier)
    }

    func testLabelEncoder() throws {
        let enc = LabelEncoder(["house", "face", "house"])
        XCTAssertEqual(enc.classes, ["face", "house"])
        XCTAssertEqual(Array(try enc.encode(["house", "face"]).storage), [1, 0])
        XCTAssertEqual(enc.decode(NDArray(shape: [2], [0, 1])), ["face", "house"])
    }
}
