import Foundation
import XCTest

/// Runs every `examples/*.nls` with the real `nls` binary, from a working directory that
/// is not the examples folder (each example finds its data through `script_dir()`), and
/// requires exit code 0 within a time bound, so the examples cannot rot.
final class ExampleScriptTests: XCTestCase {
    static func examples() -> [URL] {
        let dir = NLSBinary.packageRoot.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".nls") }.sorted().map { dir.appendingPathComponent($0) }
    }

    func testEveryExampleRuns() throws {
        guard let binary = NLSBinary.find() else { throw XCTSkip("the nls binary is not built") }
        let scripts = Self.examples()
        XCTAssertGreaterThanOrEqual(scripts.count, 5, "examples/ should hold the tour and the four examples")
        let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("nls-examples-\(getpid())")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: cwd) }
        for script in scripts {
            let start = Date()
            let r = try NLSBinary.run(binary, ["run", script.path], in: cwd, timeout: 240)
            let seconds = Date().timeIntervalSince(start)
            XCTAssertFalse(r.timedOut, "\(script.lastPathComponent) timed out")
            XCTAssertEqual(r.status, 0, "\(script.lastPathComponent) failed:\n\(r.stderr)\n\(r.stdout.suffix(2000))")
            XCTAssertFalse(r.stdout.isEmpty, "\(script.lastPathComponent) printed nothing")
            print("example \(script.lastPathComponent): \(String(format: "%.1f", seconds)) s")
        }
        // Nothing was written into the working directory.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cwd.path), [])
    }
}
