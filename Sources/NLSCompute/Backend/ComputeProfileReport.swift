import Foundation

extension ComputeProfile {
    /// The profile as two plain-text tables: the phases estimators marked, then the backend
    /// operations (only those that happened). `wall` is the profiled statement's wall time;
    /// `setting` the session's device setting (estimators may name their own device).
    public func report(wall: Double, setting: String) -> String {
        let used = devices.isEmpty ? "" : "; devices used: " + devices.joined(separator: ", ")
        var lines = ["profile: wall \(Self.fmt(wall)) s; device setting \(setting)\(used)"]
        let ph = phases
        // One name column for both tables, as wide as any operation's name: the layout
        // does not change with what was recorded.
        let w = max(Operation.allCases.map { $0.rawValue.count }.max() ?? 0, ph.map { $0.name.count }.max() ?? 0)
        if !ph.isEmpty {
            lines.append(Self.pad("phase", w) + Self.col("calls", 7) + Self.col("seconds", 10) + Self.col("% wall", 8))
            for (name, t) in ph {
                lines.append(Self.pad(name, w) + Self.col("\(t.count)", 7) + Self.col(Self.fmt(t.seconds), 10)
                             + Self.col(Self.percent(t.seconds, of: wall), 8))
            }
        }
        let ops = Operation.allCases.map { ($0, tally($0)) }.filter { $0.1.count > 0 }
        if !ops.isEmpty {
            lines.append(Self.pad("operation", w) + Self.col("count", 7) + Self.col("seconds", 10)
                         + Self.col("MB", 10) + Self.col("rate", 14))
            for (op, t) in ops {
                lines.append(Self.pad(op.rawValue, w) + Self.col("\(t.count)", 7) + Self.col(Self.fmt(t.seconds), 10)
                             + Self.col(t.bytes > 0 ? String(format: "%.1f", Double(t.bytes) / 1e6) : "-", 10)
                             + Self.col(Self.rate(t), 14))
            }
        }
        if ph.isEmpty && ops.isEmpty { lines.append("(no compute recorded)") }
        lines.append("phases run on several threads add up their seconds; device seconds come from OpenCL event profiling")
        return lines.joined(separator: "\n")
    }

    static func rate(_ t: Tally) -> String {
        guard t.seconds > 0 else { return "-" }
        if t.flops > 0 { return String(format: "%.1f GFLOP/s", t.flops / t.seconds / 1e9) }
        if t.bytes > 0 { return String(format: "%.2f GB/s", Double(t.bytes) / t.seconds / 1e9) }
        return "-"
    }

    static func fmt(_ s: Double) -> String { String(format: "%.4f", s) }

    static func percent(_ s: Double, of wall: Double) -> String {
        wall > 0 ? String(format: "%.1f%%", 100 * s / wall) : "-"
    }

    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    static func col(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }
}
