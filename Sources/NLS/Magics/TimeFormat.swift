import Foundation

/// IPython's time formatting (`IPython.core.magics.execution._format_time`):
/// ≥ 60 s as "2min 31s" (or "1h 2min 3s"), otherwise 3 significant digits in s/ms/µs/ns.
public func formatDuration(_ seconds: Double, precision: Int = 3) -> String {
    if seconds >= 60 {
        var parts: [String] = []
        var left = seconds
        for (suffix, length) in [("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0)] {
            let value = Int(left / length)
            if value > 0 {
                left = left.truncatingRemainder(dividingBy: length)
                parts.append("\(value)\(suffix)")
            }
            if left < 1 { break }
        }
        return parts.joined(separator: " ")
    }
    let units = ["s", "ms", "µs", "ns"]
    var order = 3
    if seconds > 0 { order = min(max(-Int(floor(log10(seconds) / 3)), 0), 3) }
    let value = seconds * pow(1000, Double(order))
    return "\(formatSignificant(value, precision)) \(units[order])"
}

/// Python's "%.*g" formatting.
func formatSignificant(_ v: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)g", v)
}

/// CPU time (user, system) of this process in seconds.
public func processCPUTimes() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    let u = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let s = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return (u, s)
}

public func wallClock() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
