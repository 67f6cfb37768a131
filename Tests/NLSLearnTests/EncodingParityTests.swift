import XCTest
import NLSCompute
@testable import NLSLearn

/// GridSearch(Ridge(solver: svd), alpha = logspace(-6, 6, 100), cv = 5) on encoding/small,
/// against scikit-learn 1.9.1 (Fixtures/cv_results.csv, best_coef.csv, best_intercept.csv).
final class EncodingParityTests: XCTestCase {
    static var fastSearch: GridSearch = {
        let gs = GridSearch(Ridge(alpha: 100, solver: .svd), numericGrid: ["alpha": Fixture.alphas], cv: .folds(5))
        try! gs.fit(Fixture.x, Fixture.y)
        return gs
    }()

    func testBestAlphaAndScores() throws {
        let gs = Self.fastSearch
        XCTAssertTrue(gs.usedFastPath)
        XCTAssertEqual(gs.bestIndex, 65)
        XCTAssertEqual(gs.bestParams["alpha"]?.asDouble, 75.646332755462907)
        assertClose(gs.bestScore, 0.075957990845587922, abs: 1e-10, "best_score")
        let ref = Fixture.cvResults
        let mean = gs.cvResults.numbers("mean_test_score")!
        assertClose(mean, ref.map { $0[1] }, abs: 1e-6, "mean_test_score")
        let maxDiff = zip(mean, ref.map { $0[1] }).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(maxDiff, 1e-12, "max |mean_test_score − sklearn| = \(maxDiff)")
        print("PARITY max |mean_test_score - sklearn| =", maxDiff, " |best_score diff| =", abs(gs.bestScore - 0.075957990845587922))
        assertClose(gs.cvResults.numbers("std_test_score")!, ref.map { $0[2] }, abs: 1e-9, "std_test_score")
        for f in 0..<5 {
            assertClose(gs.cvResults.numbers("split\(f)_test_score")!, ref.map { $0[3 + f] }, abs: 1e-9, "split\(f)")
        }
        XCTAssertEqual(gs.cvResults.numbers("rank_test_score")!, ref.map { $0[8] })
        XCTAssertEqual(gs.cvResults.names.first, "mean_fit_time")
        XCTAssertEqual(gs.cvResults.names.last, "rank_test_score")
        XCTAssertNotNil(gs.cvResults["param_alpha"])
        XCTAssertEqual(gs.cvResults["params"]?.count, 100)
    }

    func testBestEstimatorCoefInterceptPredictScore() throws {
        let gs = Self.fastSearch
        let ridge = try XCTUnwrap(gs.bestEstimator as? Ridge)
        let coef = try XCTUnwrap(ridge.coef)
        XCTAssertEqual(coef.shape, [488, 100])
        let refCoef = Fixture.rows("best_coef.csv").flatMap { $0 }
        var maxRel = 0.0
        for (a, b) in zip(coef.storage, refCoef) { maxRel = max(maxRel, abs(a - b) / max(abs(b), 1e-3)) }
        XCTAssertLessThan(maxRel, 1e-6, "coef max relative diff \(maxRel)")
        let maxAbs = zip(coef.storage, refCoef).map { abs($0 - $1) }.max()!
        let icDiff = zip(ridge.intercept!, Fixture.rows("best_intercept.csv").map { $0[0] }).map { abs($0 - $1) }.max()!
        print("PARITY coef max rel diff =", maxRel, " max abs =", maxAbs, " intercept max abs =", icDiff,
              " train R2 diff =", abs(try ridge.score(Fixture.x, Fixture.y) - 0.36869326473077885))
        let refIntercept = Fixture.rows("best_intercept.csv").map { $0[0] }
        assertClose(ridge.intercept!, refIntercept, rel: 1e-10, "intercept")
        // Refit model on the full data (sklearn 1.9.1 numbers).
        assertClose(try ridge.score(Fixture.x, Fixture.y), 0.36869326473077885, abs: 1e-8, "train R2")
        assertClose(try gs.score(Fixture.x, Fixture.y), 0.36869326473077885, abs: 1e-8, "gs.score")
        let p = try ridge.predict(Fixture.x)
        assertClose(p[0, 0], 885.875015399429, abs: 1e-8, "pred[0,0]")
        assertClose(p[299, 487], 879.2890981023958, abs: 1e-8, "pred[299,487]")
        let first100 = Array(0..<100)
        assertClose(try ridge.score(Fixture.x.takingRows(first100), Fixture.y.takingRows(first100)),
                    0.3604361860659337, abs: 1e-8, "score first 100")
    }

    func testFastAndSlowPathsAgree() throws {
        let slow = GridSearch(Ridge(alpha: 100, solver: .svd), numericGrid: ["alpha": Fixture.alphas], fastPath: false)
        try slow.fit(Fixture.x, Fixture.y)
        XCTAssertFalse(slow.usedFastPath)
        let fast = Self.fastSearch
        assertClose(fast.cvResults.numbers("mean_test_score")!, slow.cvResults.numbers("mean_test_score")!,
                    abs: 1e-10, "fast vs slow")
        XCTAssertEqual(fast.bestIndex, slow.bestIndex)
        print("PARITY fast vs slow max |mean_test_score diff| =",
              zip(fast.cvResults.numbers("mean_test_score")!, slow.cvResults.numbers("mean_test_score")!).map { abs($0 - $1) }.max()!)
        XCTAssertEqual(fast.bestAlphaPerTarget, slow.bestAlphaPerTarget)
        XCTAssertEqual(fast.bestAlphaPerTarget?.count, 488)
    }

    /// Gram mode (k < n_test): 20 features, 60 test rows per fold.
    func testGramModeMatchesSlowPath() throws {
        let x20 = Fixture.x.takingColumns(0..<20)
        let y40 = Fixture.y.takingColumns(0..<40)
        let alphas = [1e-3, 0.1, 1, 10, 100, 1e4]
        let fast = GridSearch(Ridge(), numericGrid: ["alpha": alphas])
        let slow = GridSearch(Ridge(), numericGrid: ["alpha": alphas], fastPath: false)
        try fast.fit(x20, y40); try slow.fit(x20, y40)
        XCTAssertTrue(fast.usedFastPath)
        assertClose(fast.cvResults.numbers("mean_test_score")!, slow.cvResults.numbers("mean_test_score")!,
                    abs: 1e-10, "gram fast vs slow")
        XCTAssertEqual(fast.bestAlphaPerTarget, slow.bestAlphaPerTarget)
    }

    func testBatchSizeAndThreadsGiveIdenticalResults() throws {
        let a = GridSearch(Ridge(), numericGrid: ["alpha": Fixture.alphas], refit: false, batchSize: 1024)
        let b = GridSearch(Ridge(), numericGrid: ["alpha": Fixture.alphas], refit: false, nJobs: 2, batchSize: 37)
        try a.fit(Fixture.x, Fixture.y); try b.fit(Fixture.x, Fixture.y)
        assertClose(a.cvResults.numbers("mean_test_score")!, b.cvResults.numbers("mean_test_score")!,
                    abs: 1e-13, "batch/threads")
        XCTAssertEqual(a.bestAlphaPerTarget, b.bestAlphaPerTarget)
        XCTAssertNil(b.bestEstimator)
    }

    func testNegMSEScoring() throws {
        let y50 = Fixture.y.takingColumns(0..<50)
        for fast in [true, false] {
            let gs = GridSearch(Ridge(solver: .svd), numericGrid: ["alpha": [0.1, 10, 1000]],
                                scoring: .negMeanSquaredError, fastPath: fast)
            try gs.fit(Fixture.x, y50)
            XCTAssertEqual(gs.usedFastPath, fast)
            assertClose(gs.cvResults.numbers("mean_test_score")!,
                        [-65.0227309196605, -52.99312029295677, -57.33705279443668], rel: 1e-10, "neg mse")
            XCTAssertEqual(gs.bestIndex, 1)
        }
    }

    func testCrossValScoreMatchesCVResults() throws {
        let s = try CrossValidation.crossValScore(Ridge(alpha: Fixture.alphas[65], solver: .svd), Fixture.x, Fixture.y)
        assertClose(s, Array(Fixture.cvResults[65][3..<8]), abs: 1e-10, "cross_val_score")
        let r = try CrossValidation.crossValidate(Ridge(alpha: 10), Fixture.x, Fixture.y, cv: .folds(3),
                                                  scoring: .r2, returnTrainScore: true, nJobs: 2)
        XCTAssertEqual(r.testScore.count, 3); XCTAssertEqual(r.fitTime.count, 3)
        XCTAssertEqual(r.trainScore?.count, 3)
    }

    func testFlopFormula() throws {
        let splits = try KFold(nSplits: 5).split(nSamples: 2860)
        let f = RidgeAlphaSweep.flops(splits: splits, nFeatures: 100, nTargets: 5325, nAlphas: 100)
        XCTAssertEqual(f, 43_373_768_750, accuracy: 1)   // gram mode, every alpha in P·Q
    }

    /// The benchmarks report GFLOP/s from the Python copy of the formula
    /// (bench/encoding_gridsearch.py): it must count what the Swift one counts, in gram mode
    /// with and without P·Q and in direct mode.
    func testBenchFlopFormulaMatchesTheSweeps() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("no python3") }
        let shapes = [(2860, 100, 5325, 100), (2860, 100, 5325, 10), (2860, 100, 50000, 100), (300, 400, 50, 7),
                      (2860, 3000, 100, 1000)]
        let bench = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../bench").standardized.path
        let calls = shapes.map { "print(f(\($0.0), \($0.1), \($0.2), n_alphas=\($0.3)))" }.joined(separator: "; ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import sys; sys.path.insert(0, '\(bench)'); from encoding_gridsearch import nls_fast_path_flops as f; \(calls)"]
        let out = Pipe()
        p.standardOutput = out
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let values = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").compactMap { Double($0) }
        XCTAssertEqual(values.count, shapes.count)
        for ((n, p, t, m), v) in zip(shapes, values) {
            let splits = try KFold(nSplits: 5).split(nSamples: n)
            XCTAssertEqual(RidgeAlphaSweep.flops(splits: splits, nFeatures: p, nTargets: t, nAlphas: m), v, accuracy: 1e-9 * v,
                           "n \(n), p \(p), t \(t), \(m) alphas")
        }
    }
}
