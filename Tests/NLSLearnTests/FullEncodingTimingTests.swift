import Foundation
import XCTest
import NLSCompute
import NLSLearn

/// Local timing of the Ridge alpha fast path on the full encoding problem (2860 × 100 →
/// 5325 voxels). Skipped unless NLS_LEARN_FULL_X / NLS_LEARN_FULL_Y name raw float64
/// files (row-major 2860×100 and 2860×5325, e.g. written by numpy `tofile`). Optional
/// NLS_LEARN_JOBS, NLS_LEARN_BATCH. Run in release:
///   NLS_LEARN_FULL_X=/tmp/enc_X.f64 NLS_LEARN_FULL_Y=/tmp/enc_Y.f64 \
///   swift test -c release -Xswiftc -enable-testing --filter FullEncodingTimingTests
final class FullEncodingTimingTests: XCTestCase {
    func load(_ path: String, rows: Int) throws -> NDArray {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let n = data.count / 8
        var s = ContiguousArray<Double>(repeating: 0, count: n)
        _ = s.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return NDArray(shape: [rows, n / rows], storage: s)
    }

    func testFullEncodingFastPathTiming() throws {
        let env = ProcessInfo.processInfo.environment
        guard let px = env["NLS_LEARN_FULL_X"], let py = env["NLS_LEARN_FULL_Y"] else {
            throw XCTSkip("set NLS_LEARN_FULL_X / NLS_LEARN_FULL_Y to time the full encoding problem")
        }
        let x = try load(px, rows: 2860), y = try load(py, rows: 2860)
        let alphas = (0..<100).map { pow(10.0, -6 + 12 * Double($0) / 99) }
        let jobs = Int(env["NLS_LEARN_JOBS"] ?? "1") ?? 1
        let batch = Int(env["NLS_LEARN_BATCH"] ?? "1024") ?? 1024
        let gs = GridSearch(Ridge(alpha: 100, solver: .svd), numericGrid: ["alpha": alphas], cv: .folds(5),
                            nJobs: jobs, batchSize: batch)
        let t0 = Date()
        try gs.fit(x, y)
        let wall = Date().timeIntervalSince(t0)
        let splits = try KFold(nSplits: 5).split(nSamples: 2860)
        let flops = RidgeAlphaSweep.flops(splits: splits, nFeatures: 100, nTargets: y.cols, nAlphas: 100)
        let cvTime = wall - gs.refitTime
        print(String(format: "FULL-ENCODING jobs=%d batch=%d wall=%.3fs (cv %.3fs, refit %.3fs) best_alpha=%.17g best_index=%d best_score=%.17g sweep_GFLOP=%.2f GFLOP/s=%.1f",
                     jobs, batch, wall, cvTime, gs.refitTime, gs.bestParams["alpha"]!.asDouble!, gs.bestIndex, gs.bestScore,
                     flops / 1e9, flops / 1e9 / cvTime))
        if let pcv = env["NLS_LEARN_FULL_CV"] {   // optional: sklearn's cv_results.csv of the full problem
            let text = try String(contentsOfFile: pcv, encoding: .utf8)
            let ref = text.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
            let mine = gs.cvResults.numbers("mean_test_score")!
            print("FULL-ENCODING max |mean_test_score - sklearn| =", zip(mine, ref).map { abs($0 - $1) }.max()!)
        }
        XCTAssertEqual(gs.bestIndex, 68)
        XCTAssertEqual(gs.bestScore, 0.09044268893571647, accuracy: 1e-9)
    }
}
