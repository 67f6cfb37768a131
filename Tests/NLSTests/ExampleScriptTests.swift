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

    /// Figures each example draws (in a terminal they go to nls-figure-N.png in the
    /// working directory; a report embeds them).
    static let figures = ["01_encoding.nls": 2, "02_searchlight.nls": 1, "03_canica.nls": 1]

    func testEveryExampleRunsAndDrawsItsFigures() throws {
        guard let binary = NLSBinary.find() else { throw XCTSkip("the nls binary is not built") }
        let scripts = Self.examples()
        XCTAssertGreaterThanOrEqual(scripts.count, 6, "examples/ should hold the tour and the five examples")
        for script in scripts {
            let name = script.lastPathComponent
            let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("nls-example-\(getpid())-\(name)")
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: cwd) }
            let start = Date()
            let r = try NLSBinary.run(binary, ["run", script.path], in: cwd, timeout: 240)
            let seconds = Date().timeIntervalSince(start)
            XCTAssertFalse(r.timedOut, "\(name) timed out")
            XCTAssertEqual(r.status, 0, "\(name) failed:\n\(r.stderr)\n\(r.stdout.suffix(2000))")
            XCTAssertFalse(r.stdout.isEmpty, "\(name) printed nothing")
            // Only its figures were written into the working directory, each a PNG.
            let written = try FileManager.default.contentsOfDirectory(atPath: cwd.path).sorted()
            let expected = (0..<(Self.figures[name] ?? 0)).map { "nls-figure-\($0 + 1).png" }
            XCTAssertEqual(written, expected, "\(name) wrote \(written)")
            for f in written {
                let bytes = try Data(contentsOf: cwd.appendingPathComponent(f))
                XCTAssertTrue(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 5000, "\(name): \(f) is not a drawn PNG")
            }
            print("example \(name): \(String(format: "%.1f", seconds)) s, \(written.count) figures")
        }
    }
}
