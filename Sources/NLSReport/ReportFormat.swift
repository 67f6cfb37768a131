import Foundation

/// How numbers and dates read in a report header.
enum ReportFormat {
    /// "12.3 ms", "4.56 s", "2 min 3.4 s": short, and precise enough to compare cells.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        if seconds < 60 { return String(format: "%.2f s", seconds) }
        let minutes = Int(seconds / 60)
        return String(format: "%d min %.1f s", minutes, seconds - Double(minutes) * 60)
    }

    /// Local time with its UTC offset, ISO 8601 style: "2026-11-30 14:03:22 +0100".
    static func date(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return f.string(from: d)
    }
}
