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
