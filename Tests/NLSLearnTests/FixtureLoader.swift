import Foundation
import XCTest
import NLSCompute
@testable import NLSLearn

/// Reads the CSV fixtures shipped in Fixtures/ (copied from shared/data/encoding/small).
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// Numeric CSV without header → rows.
    static func rows(_ name: String, skipHeader: Bool = false) -> [[Double]] {
        let text = try! String(contentsOf: url(name), encoding: .utf8)
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        if skipHeader { lines.removeFirst() }
        return lines.map { $0.split(separator: ",").map { Double($0)! } }
    }

    static func matrix(_ name: String) -> NDArray {
        let r = rows(name)
        return NDArray(shape: [r.count, r[0].count], r.flatMap { $0 })
    }

    static let x = matrix("stimuli.csv")            // 300 × 100
    static let y = matrix("masked_fmri.csv")        // 300 × 488
    static let cvResults = rows("cv_results.csv", skipHeader: true)   // alpha, mean, std, split0..4, rank
    static var alphas: [Double] { cvResults.map { $0[0] } }
    static let decoding = matrix("decoding.csv")    // 120 × (15 features, labels3, labels2, groups)

    static func decodingX() -> NDArray { decoding.takingColumns(0..<15) }
    static func decodingColumn(_ j: Int) -> NDArray { NDArray(shape: [decoding.rows], decoding.columnValues(j)) }
}

func assertClose(_ a: Double, _ b: Double, rel: Double = 0, abs: Double = 0, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    let tol = Swift.max(abs, rel * Swift.abs(b))
    XCTAssert(Swift.abs(a - b) <= tol, "\(what): \(a) vs \(b) (diff \(Swift.abs(a - b)), tol \(tol))", file: file, line: line)
}

func assertClose(_ a: [Double], _ b: [Double], rel: Double = 0, abs: Double = 0, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(what): lengths", file: file, line: line)
    for (i, (u, v)) in zip(a, b).enumerated() {
        let tol = Swift.max(abs, rel * Swift.abs(v))
        if Swift.abs(u - v) > tol {
            XCTFail("\(what)[\(i)]: \(u) vs \(v) (diff \(Swift.abs(u - v)))", file: file, line: line); return
        }
    }
}

func assertThrowsLearnError(_ body: @autoclosure () throws -> Any, contains: String,
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error containing \"\(contains)\"", file: file, line: line)
    } catch let e as LearnError {
        XCTAssert(e.message.contains(contains), "message \"\(e.message)\" lacks \"\(contains)\"", file: file, line: line)
    } catch {
        XCTFail("expected LearnError, got \(error)", file: file, line: line)
    }
}
