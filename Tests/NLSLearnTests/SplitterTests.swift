import XCTest
import NLSCompute
@testable import NLSLearn

final class SplitterTests: XCTestCase {
    func testKFold() throws {
        let s = try KFold(nSplits: 4).split(nSamples: 11)
        XCTAssertEqual(s.map { $0.test }, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]])
        XCTAssertEqual(s[1].train, [0, 1, 2, 6, 7, 8, 9, 10])
    }

    /// shuffle=True with an integer seed: numpy RandomState stream, same folds as sklearn 1.9.1.
    func testShuffledSplittersMatchSklearn() throws {
        XCTAssertEqual(try KFold(nSplits: 3, shuffle: true, seed: 42).split(nSamples: 10).map { $0.test },
                       [[0, 1, 5, 8], [2, 7, 9], [3, 4, 6]])
        XCTAssertEqual(Array(try KFold(nSplits: 4, shuffle: true, seed: 0).split(nSamples: 1000)[2].test.prefix(12)),
                       [0, 3, 4, 7, 13, 16, 26, 29, 33, 44, 56, 59])
        let ys: [Double] = [1, 1, 0, 0, 0, 2, 2, 2, 2, 1, 0, 0, 1, 2, 0, 0, 1, 1, 1, 1, 0, 2]
        XCTAssertEqual(try StratifiedKFold(nSplits: 3, shuffle: true, seed: 7)
                        .split(nSamples: ys.count, y: NDArray(shape: [ys.count], ys)).map { $0.test },
                       [[0, 5, 9, 11, 13, 14, 15, 17], [1, 2, 6, 8, 10, 16, 18], [3, 4, 7, 12, 19, 20, 21]])
        let gg: [Double] = [5, 5, 1, 1, 1, 7, 7, 3, 3, 3, 3, 2, 9, 9, 9, 0, 0, 4]
        XCTAssertEqual(try GroupKFold(nSplits: 3, shuffle: true, seed: 3)
                        .split(nSamples: gg.count, groups: NDArray(shape: [gg.count], gg)).map { $0.test },
                       [[0, 1, 12, 13, 14, 17], [2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 15, 16]])
        XCTAssertThrowsError(try KFold(nSplits: 2, shuffle: true, seed: -1).split(nSamples: 4))
    }

    func testStratifiedKFoldSklearnAllocation() throws {
        let ys: [Double] = [1, 1, 0, 0, 0, 2, 2, 2, 2, 1, 0, 0, 1, 2, 0, 0, 1, 1, 1, 1, 0, 2]
        let s = try StratifiedKFold(nSplits: 3).split(nSamples: ys.count, y: NDArray(shape: [ys.count], ys))
        XCTAssertEqual(s.map { $0.test }, [[0, 1, 2, 3, 4, 5, 6, 9], [7, 8, 10, 11, 12, 16, 17], [13, 14, 15, 18, 19, 20, 21]])
    }

    func testGroupKFold() throws {
        let gg: [Double] = [5, 5, 1, 1, 1, 7, 7, 3, 3, 3, 3, 2, 9, 9, 9, 0, 0, 4]
        let s = try GroupKFold(nSplits: 3).split(nSamples: gg.count, groups: NDArray(shape: [gg.count], gg))
        XCTAssertEqual(s.map { $0.test }, [[7, 8, 9, 10, 15, 16], [5, 6, 12, 13, 14, 17], [0, 1, 2, 3, 4, 11]])
        assertThrowsLearnError(try GroupKFold(nSplits: 3).split(nSamples: 18, groups: nil), contains: "needs groups")
        assertThrowsLearnError(try GroupKFold(nSplits: 20).split(nSamples: 18, groups: NDArray(shape: [18], gg)),
                               contains: "number of groups")
    }

    func testLeaveOneGroupOut() throws {
        let g: [Double] = [2, 0, 2, 1, 0]
        let s = try LeaveOneGroupOut().split(nSamples: 5, groups: NDArray(shape: [5], g))
        XCTAssertEqual(s.map { $0.test }, [[1, 4], [3], [0, 2]])
        XCTAssertEqual(s[0].train, [0, 2, 3])
    }

    func testCVIntMeansStratifiedForClassifiers() throws {
        let y = NDArray(shape: [6], [0, 0, 0, 1, 1, 1])
        let c = try CV.folds(3).splits(classifier: true, nSamples: 6, y: y, groups: nil)
        XCTAssertEqual(c.map { $0.test }, [[0, 3], [1, 4], [2, 5]])
        let r = try CV.folds(3).splits(classifier: false, nSamples: 6, y: y, groups: nil)
        XCTAssertEqual(r.map { $0.test }, [[0, 1], [2, 3], [4, 5]])
    }
}
