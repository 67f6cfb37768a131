import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// `Partition`: the blocks an MPI job splits work items into (one per rank).
final class PartitionTests: XCTestCase {
    /// Blocks must tile 0..<count in order, one per part.
    func assertTiles(_ blocks: [Range<Int>], _ count: Int, parts: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(blocks.count, parts, file: file, line: line)
        XCTAssertEqual(blocks.first?.lowerBound, 0, file: file, line: line)
        XCTAssertEqual(blocks.last?.upperBound, count, file: file, line: line)
        for (a, b) in zip(blocks, blocks.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound, file: file, line: line) }
    }

    func weight(_ w: [Double], _ r: Range<Int>) -> Double { w[r].reduce(0, +) }

    func testByCountIsTheOldSplit() {
        XCTAssertEqual(Partition.byCount(10, parts: 3), [0..<3, 3..<6, 6..<10])
        XCTAssertEqual(Partition.byCount(2, parts: 3), [0..<0, 0..<1, 1..<2])
        XCTAssertEqual(Partition.byCount(0, parts: 2), [0..<0, 0..<0])
    }

    func testEqualWeightsSplitByCount() {
        for (count, parts) in [(10, 3), (7, 2), (16, 4), (5, 5), (100, 7)] {
            let b = Partition.byWeight(Array(repeating: 2.0, count: count), parts: parts)
            assertTiles(b, count, parts: parts)
            let sizes = b.map(\.count)
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "\(count) items, \(parts) parts: \(b)")
        }
        XCTAssertEqual(Partition.byWeight([1, 1, 1, 1], parts: 2), [0..<2, 2..<4])
    }

    func testHeavyItemsGetTheirOwnBlock() {
        // By count, rank 0 would get 10 + 10 + 1 = 21 and rank 1 only 3.
        let w: [Double] = [10, 10, 1, 1, 1, 1]
        let b = Partition.byWeight(w, parts: 2)
        XCTAssertEqual(b, [0..<1, 1..<6])
        XCTAssertEqual(weight(w, b[0]), 10); XCTAssertEqual(weight(w, b[1]), 14)
    }

    func testSearchLightLikeWeightsAreBalancedWithinOneItem() {
        // Small spheres at one end (the mask's edge), full ones elsewhere.
        let w = (0..<221).map { i in Double(i < 60 ? 12 + i % 5 : 27) }
        for parts in [2, 3, 8, 64] {
            let b = Partition.byWeight(w, parts: parts)
            assertTiles(b, w.count, parts: parts)
            let share = w.reduce(0, +) / Double(parts)
            for r in b { XCTAssertLessThanOrEqual(abs(weight(w, r) - share), 27, "\(parts) parts: block \(r)") }
        }
        // The count split leaves the first of 3 ranks ~18% light; the weighted one does not.
        let byCount = Partition.byCount(w.count, parts: 3).map { weight(w, $0) }
        let byWeight = Partition.byWeight(w, parts: 3).map { weight(w, $0) }
        XCTAssertGreaterThan(byCount.max()! - byCount.min()!, 500)
        XCTAssertLessThanOrEqual(byWeight.max()! - byWeight.min()!, 27)
    }

    func testMoreRanksThanItems() {
        let b = Partition.byWeight([5, 1, 3], parts: 5)
        assertTiles(b, 3, parts: 5)
        XCTAssertEqual(b.filter { !$0.isEmpty }.count, 3, "every item in a block of its own: \(b)")
        XCTAssertEqual(Partition.byWeight([], parts: 3), [0..<0, 0..<0, 0..<0])
    }

    func testZeroAndInvalidWeights() {
        // All zero: nothing to balance, so by count.
        XCTAssertEqual(Partition.byWeight([0, 0, 0, 0], parts: 2), [0..<2, 2..<4])
        // Zero-weight items do not pull a cut; negative and non-finite weights count as 0.
        XCTAssertEqual(Partition.byWeight([4, 0, 0, 4], parts: 2), [0..<1, 1..<4])
        XCTAssertEqual(Partition.byWeight([4, -7, .nan, .infinity, 4], parts: 2), [0..<1, 1..<5])
        // parts ≤ 0 is treated as one part.
        XCTAssertEqual(Partition.byWeight([1, 2], parts: 0), [0..<2])
    }

    func testDeterministic() {
        var g = SystemRandomNumberGenerator()
        let w = (0..<1000).map { _ in Double(Int.random(in: 1...30, using: &g)) }
        for parts in [1, 2, 7, 1000, 1500] {
            let b = Partition.byWeight(w, parts: parts)
            XCTAssertEqual(b, Partition.byWeight(w, parts: parts))
            assertTiles(b, w.count, parts: parts)
        }
    }

    /// SearchLight tells its executor each block's cost: the sum of its spheres' sizes.
    func testSearchLightGivesBlockWeightsBySphereSize() throws {
        final class Recorder: Executor {
            var weights: [Double]?
            var workers: Int { 1 }
            func map<T>(_ count: Int, backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
                try (0..<count).map(body)
            }
            func map<T>(weights: [Double], backend: ComputeBackend, _ body: (Int) throws -> T) throws -> [T] {
                self.weights = weights
                return try (0..<weights.count).map(body)
            }
        }
        let spheres = Array(SearchLightTests.spheres.features.prefix(5))
        let rec = Recorder()
        let est = RidgeClassifier(alpha: 1.0)
        let cv = CV.splitter(KFold(nSplits: 4))
        let scores = try SearchLight(estimator: est, cv: cv, executor: rec, blockSize: 2)
            .scores(SearchLightTests.x, SearchLightTests.labels, spheres: spheres)
        let sizes = spheres.map { Double($0.count) }
        XCTAssertEqual(rec.weights, [sizes[0] + sizes[1], sizes[2] + sizes[3], sizes[4]])
        // The weighted path gives the same scores as the plain threads.
        XCTAssertEqual(scores, try SearchLight(estimator: est, cv: cv, executor: ThreadExecutor(nJobs: 1))
            .scores(SearchLightTests.x, SearchLightTests.labels, spheres: spheres))
    }
}
