import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// Host sweep internals: the two gram-mode algorithms (all alphas in P·Q GEMMs, over one or
/// several blocks of Q's rows, and the per-alpha-chunk D·G·D·C fallback for large k) give
/// the same scores.
final class RidgeAlphaSweepHostTests: XCTestCase {
    func testQuadFormMatchesChunkedGramFallback() throws {
        let splits = try KFold(nSplits: 5).split(nSamples: 300)
        let x = Fixture.x.takingColumns(0..<20), y = Fixture.y.takingColumns(0..<40)
        for metric in [RidgeAlphaSweep.Metric.r2, .negMeanSquaredError] {
            for intercept in [true, false] {
                var s = RidgeAlphaSweep(alphas: [1e-3, 0.1, 1, 10, 1e4], metric: metric, fitIntercept: intercept,
                                        batchSize: 16, executor: ThreadExecutor(nJobs: 2))
                let fast = try s.run(x, y, splits: splits)
                // Q in blocks of 16 rows (batches of 14 targets; K′ = 230: a block straddles
                // the quadratic and linear rows, and the last is short) instead of one block.
                s.quadBudget = 16 * 14
                let blocked = try s.run(x, y, splits: splits)
                s.quadLimit = 0
                let chunked = try s.run(x, y, splits: splits)
                for other in [blocked, chunked] {
                    for (pa, pb) in zip(fast.perTarget, other.perTarget) {
                        for (u, v) in zip(pa, pb) {
                            XCTAssertEqual(u, v, accuracy: (metric == .r2 ? 1e-12 : 1e-9) * max(1, abs(v)), "\(metric) \(intercept)")
                        }
                    }
                }
            }
        }
    }
}
