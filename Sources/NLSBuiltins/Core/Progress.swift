import Foundation

/// Progress of long library work on stderr (never stdout), when `verbose` ≥ 1: on a
/// terminal one line redrawn in place with counts, rate and ETA (as tqdm); otherwise a
/// line at every tenth of the work. Nothing at verbose 0.
final class ProgressReporter: @unchecked Sendable {
    private let label: String, unit: String
    private let start = Date()
    private let isTerminal = isatty(2) != 0
    private var lastDraw = Date.distantPast
    private var lastTenth = -1

    init(label: String, unit: String) { self.label = label; self.unit = unit }

    /// A reporter for `verbose`, or nil when progress is not wanted.
    static func make(verbose: Int, label: String, unit: String) -> ProgressReporter? {
        verbose >= 1 ? ProgressReporter(label: label, unit: unit) : nil
    }

    /// Called with (done, total); callers serialise the calls.
    func update(_ done: Int, _ total: Int) {
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let pct = total > 0 ? 100 * done / total : 100
        let text = "\(label): \(done)/\(total) \(unit) (\(pct)%), \(String(format: "%.1f", rate))/s, ETA \(Self.duration(eta))"
        if isTerminal {
            guard done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            FileHandle.standardError.write(Data(("\r\u{1b}[K" + text + (done == total ? "\n" : "")).utf8))
        } else {
            let tenth = total > 0 ? 10 * done / total : 10
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    static func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
    }
}
