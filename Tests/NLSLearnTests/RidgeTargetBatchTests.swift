import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// Ridge fitted with its targets in batches on an executor (GridSearch's refit, split over
/// threads or MPI ranks): the model of a plain fit, and the same bits for every executor.
final class RidgeTargetBatchTests: XCTestCase {
    static let x = NDArray(shape: [120, 15], (0..<(120 * 15)).map { (i: Int) -> Double in
        let d = Double(i)
        return sin(d * 0.37) + Double(i % 7) * 0.1
    })
    static let t = 2 * RidgeFit.targetBatch + 300   // three batches
    static let y = NDArray(shape: [120, t], (0..<(120 * t)).map { (i: Int) -> Double in
        let d = Double(i)
        return cos(d * 0.011) * 3 + Double(i % 13)
    })

    func testBatchedFitIsThePlainFitForEverySolverAndTheSameForAnyExecutor() throws {
        let perTarget = (0..<Self.t).map { 0.5 + Double($0 % 5) }
        for solver in [RidgeSolver.svd, .cholesky, .eigen] {
            for alphas in [[3.0], perTarget] {
                for intercept in [true, false] {
                    let plain = Ridge(alphas: alphas, solver: solver, fitIntercept: intercept)
                    try plain.fit(Self.x, Self.y)
                    var models: [Ridge] = []
                    for jobs in [1, 2, 3] {
                        let r = Ridge(alphas: alphas, solver: solver, fitIntercept: intercept)
                        try r.fit(Self.x, Self.y, executor: ThreadExecutor(nJobs: jobs))
                        models.append(r)
                    }
                    let a = try XCTUnwrap(plain.coef), b = try XCTUnwrap(models[0].coef)
                    XCTAssertEqual(b.shape, [Self.t, 15])
                    let scale = a.storage.map(abs).max()!
                    XCTAssertLessThan(zip(a.storage, b.storage).map { abs($0 - $1) }.max()! / scale, 1e-12, "\(solver) \(alphas.count) \(intercept)")
                    for (u, v) in zip(try XCTUnwrap(plain.intercept), try XCTUnwrap(models[0].intercept)) {
                        XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(u)))
                    }
                    for m in models.dropFirst() {
                        XCTAssertEqual(m.coef, models[0].coef, "bit-identical whatever the executor")
                        XCTAssertEqual(m.intercept, models[0].intercept)
                    }
                }
            }
        }
    }

    func testFewTargetsAndOneDimensionalYArePlainFits() throws {
        let y1 = Self.y.takingColumns(0..<1).reshaped([120])
        let r = Ridge(alpha: 2, solver: .svd)
        try r.fit(Self.x, y1, executor: ThreadExecutor(nJobs: 2))
        let p = Ridge(alpha: 2, solver: .svd)
        try p.fit(Self.x, y1)
        XCTAssertEqual(r.coef, p.coef)
        XCTAssertEqual(try r.predict(Self.x).shape, [120])
    }

    func testGridSearchRefitsThroughTheBatches() throws {
        let gs = GridSearch(Ridge(solver: .svd), numericGrid: ["alpha": [0.1, 10]], cv: .folds(3), nJobs: 2)
        try gs.fit(Self.x, Self.y)
        let best = try XCTUnwrap(gs.bestEstimator as? Ridge)
        let direct = Ridge(alpha: try XCTUnwrap(gs.bestParams["alpha"]?.asDouble), solver: .svd)
        try direct.fit(Self.x, Self.y, executor: ThreadExecutor(nJobs: 1))
        XCTAssertEqual(best.coef, direct.coef)
    }
}
