import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// Host sweep internals: the two gram-mode algorithms (all alphas in one P·Q GEMM, and the
/// per-alpha-chunk D·G·D·C fallback for large k) give the same scores.
final class RidgeAlphaSweepHostTests: XCTestCase {
    func testQuadFormMatchesChunkedGramFallback() throws {
        let splits = try KFold(nSplits: 5).split(nSamples: 300)
        let x = Fixture.x.takingColumns(0..<20), y = Fixture.y.takingColumns(0..<40)
        for metric in [RidgeAlphaSweep.Metric.r2, .negMeanSquaredError] {
            for intercept in [true, false] {
                var s = RidgeAlphaSweep(alphas: [1e-3, 0.1, 1, 10, 1e4], metric: metric, fitIntercept: intercept,
                                        batchSize: 16, executor: ThreadExecutor(nJobs: 2))
                let fast = try s.run(x, y, splits: splits)
                s.quadLimit = 0
                let chunked = try s.run(x, y, splits: splits)
                for (pa, pb) in zip(fast.perTarget, chunked.perTarget) {
                    for (u, v) in zip(pa, pb) {
                        XCTAssertEqual(u, v, accuracy: (metric == .r2 ? 1e-12 : 1e-9) * max(1, abs(v)), "\(metric) \(intercept)")
                    }
                }
            }
        }
    }
}
