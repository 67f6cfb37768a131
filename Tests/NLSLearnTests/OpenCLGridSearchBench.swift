import Foundation
import XCTest
import NLSCompute
import NLSImaging
@testable import NLSLearn

/// Benchmark (not a test): the encoding GridSearch — Ridge(solver: svd), 100 alphas
/// logspace(-6, 6), KFold(5), X 2860×100, Y 2860×5325 — on cpu and on an OpenCL device,
/// with the transfer share from `TransferStats`. Skipped unless NLS_BENCH_OPENCL=1; run it
/// through bench/opencl_gridsearch.sh (release build).
/// Environment: NLS_ENCODING_DIR (default /work/shared/data/encoding; synthetic data of the
/// same shape when absent), NLS_BENCH_DEVICE (default "opencl"), NLS_BENCH_DTYPE
/// (float32 | float64 | both; default both when the device has fp64), NLS_BENCH_REPEATS (default 3),
/// NLS_BENCH_OUT (markdown summary file).
final class OpenCLGridSearchBench: XCTestCase {
    func testBenchEncodingGridSearchCPUvsOpenCL() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["NLS_BENCH_OPENCL"] == "1" else { throw XCTSkip("benchmark: set NLS_BENCH_OPENCL=1 (bench/opencl_gridsearch.sh)") }
        let dir = env["NLS_ENCODING_DIR"] ?? "/work/shared/data/encoding"
        let repeats = max(1, Int(env["NLS_BENCH_REPEATS"] ?? "") ?? 3)
        let (x, y, source) = try Self.loadData(dir)
        let alphas = Array(try NDArray.logspace(-6, 6, num: 100).storage)
        let splits = try KFold(nSplits: 5).split(nSamples: x.rows)
        var lines: [String] = []
        func say(_ s: String) { print(s); lines.append(s); fflush(stdout) }
        say("# encoding GridSearch: Ridge(svd), 100 alphas, KFold(5), X \(x.shape), Y \(y.shape) (\(source))")
        say("host: \(Devices.available()[0].name), \(ProcessInfo.processInfo.activeProcessorCount) cores; OpenBLAS threads \(CPUBackend.blasThreads)")
        for d in Devices.available().dropFirst() {
            say("\(d.id): \(d.platform) / \(d.name) (\(d.type), \(d.computeUnits) CUs, \(d.globalMemory >> 20) MiB, max alloc \(d.maxAllocation >> 20) MiB, fp64 \(d.fp64))")
        }
        let flops = RidgeAlphaSweep.flops(splits: splits, nFeatures: x.cols, nTargets: y.cols, nAlphas: alphas.count)

        struct Row { let device: String; let total: Double; let sweep: Double; let best: Int; let stats: TransferStats?; let plan: String; let maxDiff: Double }
        func timeIt(_ backend: ComputeBackend) throws -> (Double, Double, GridSearch, RidgeAlphaSweep.Output, TransferStats?) {
            var best = (Double.infinity, Double.infinity)
            var keep: (GridSearch, RidgeAlphaSweep.Output, TransferStats?)? = nil
            for _ in 0..<repeats {
                let t0 = Date()
                let gs = GridSearch(Ridge(alpha: 1, solver: .svd, backend: backend), numericGrid: ["alpha": alphas], cv: .folds(5), refit: false)
                try gs.fit(x, y)
                let total = Date().timeIntervalSince(t0)
                (backend as? OpenCLBackend)?.resetTransferStats()
                let t1 = Date()
                let out = try RidgeAlphaSweep(alphas: alphas, backend: backend).run(x, y, splits: splits)
                let sweep = Date().timeIntervalSince(t1)
                let stats = (backend as? OpenCLBackend)?.transferStats
                if total < best.0 { best = (total, sweep); keep = (gs, out, stats) }
            }
            return (best.0, best.1, keep!.0, keep!.1, keep!.2)
        }
        var rows: [Row] = []
        var outs: [RidgeAlphaSweep.Output] = []
        let (cpuTotal, cpuSweep, cpuGS, cpuOut, _) = try timeIt(CPUBackend.shared)
        outs.append(cpuOut)
        rows.append(Row(device: "cpu (float64)", total: cpuTotal, sweep: cpuSweep, best: cpuGS.bestIndex, stats: nil, plan: "", maxDiff: 0))

        let setting = env["NLS_BENCH_DEVICE"] ?? "opencl"
        let dev = try Devices.backend(for: setting)
        if let cl = dev as? OpenCLBackend {
            var precisions: [DevicePrecision] = [.float32]
            let want = env["NLS_BENCH_DTYPE"] ?? "both"
            if want == "float64" { precisions = [.float64] }
            if want == "both" && cl.device.fp64 { precisions.append(.float64) }
            for p in precisions {
                let b = try Devices.backend(for: setting, precision: p) as! OpenCLBackend
                // Warm-up: compiles the kernels and CLBlast's routines once (cached afterwards).
                let t0 = Date()
                _ = try RidgeAlphaSweep(alphas: [1, 10], backend: b).run(x.takingRows(Array(0..<200)), (y.takingRows(Array(0..<200))).takingColumns(0..<8), splits: try KFold(nSplits: 5).split(nSamples: 200))
                say("\(b.name) \(p.rawValue): warm-up (kernel builds, CLBlast tuning) \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
                let (total, sweep, gs, out, stats) = try timeIt(b)
                var md = 0.0
                for (pa, pb) in zip(out.perTarget, cpuOut.perTarget) { for (u, v) in zip(pa, pb) { md = max(md, abs(u - v)) } }
                let plan = out.plan.map { "batch \($0.targetBatch) targets × \($0.alphaChunk) alphas, factors resident: \($0.residentFactors)" } ?? ""
                outs.append(out)
                rows.append(Row(device: "\(b.name) (\(p.rawValue))", total: total, sweep: sweep, best: gs.bestIndex, stats: stats, plan: plan, maxDiff: md))
            }
        } else {
            say("device \"\(setting)\" resolved to \(dev.name): no OpenCL device to compare (\(Devices.openCLStatus))")
        }
        say("")
        say("| device | GridSearch.fit s | sweep s | GFLOP/s (sweep) | vs cpu | best alpha idx | transfers (sweep run) | transfer share | max abs diff vs cpu |")
        say("|---|---|---|---|---|---|---|---|---|")
        for r in rows {
            let share: String, tr: String
            if let s = r.stats {
                tr = String(format: "%d up %.1f MB, %d down %.1f MB, %.3f s", s.uploads, Double(s.bytesUploaded) / 1e6, s.downloads, Double(s.bytesDownloaded) / 1e6, s.seconds)
                share = String(format: "%.1f %%", 100 * s.seconds / r.sweep)
            } else { tr = "—"; share = "—" }
            say(String(format: "| %@ | %.3f | %.3f | %.1f | %.2f× | %d | %@ | %@ | %.2e |", r.device, r.total, r.sweep, flops / r.sweep / 1e9,
                       r.total / cpuTotal, r.best, tr, share, r.maxDiff))
        }
        for r in rows where !r.plan.isEmpty { say("\(r.device): \(r.plan)") }
        for (r, o) in zip(rows, outs) {
            say(String(format: "%@: sweep phases — setup (SVD, factors up) %.3f s, per-alpha sweep %.3f s", r.device,
                       o.setupTime.reduce(0, +), o.sweepTime.reduce(0, +)))
        }
        say("(best of \(repeats); 'vs cpu' = GridSearch.fit time / cpu time, >1 is slower; transfer share = device-side upload+download time (OpenCL event profiling) / sweep wall time)")
        if let out = env["NLS_BENCH_OUT"] {
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    static func loadData(_ dir: String) throws -> (NDArray, NDArray, String) {
        let fm = FileManager.default
        let fmri = dir + "/fmri.nii.gz", mask = dir + "/mask.nii.gz", stim = dir + "/stimuli.csv"
        if fm.fileExists(atPath: fmri), fm.fileExists(atPath: mask), fm.fileExists(atPath: stim) {
            let y = try applyMask(try loadImage(fmri), try loadImage(mask))
            let text = try String(contentsOfFile: stim, encoding: .utf8)
            let rows = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.split(separator: ",").map { Double($0)! } }
            let x = NDArray(shape: [rows.count, rows[0].count], rows.flatMap { $0 })
            return (x, y, dir)
        }
        // Synthetic stand-in of the same shape.
        var st: UInt64 = 42
        func u() -> Double { st = st &* 6364136223846793005 &+ 1442695040888963407; return Double(st >> 11) / Double(1 << 53) }
        let n = 2860, p = 100, t = 5325
        let x = NDArray(shape: [n, p], (0..<(n * p)).map { _ in u() < 0.5 ? 0 : 1 })
        let w = NDArray(shape: [p, t], (0..<(p * t)).map { _ in (u() - 0.5) * 2 })
        var y = try CPUBackend.shared.matmul(x, w)
        for i in 0..<y.size { y.storage[i] += 880 + 20 * (u() - 0.5) }
        return (x, y, "synthetic, \(dir) not found")
    }
}
