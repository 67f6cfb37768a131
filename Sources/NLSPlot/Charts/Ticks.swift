import Foundation

/// Tick positions and labels as matplotlib's defaults choose them: `MaxNLocator` with
/// steps 1, 2, 2.5, 5, 10 and `ScalarFormatter` on linear axes; `LogLocator` decades
/// (thinned to at most `maxTicks`) labelled 10^k on log axes.
public enum Ticks {
    public struct Tick: Equatable {
        public let value: Double
        public let label: String
        /// For log axes: the exponent drawn raised after "10".
        public let exponent: String?
    }

    /// matplotlib writes minus signs as U+2212.
    static func minus(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "\u{2212}") }

    public static func linear(_ lo: Double, _ hi: Double, maxTicks nbins: Int) -> [Tick] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [Tick(value: lo, label: format([lo])[0], exponent: nil)] }
        let raw = (hi - lo) / Double(max(nbins, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        var candidates: [Double] = []
        for e in [magnitude / 10, magnitude, magnitude * 10] { for s in [1, 2, 2.5, 5] { candidates.append(s * e) } }
        candidates.sort()
        let first = candidates.firstIndex { $0 >= raw * (1 - 1e-12) } ?? candidates.count - 1
        var values: [Double] = []
        for step in candidates[...first].reversed() {
            let start = (lo / step).rounded(.up), stop = (hi / step).rounded(.down)
            values = stride(from: start, through: stop, by: 1).map { $0 * step }
            if values.count >= 2 { break }
        }
        values = values.map { abs($0) < 1e-12 * (hi - lo) ? 0 : $0 }
        return zip(values, format(values)).map { Tick(value: $0, label: $1, exponent: nil) }
    }

    /// The fewest decimals that write every tick exactly (ScalarFormatter); %g beyond 1e5.
    static func format(_ values: [Double]) -> [String] {
        let big = values.map(abs).max() ?? 0
        if big >= 1e5 || (big > 0 && big < 1e-4) { return values.map { minus(String(format: "%g", $0)) } }
        var decimals = 0
        while decimals < 8, !values.allSatisfy({ v in
            let s = v * pow(10, Double(decimals)); return abs(s - s.rounded()) < 1e-6 * max(1, abs(s))
        }) { decimals += 1 }
        return values.map { minus(String(format: "%.\(decimals)f", $0 == 0 ? 0 : $0)) }
    }

    /// Major decades and minor ticks of a log axis over [lo, hi] (both > 0).
    public static func log(_ lo: Double, _ hi: Double, maxTicks: Int) -> (major: [Tick], minor: [Double]) {
        let a = log10(lo), b = log10(hi)
        let first = Int(a.rounded(.up)), last = Int(b.rounded(.down))
        let numdec = last - first
        let numticks = min(max(maxTicks, 2), 9)
        let step = max(1, Int((Double(numdec) / Double(numticks - 1)).rounded(.up)))
        var major: [Tick] = [], minor: [Double] = []
        if first <= last {
            for e in first...last {
                if e % step == 0 { major.append(Tick(value: pow(10, Double(e)), label: "10", exponent: minus(String(e)))) }
                else { minor.append(pow(10, Double(e))) }
            }
        }
        if step == 1 && numdec <= 10 {
            for e in (first - 1)...(last + 1) { for s in 2...9 {
                let v = Double(s) * pow(10, Double(e))
                if v >= lo && v <= hi { minor.append(v) }
            } }
        }
        return (major, minor)
    }
}
