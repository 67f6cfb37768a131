import Foundation
import NLSCompute
@testable import NLSImaging

enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
    /// Numeric CSV (optional header line skipped when it is not numeric).
    static func csv(_ name: String) -> [[Double]] {
        let text = try! String(contentsOfFile: path(name), encoding: .utf8)
        var rows: [[Double]] = []
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if cells.contains(where: { $0 == nil }) { continue }
            rows.append(cells.map { $0! })
        }
        return rows
    }
}

func tempDir() -> String {
    let d = NSTemporaryDirectory() + "nls-imaging-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

func maxRelDiff(_ a: [Double], _ b: [Double]) -> (abs: Double, rel: Double) {
    var ma = 0.0, mr = 0.0
    for (x, y) in zip(a, b) {
        let d = abs(x - y)
        ma = max(ma, d)
        mr = max(mr, d / max(abs(y), 1e-12))
    }
    return (ma, mr)
}

func referenceJSON() -> [String: Any] {
    let d = try! Data(contentsOf: URL(fileURLWithPath: Fixture.path("reference.json")))
    return try! JSONSerialization.jsonObject(with: d) as! [String: Any]
}

/// (i, j, k) sums of the true voxels of a mask image, like np.array(np.where(m)).sum(axis=1).
func ijkSums(_ img: Image) -> [Int] {
    let s = img.shape
    var out = [0, 0, 0]
    for k in 0..<s[2] { for j in 0..<s[1] { for i in 0..<s[0] where img.value(i, j, k)! != 0 {
        out[0] += i; out[1] += j; out[2] += k
    } } }
    return out
}

func nonzeroCount(_ img: Image) -> Int { img.storage.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
