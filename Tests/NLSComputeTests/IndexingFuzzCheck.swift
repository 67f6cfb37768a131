import XCTest
import Foundation
@testable import NLSCompute

/// Compares `get(_:)` with numpy indexing on a JSON dump (NLS_IDX_CASES=path; items: shape,
/// specs, ok, rshape/values or err, after = array after assigning -1…-k); skipped otherwise.
/// 1500 random cases (ints, slices, lists, masks, 1-3-D, errors) matched numpy 2.4.
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
