import XCTest
import Foundation
@testable import NLSCompute

/// Compares `get(_:)` with numpy indexing on a JSON dump (NLS_IDX_CASES=path; items: shape,
/// specs, ok, rshape/values or err, after = array after assigning -1…-k); skipped otherwise.
/// 1500 random cases (ints, slices, lists, masks, 1-3-D, errors) matched numpy 2.4.
/* Generator (python3, numpy 2.4):
import numpy as np, json
rng = np.random.default_rng(11); cases = []
def build(specs):
    return tuple(s["v"] if s["t"] == "at" else slice(None) if s["t"] == "all" else np.array(s["v"], dtype=np.intp) if s["t"] == "list"
                 else np.array(s["v"], dtype=bool) if s["t"] == "mask" else slice(s["start"], s["stop"], s["step"]) for s in specs)
for i in range(1500):
    nd = int(rng.integers(1, 4)); shape = tuple(int(x) for x in rng.integers(1, 6, size=nd))
    a = np.arange(int(np.prod(shape))).reshape(shape); specs = []
    for d in range(int(rng.integers(1, nd + 2))):
        n = shape[d] if d < nd else 3; t = rng.integers(0, 5)
        if t == 0: specs.append({"t": "at", "v": int(rng.integers(-n - 1, n + 1))})
        elif t == 1:
            p = [None if rng.random() < 0.3 else int(rng.integers(-n - 2, n + 2)) for _ in range(2)]
            specs.append({"t": "range", "start": p[0], "stop": p[1], "step": None if rng.random() < 0.4 else int(rng.choice([-3, -2, -1, 1, 2, 3]))})
        elif t == 2: specs.append({"t": "all"})
        elif t == 3: specs.append({"t": "list", "v": [int(x) for x in rng.integers(-n, n + (1 if rng.random() < 0.1 else 0), size=int(rng.integers(0, 4)))]})
        else: specs.append({"t": "mask", "v": [bool(x) for x in rng.random(n if rng.random() < 0.9 else n + 1) > 0.5]})
    try:
        r = a[build(specs)]
        c = dict(shape=list(shape), specs=specs, ok=True, rshape=list(np.shape(r)), values=[int(x) for x in np.ravel(r)])
        a[build(specs)] = -(np.arange(r.size) + 1).reshape(r.shape); c["after"] = [int(x) for x in a.ravel()]
    except (IndexError, ValueError) as e:
        c = dict(shape=list(shape), specs=specs, ok=False, err=str(e))
    cases.append(c)
json.dump(cases, open("idx.json", "w"))
*/
final class IndexingFuzzCheck: XCTestCase {
    func testCases() throws {
        guard let path = ProcessInfo.processInfo.environment["NLS_IDX_CASES"] else { throw XCTSkip("set NLS_IDX_CASES") }
        let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [[String: Any]]
        var bad = 0
        for c in cases {
            let shape = c["shape"] as! [Int]
            let a = try NDArray.arange(0, shape.reduce(1, *)).reshape(shape)
            let specs: [IndexSpec] = (c["specs"] as! [[String: Any]]).map { s in
                switch s["t"] as! String {
                case "at": return .at(s["v"] as! Int)
                case "all": return .all
                case "list": return .list(s["v"] as! [Int])
                case "mask": return .mask(NDArray(s["v"] as! [Bool]))
                default: return .range(start: s["start"] as? Int, stop: s["stop"] as? Int, step: s["step"] as? Int)
                }
            }
            let ok = c["ok"] as! Bool
            do {
                let r = try a.get(specs)
                if !ok || r.shape != (c["rshape"] as! [Int]) || r.intValues != (c["values"] as! [Int]) {
                    bad += 1
                    if bad < 10 { print("MISMATCH shape=\(shape) specs=\(specs) got \(r.shape) \(r.intValues) want \(c)") }
                }
                // assignment through the same specs (numpy: last write wins on repeated indices)
                if ok, let after = c["after"] as? [Int] {
                    var m = a
                    let v = try (-(try NDArray.arange(1, r.size + 1))).reshape(r.shape)
                    try m.set(specs, v)
                    if m.intValues != after { bad += 1; if bad < 10 { print("SET MISMATCH shape=\(shape) specs=\(specs) got \(m.intValues) want \(after)") } }
                }
            } catch {
                if ok { bad += 1; if bad < 10 { print("MISMATCH threw \(error) for shape=\(shape) specs=\(specs); numpy gave \(c["rshape"]!)") } }
            }
        }
        print("INDEX MISMATCHES: \(bad) of \(cases.count)")
        XCTAssertEqual(bad, 0)
    }
}
