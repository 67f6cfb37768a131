import XCTest
import NLSCompute
@testable import NLSLearn

/// Everything reachable from user input throws a LearnError with a clear message.
final class ErrorTests: XCTestCase {
    let x = NDArray(shape: [6, 2], [1, 2, 2, 1, 3, 5, 4, 4, 5, 1, 6, 2])
    let y = NDArray(shape: [6], [1, 2, 3, 4, 5, 6])

    func testRowMismatch() {
        assertThrowsLearnError(try Ridge().fit(x, NDArray(shape: [5], [1, 2, 3, 4, 5])), contains: "X has 6 samples")
        let gs = GridSearch(Ridge(), numericGrid: ["alpha": [1]])
        assertThrowsLearnError(try gs.fit(x, NDArray(shape: [5], [1, 2, 3, 4, 5])), contains: "must match")
    }

    func testNonFinite() {
        var xn = x; xn[2, 1] = .nan
        assertThrowsLearnError(try Ridge().fit(xn, y), contains: "X contains NaN")
        var yi = y; yi.storage[0] = .infinity
        assertThrowsLearnError(try Ridge().fit(x, yi), contains: "y contains NaN")
        assertThrowsLearnError(try CrossValidation.crossValScore(Ridge(), xn, y, cv: .folds(2)), contains: "X contains NaN")
    }

    func testGridErrors() {
        assertThrowsLearnError(try GridSearch(Ridge(), grid: [:]).fit(x, y), contains: "grid is empty")
        assertThrowsLearnError(try GridSearch(Ridge(), grid: ["alpha": []]).fit(x, y), contains: "non-empty")
        assertThrowsLearnError(try GridSearch(Ridge(), numericGrid: ["alpah": [1]]).fit(x, y),
                               contains: "invalid parameter 'alpah' for estimator Ridge")
        assertThrowsLearnError(try GridSearch(Ridge(), grid: ["alpha": [.string("big")]]).fit(x, y), contains: "alpha must be")
    }

    func testTooManyFolds() {
        assertThrowsLearnError(try GridSearch(Ridge(), numericGrid: ["alpha": [1]], cv: .folds(7)).fit(x, y),
                               contains: "n_splits=7 greater than the number of samples n_samples=6")
        assertThrowsLearnError(try CrossValidation.crossValScore(Ridge(), x, y, cv: .folds(1)), contains: "at least 2")
        assertThrowsLearnError(try CrossValidation.crossValScore(RidgeClassifier(), x, NDArray(shape: [6], [0, 0, 0, 1, 1, 1]),
                                                                 cv: .folds(4)), contains: "number of members in each class")
    }

    func testSingularAlphaZero() {
        // 3 samples, 5 features: centred X has rank 2 < 5.
        let xw = NDArray(shape: [3, 5], (0..<15).map { Double(($0 * 7) % 11) })
        let yw = NDArray(shape: [3], [1, 2, 4])
        for s in RidgeSolver.allCases {
            assertThrowsLearnError(try Ridge(alpha: 0, solver: s).fit(xw, yw), contains: "alpha=0")
        }
        // Duplicate column, alpha 0 in a grid (fast and slow paths).
        var xd = NDArray(zeros: [6, 3])
        for i in 0..<6 { xd[i, 0] = x[i, 0]; xd[i, 1] = x[i, 1]; xd[i, 2] = x[i, 0] }
        for fast in [true, false] {
            let gs = GridSearch(Ridge(), numericGrid: ["alpha": [0, 1]], cv: .folds(2), fastPath: fast)
            assertThrowsLearnError(try gs.fit(xd, y), contains: "Use alpha > 0")
        }
        // Full-rank alpha 0 is fine (ordinary least squares).
        XCTAssertNoThrow(try Ridge(alpha: 0, solver: .svd).fit(x, y))
        XCTAssertNoThrow(try Ridge(alpha: 0, solver: .cholesky).fit(x, y))
    }

    func testNonFiniteLabelsNeverTrap() {
        let bad = NDArray(shape: [4], [0, .nan, 1, 1])
        assertThrowsLearnError(try Metrics.balancedAccuracy(bad, bad), contains: "NaN")
        assertThrowsLearnError(try Metrics.accuracy(bad, bad), contains: "NaN")
        assertThrowsLearnError(try StratifiedKFold(nSplits: 2).split(nSamples: 4, y: bad), contains: "NaN")
        assertThrowsLearnError(try LeaveOneGroupOut().split(nSamples: 4, groups: bad), contains: "NaN")
        assertThrowsLearnError(try KFold(nSplits: 2, shuffle: true, seed: -5).split(nSamples: 4), contains: "seed")
    }

    func testShapeErrors() {
        assertThrowsLearnError(try Ridge().fit(NDArray(shape: [6], [1, 2, 3, 4, 5, 6]), y), contains: "2-D")
        let r = Ridge(); try? r.fit(x, y)
        assertThrowsLearnError(try r.predict(NDArray(zeros: [2, 3])), contains: "3 features")
        assertThrowsLearnError(try Scoring.named("f1") as Any, contains: "unknown scoring")
        assertThrowsLearnError(try Scoring.rocAUC.score(r, x, y), contains: "needs a classifier")
    }
}
