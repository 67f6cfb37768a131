/// What `%whos` shows in its Data/Info column for a builtin object, as IPython shows
/// `2860x5325: 15229500 elems, type float64, …` for a numpy array instead of its repr.
/// Payloads without it show their repr, cut to one short line.
public protocol WhosSummary {
    var whosInfo: String { get }
}

/// Bytes as IPython/numpy users read them: decimal units, one decimal (`121.8 MB`).
public func formatBytes(_ bytes: Int) -> String {
    if bytes < 1000 { return "\(bytes) B" }
    var v = Double(bytes)
    for unit in ["kB", "MB", "GB", "TB"] {
        v /= 1000
        if v < 1000 || unit == "TB" { return String(format: "%.1f %@", v, unit) }
    }
    return "\(bytes) B"
}
