import XCTest
import NLSCompute
@testable import NLSLearn

final class SplitterTests: XCTestCase {
    func testKFold() throws {
        let s = try KFold(nSplits: 4).split(nSamples: 11)
        XCTAssertEqual(s.map { $0.test }, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]])
        XCTAssertEqual(s[1].train, [0, 1, 2, 6, 7, 8, 9, 10])
        let sh = try KFold(nSplits: 3, shuffle: true, seed: 7).split(nSamples: 10)
        XCTAssertEqual(sh.flatMap { $0.test }.sorted(), Array(0..<10))
        XCTAssertEqual(sh, try KFold(nSplits: 3, shuffle: true, seed: 7).split(nSamples: 10))
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
