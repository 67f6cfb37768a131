import XCTest
import Foundation
@testable import NLSCompute

/// Compares reductions (sum mean std var min max argmin argmax median cumsum prod, random
/// axis/ddof, 1-3-D) with numpy on a JSON dump (NLS_RED_CASES=path); skipped otherwise.
/* Generator (python3, numpy 2.4):
import numpy as np, json
rng = np.random.default_rng(5); cases = []
for i in range(300):
    nd = int(rng.integers(1, 4)); shape = tuple(int(x) for x in rng.integers(1, 6, size=nd))
    a = np.round(rng.standard_normal(shape) * 10, 2)
    if rng.random() < 0.2: a[tuple(0 for _ in shape)] = a.ravel()[-1]  # ties
    ax = None if rng.random() < 0.3 else int(rng.integers(-nd, nd)); ddof = int(rng.integers(0, 2)); res = {}
    for name, f in [("sum", lambda: a.sum(axis=ax)), ("mean", lambda: a.mean(axis=ax)), ("std", lambda: a.std(axis=ax, ddof=ddof)),
                    ("var", lambda: a.var(axis=ax, ddof=ddof)), ("min", lambda: a.min(axis=ax)), ("max", lambda: a.max(axis=ax)),
                    ("argmin", lambda: a.argmin(axis=ax)), ("argmax", lambda: a.argmax(axis=ax)), ("median", lambda: np.median(a, axis=ax)),
                    ("cumsum", lambda: np.cumsum(a, axis=ax)), ("prod", lambda: a.prod(axis=ax))]:
        with np.errstate(all="ignore"): r = np.asarray(f())
        res[name] = dict(shape=list(r.shape), values=[repr(float(v)) for v in r.ravel()])
    cases.append(dict(shape=list(shape), values=[repr(float(v)) for v in a.ravel()], axis=ax, ddof=ddof, res=res))
json.dump(cases, open("red.json", "w"))
*/
final class ReductionFuzzCheck: XCTestCase {
    func testCases() throws {
        guard let path = ProcessInfo.processInfo.environment["NLS_RED_CASES"] else { throw XCTSkip("set NLS_RED_CASES") }
        let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
        var bad = 0, total = 0
        for c in cases {
            let a = NDArray(shape: c["shape"] as! [Int], storage: ContiguousArray((c["values"] as! [String]).map { Double($0)! }))
            let axis = c["axis"] as? Int, ddof = c["ddof"] as! Int
            let fs: [String: () throws -> NDArray] = [
                "sum": { try a.sum(axis: axis) }, "mean": { try a.mean(axis: axis) }, "std": { try a.std(axis: axis, ddof: ddof) },
                "var": { try a.variance(axis: axis, ddof: ddof) }, "min": { try a.min(axis: axis) }, "max": { try a.max(axis: axis) },
                "argmin": { try a.argmin(axis: axis) }, "argmax": { try a.argmax(axis: axis) }, "median": { try a.median(axis: axis) },
                "cumsum": { try a.cumsum(axis: axis) }, "prod": { try a.prod(axis: axis) },
            ]
            for (name, want) in c["res"] as! [String: [String: Any]] {
                total += 1
                let r = try fs[name]!()
                let wv = (want["values"] as! [String]).map { Double($0)! }
                let same = r.shape == (want["shape"] as! [Int]) && zip(r.values, wv).allSatisfy { p, q in
                    (p.isNaN && q.isNaN) || p == q || Swift.abs(p - q) <= 1e-12 * Swift.max(1, Swift.abs(q)) || (p.isInfinite && p == q)
                }
                if !same { bad += 1; if bad < 10 { print("MISMATCH \(name) axis=\(String(describing: axis)) ddof=\(ddof) shape=\(a.shape): got \(r.shape) \(r.values) want \(want)") } }
            }
        }
        print("REDUCTION MISMATCHES: \(bad) of \(total)")
        XCTAssertEqual(bad, 0)
    }
}
