import XCTest
import Foundation
@testable import NLSCompute

/// Timing probes for hot paths; run with `NLS_PERF=1 swift test -c release --filter PerformanceTests`.
final class PerformanceTests: XCTestCase {
    func time(_ label: String, reps: Int = 5, _ f: () throws -> Void) rethrows {
        var best = Double.infinity
        for _ in 0..<reps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try f()
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        print(String(format: "PERF %-40@ %9.3f ms", label as NSString, best))
    }

    func testHotPaths() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["NLS_PERF"] == "1", "set NLS_PERF=1 to run timings")
        let g = RandomState(seed: 0)
        let a = try g.randn([1000, 10000]), b = try g.randn([1000, 10000])
        let row = try g.randn([10000])
        try time("a + b (1e7)") { _ = try a + b }
        time("a * 2.0 (1e7)") { _ = a * 2.0 }
        try time("a - row broadcast (1e7)") { _ = try a - row }
        time("a > 0 (1e7)") { _ = a .> 0 }
        try time("sum all (1e7)") { _ = try a.sum() }
        try time("sum axis 0 (1000x10000)") { _ = try a.sum(axis: 0) }
        try time("sum axis 1 (1000x10000)") { _ = try a.sum(axis: 1) }
        try time("mean axis 0") { _ = try a.mean(axis: 0) }
        try time("std axis 0") { _ = try a.std(axis: 0) }
        try time("max axis 0") { _ = try a.max(axis: 0) }
        try time("argmax axis 1") { _ = try a.argmax(axis: 1) }
        try time("zscore axis 0") { _ = try a.zscore(axis: 0) }
        time("transpose") { _ = a.T }
        try time("X[0:500, :]") { _ = try a.get([.range(start: 0, stop: 500), .all]) }
        try time("X[:, 7]") { _ = try a.get([.all, .at(7)]) }
        let mask = try g.rand([1000]) .> 0.5
        try time("X[mask rows]") { _ = try a.get([.mask(mask)]) }
        time("exp (1e7)") { _ = a.exp() }
        var c = a
        try time("c += b (daxpy)") { try c += b }
        let small = try g.randn([500, 500])
        try time("matmul 500") { _ = try small.matmul(small) }
    }
}
