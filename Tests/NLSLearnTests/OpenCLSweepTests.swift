import XCTest
@testable import NLSCompute
@testable import NLSLearn

/// The Ridge/GridSearch fast path on the device-resident API: host defaults vs the host
/// path, OpenCL (PoCL here) vs cpu on the encoding/small fixture, and batching under a
/// memory budget. OpenCL tests skip when no OpenCL platform is installed.
final class OpenCLSweepTests: XCTestCase {
    static let splits = try! KFold(nSplits: 5).split(nSamples: 300)

    func openCL(_ p: DevicePrecision, budget: Int? = nil) throws -> OpenCLBackend {
        if OpenCLRuntime.devices().isEmpty {
            throw XCTSkip("no OpenCL platform here (\(OpenCLRuntime.status)); install pocl-opencl-icd to run the OpenCL tests")
        }
        if p == .float64 && !OpenCLRuntime.devices()[0].fp64 { throw XCTSkip("OpenCL device 0 has no fp64") }
        return try OpenCLBackend(device: 0, precision: p, memoryBudget: budget)
    }

    static let hostRun: RidgeAlphaSweep.Output = {
        try! RidgeAlphaSweep(alphas: Fixture.alphas).run(Fixture.x, Fixture.y, splits: splits)
    }()

    func maxDiff(_ a: RidgeAlphaSweep.Output, _ b: RidgeAlphaSweep.Output) -> Double {
        var d = 0.0
        for (pa, pb) in zip(a.perTarget, b.perTarget) {
            for (u, v) in zip(pa, pb) { d = max(d, abs(u - v)) }
        }
        return d
    }

    func bestIndex(_ o: RidgeAlphaSweep.Output) -> Int {
        let m = o.score[0].count
        let means = (0..<m).map { a in o.score.reduce(0) { $0 + $1[a] } / Double(o.score.count) }
        return means.firstIndex(of: means.max()!)!
    }

    /// The device engine (OpenCL float64) against the host engine in both modes, both
    /// metrics, with and without an intercept.
    func testDeviceEngineMatchesHostEngine() throws {
        let cl = try openCL(.float64)
        for (x, y, alphas) in [(Fixture.x, Fixture.y, Fixture.alphas),                                   // direct mode
                               (Fixture.x.takingColumns(0..<20), Fixture.y.takingColumns(0..<40), [1e-3, 0.1, 1, 10, 1e4])] {   // gram
            for metric in [RidgeAlphaSweep.Metric.r2, .negMeanSquaredError] {
                for intercept in [true, false] {
                    var s = RidgeAlphaSweep(alphas: alphas, metric: metric, fitIntercept: intercept, batchSize: 100)
                    let host = try s.run(x, y, splits: Self.splits)
                    XCTAssertNil(host.plan)
                    s.backend = cl
                    let dev = try s.run(x, y, splits: Self.splits)
                    XCTAssertEqual(dev.plan?.targetBatch, min(100, y.cols))
                    // Relative to the scores' size: without an intercept the R²s are large negatives
                    // (Y ≈ 900), and the two engines sum in different orders.
                    let scale = max(1, host.perTarget.flatMap { $0 }.map { abs($0) }.max() ?? 1)
                    XCTAssertLessThan(maxDiff(host, dev), 1e-10 * scale, "\(metric) intercept \(intercept) p \(x.cols)")
                }
            }
        }
    }

    /// The device kernel's score rule is the host's (`Metrics.score`): constant targets,
    /// perfect fits and a single test row.
    func testDeviceScoreRuleMatchesHost() throws {
        let cl = try openCL(.float64)
        var y = Fixture.y.takingColumns(0..<6)
        for i in 0..<y.rows { y.storage[i * 6 + 2] = 3.0 }                       // constant target
        let x = Fixture.x.takingColumns(0..<5)
        for i in 0..<y.rows { y.storage[i * 6 + 4] = 2 * x.storage[i * 5] + 1 }  // exactly linear
        for splits in [Self.splits, [Split(train: Array(0..<299), test: [299])]] {
            for metric in [RidgeAlphaSweep.Metric.r2, .negMeanSquaredError] {
                var s = RidgeAlphaSweep(alphas: [0, 1e-8, 1], metric: metric)
                let host = try s.run(x, y, splits: splits)
                s.backend = cl
                let dev = try s.run(x, y, splits: splits)
                for (pa, pb) in zip(host.perTarget, dev.perTarget) {
                    for (u, v) in zip(pa, pb) {
                        if u.isNaN { XCTAssertTrue(v.isNaN, "NaN on host, \(v) on device") }
                        else { XCTAssertEqual(u, v, accuracy: 1e-8 * max(1, abs(u)), "\(metric)") }
                    }
                }
            }
        }
    }

    func checkOpenCLEncoding(_ p: DevicePrecision) throws {
        let cl = try openCL(p)
        cl.resetTransferStats()
        let out = try RidgeAlphaSweep(alphas: Fixture.alphas, backend: cl).run(Fixture.x, Fixture.y, splits: Self.splits)
        let host = Self.hostRun
        XCTAssertEqual(bestIndex(out), 65)
        XCTAssertEqual(bestIndex(host), 65)
        let tol = p == .float32 ? 1e-4 : 1e-10
        XCTAssertLessThan(maxDiff(out, host), tol, "per-target scores \(p)")
        for f in 0..<5 { for a in 0..<100 { XCTAssertEqual(out.score[f][a], host.score[f][a], accuracy: tol) } }
        XCTAssertTrue(out.plan!.residentFactors)
        XCTAssertEqual(out.plan!.targetBatch, 488)
        // Only the factors and Y go up; only the scores come down.
        let s = cl.transferStats
        let e = p.byteSize
        XCTAssertEqual(s.bytesDownloaded, e * 5 * 100 * 488, "downloads = scores only")
        XCTAssertLessThan(s.bytesUploaded, e * (300 * 488 + 5 * (240 * 100 + 60 * 100 + 100 * 100 + 100 * 100)) + 5 * 4 * 300 + 1024)
    }

    func testOpenCLFloat32SameBestAlphaAsCPU() throws { try checkOpenCLEncoding(.float32) }
    func testOpenCLFloat64MatchesCPU() throws { try checkOpenCLEncoding(.float64) }

    func testGridSearchOnOpenCLAndPredictOnCPU() throws {
        let cl = try openCL(.float32)
        let gs = GridSearch(Ridge(alpha: 100, solver: .svd, backend: cl), numericGrid: ["alpha": Fixture.alphas], cv: .folds(5))
        try gs.fit(Fixture.x, Fixture.y)
        XCTAssertTrue(gs.usedFastPath)
        XCTAssertEqual(gs.bestIndex, 65)
        XCTAssertEqual(gs.bestParams["alpha"]?.asDouble, 75.646332755462907)
        XCTAssertEqual(gs.bestScore, 0.075957990845587922, accuracy: 1e-5)
        let ref = Fixture.cvResults.map { $0[1] }
        let mean = gs.cvResults.numbers("mean_test_score")!
        for (a, b) in zip(mean, ref) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        // The model fitted on OpenCL predicts the same on cpu.
        let fitted = try XCTUnwrap(gs.bestEstimator as? Ridge)
        let cpuModel = Ridge(alpha: 75.646332755462907, solver: .svd)
        try cpuModel.fit(Fixture.x, Fixture.y)
        let coefCL = try XCTUnwrap(fitted.coef), coefCPU = try XCTUnwrap(cpuModel.coef)
        let scale = coefCPU.storage.map(abs).max()!
        let diff = zip(coefCL.storage, coefCPU.storage).map { abs($0 - $1) }.max()!
        XCTAssertLessThan(diff / scale, 1e-4)
        fitted.backend = CPUBackend.shared
        let p1 = try fitted.predict(Fixture.x), p2 = try cpuModel.predict(Fixture.x)
        let pd = zip(p1.storage, p2.storage).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        XCTAssertLessThan(pd, 1e-4)
    }

    /// A memory budget far below the problem's size forces target and alpha batches and
    /// non-resident fold factors; the results equal the unbatched run.
    func testTinyMemoryBudgetGivesIdenticalResults() throws {
        let full = try openCL(.float64)
        let tiny = try openCL(.float64, budget: 1 << 20)
        let a = try RidgeAlphaSweep(alphas: Fixture.alphas, backend: full).run(Fixture.x, Fixture.y, splits: Self.splits)
        let b = try RidgeAlphaSweep(alphas: Fixture.alphas, backend: tiny).run(Fixture.x, Fixture.y, splits: Self.splits)
        let plan = try XCTUnwrap(b.plan)
        XCTAssertLessThan(plan.targetBatch, 488)
        XCTAssertLessThan(plan.alphaChunk, 100)
        XCTAssertFalse(plan.residentFactors)
        XCTAssertLessThan(maxDiff(a, b), 1e-12)
        XCTAssertEqual(bestIndex(b), 65)
        // float32 with a tiny budget: same best alpha, within float32 tolerance.
        let t32 = try openCL(.float32, budget: 1 << 19)
        let c = try RidgeAlphaSweep(alphas: Fixture.alphas, backend: t32).run(Fixture.x, Fixture.y, splits: Self.splits)
        XCTAssertLessThan(c.plan!.targetBatch, 488)
        XCTAssertEqual(bestIndex(c), 65)
        XCTAssertLessThan(maxDiff(c, Self.hostRun), 1e-4)
    }

    func testExplicitBatchSizeIsHonoured() throws {
        let cl = try openCL(.float32)
        let out = try RidgeAlphaSweep(alphas: [1, 10, 100], batchSize: 50, backend: cl).run(Fixture.x, Fixture.y, splits: Self.splits)
        XCTAssertEqual(out.plan?.targetBatch, 50)
        let host = try RidgeAlphaSweep(alphas: [1, 10, 100]).run(Fixture.x, Fixture.y, splits: Self.splits)
        XCTAssertLessThan(maxDiff(out, host), 1e-4)
    }

    func testGramModeOnOpenCL() throws {
        let cl = try openCL(.float32)
        let x20 = Fixture.x.takingColumns(0..<20), y40 = Fixture.y.takingColumns(0..<40)
        let alphas = [1e-3, 0.1, 1, 10, 100, 1e4]
        for metric in [RidgeAlphaSweep.Metric.r2, .negMeanSquaredError] {
            let host = try RidgeAlphaSweep(alphas: alphas, metric: metric).run(x20, y40, splits: Self.splits)
            let dev = try RidgeAlphaSweep(alphas: alphas, metric: metric, backend: cl).run(x20, y40, splits: Self.splits)
            let scale = metric == .r2 ? 1.0 : host.perTarget.flatMap { $0 }.map(abs).max()!
            XCTAssertLessThan(maxDiff(host, dev) / scale, 1e-4, "\(metric)")
            XCTAssertEqual(bestIndex(host), bestIndex(dev))
        }
    }

    func testProblemThatCannotFitIsAClearError() throws {
        let cl = try openCL(.float64, budget: 1 << 16)
        XCTAssertThrowsError(try RidgeAlphaSweep(alphas: [1, 10]).with(backend: cl).run(Fixture.x, Fixture.y, splits: Self.splits)) { e in
            XCTAssertTrue("\(e)".contains("memory"), "\(e)")
        }
    }
}

extension RidgeAlphaSweep {
    func with(backend: ComputeBackend) -> RidgeAlphaSweep { var s = self; s.backend = backend; return s }
}

/// The GPU plan (few large launches), exercised on whatever OpenCL device is here.
extension OpenCLSweepTests {
    func testGPUPlanTakesAllTargetsAndAlphasInOneChunkWithTheSameScores() throws {
        let cl = try openCL(.float64)
        cl.prefersLargeLaunches = true
        let splits = OpenCLSweepTests.splits
        let cached = try RidgeAlphaSweep(alphas: Fixture.alphas, batchSize: 100, backend: cl).run(Fixture.x, Fixture.y, splits: splits)
        let profile = ComputeProfile()
        let big = try ComputeProfile.recording(profile) {
            try RidgeAlphaSweep(alphas: Fixture.alphas, backend: cl).run(Fixture.x, Fixture.y, splits: splits)
        }
        XCTAssertEqual(big.plan, .init(targetBatch: Fixture.y.cols, alphaChunk: Fixture.alphas.count, residentFactors: true))
        // Direct mode (k = 100 ≥ 60 test rows): per fold A = Xte·V, C = UᵀY and one A·W for all alphas.
        XCTAssertEqual(profile.tally(.deviceBLAS).count, 5 * 3)
        for (a, b) in zip(big.perTarget, cached.perTarget) {
            for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-10) }
        }
    }

    func testGPUPlanHalvesTheAlphaChunkBeforeTheTargetsWhenMemoryIsShort() throws {
        let cl = try openCL(.float64, budget: 1 << 22)
        cl.prefersLargeLaunches = true
        let out = try RidgeAlphaSweep(alphas: Fixture.alphas, backend: cl).run(Fixture.x, Fixture.y, splits: OpenCLSweepTests.splits)
        let plan = try XCTUnwrap(out.plan)
        XCTAssertLessThan(plan.alphaChunk, Fixture.alphas.count)
        XCTAssertEqual(bestIndex(out), 65)
        let host = try RidgeAlphaSweep(alphas: Fixture.alphas).run(Fixture.x, Fixture.y, splits: OpenCLSweepTests.splits)
        for (a, b) in zip(out.perTarget, host.perTarget) {
            for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-10) }
        }
    }
}

/// Ridge's svd solver on a device (Y uploaded centred in one pass) against the cpu.
extension OpenCLSweepTests {
    func testRidgeSVDOnOpenCLFloat64MatchesCPUWithAndWithoutIntercept() throws {
        let cl = try openCL(.float64)
        for intercept in [true, false] {
            for alphas in [[10.0], (0..<Fixture.y.cols).map { 1 + Double($0 % 7) }] {
                let dev = Ridge(alphas: alphas, solver: .svd, fitIntercept: intercept, backend: cl)
                let cpu = Ridge(alphas: alphas, solver: .svd, fitIntercept: intercept)
                try dev.fit(Fixture.x, Fixture.y); try cpu.fit(Fixture.x, Fixture.y)
                let a = try XCTUnwrap(dev.coef), b = try XCTUnwrap(cpu.coef)
                let scale = b.storage.map(abs).max()!
                XCTAssertLessThan(zip(a.storage, b.storage).map { abs($0 - $1) }.max()! / scale, 1e-10, "intercept \(intercept)")
                for (u, v) in zip(try XCTUnwrap(dev.intercept), try XCTUnwrap(cpu.intercept)) { XCTAssertEqual(u, v, accuracy: 1e-8 * max(1, abs(v))) }
            }
        }
    }
}
