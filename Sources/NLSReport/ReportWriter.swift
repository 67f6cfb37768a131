import Foundation
import NLSCompute

extension Report {
    /// Writes the rendered report to `path` atomically (a reader never sees half a report;
    /// a failed write leaves the previous report in place).
    public func write(to path: String) throws {
        try AtomicFile.write(path, data: Data(HTMLRenderer.render(self).utf8))
    }
}
