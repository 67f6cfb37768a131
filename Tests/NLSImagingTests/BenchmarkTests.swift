import XCTest
import Foundation
@testable import NLSImaging

/// Opt-in benchmark (skipped unless NLS_BENCH_ENCODING_DIR points at a folder holding
/// fmri.nii.gz + mask.nii.gz): the Swift counterpart of bench/load_mask.py, same JSON lines.
final class BenchmarkTests: XCTestCase {
    func peakRSSMB() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }

    func testLoadMaskBenchmark() throws {
        guard let dir = ProcessInfo.processInfo.environment["NLS_BENCH_ENCODING_DIR"] else {
            throw XCTSkip("set NLS_BENCH_ENCODING_DIR to run the load+mask benchmark")
        }
        for r in 0..<3 {
            let t0 = Date()
            let img = try loadImage(dir + "/fmri.nii.gz")
            let t1 = Date()
            print(#"{"tool": "nls", "step": "load", "repeat": \#(r), "wall_s": \#(t1.timeIntervalSince(t0)), "peak_rss_mb": \#(peakRSSMB())}"#)
            let masker = try NiftiMasker(maskPath: dir + "/mask.nii.gz")
            let y = try masker.fitTransform(img)
            let t2 = Date()
            print(#"{"tool": "nls", "step": "mask", "repeat": \#(r), "wall_s": \#(t2.timeIntervalSince(t1)), "shape": \#(y.shape), "peak_rss_mb": \#(peakRSSMB())}"#)
            print(#"{"tool": "nls", "step": "total", "repeat": \#(r), "wall_s": \#(t2.timeIntervalSince(t0)), "peak_rss_mb": \#(peakRSSMB())}"#)
        }
    }

    /// Streaming variant: NiftiMasker.fitTransform(path:) never holds the 4-D image.
    /// Run it alone (peak RSS is a process high-water mark).
    func testStreamingLoadMaskBenchmark() throws {
        guard let dir = ProcessInfo.processInfo.environment["NLS_BENCH_ENCODING_DIR"] else {
            throw XCTSkip("set NLS_BENCH_ENCODING_DIR to run the load+mask benchmark")
        }
        for r in 0..<3 {
            let t0 = Date()
            let masker = try NiftiMasker(maskPath: dir + "/mask.nii.gz")
            let y = try masker.fitTransform(path: dir + "/fmri.nii.gz")
            let t1 = Date()
            print(#"{"tool": "nls", "step": "total", "mode": "streaming", "repeat": \#(r), "wall_s": \#(t1.timeIntervalSince(t0)), "shape": \#(y.shape), "peak_rss_mb": \#(peakRSSMB())}"#)
        }
    }
}
