import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one memory policy of nls: every allocation whose size comes from user input
/// (array creation, broadcasting, random draws, images, lists and strings through the
/// interpreter's hook) asks `MemoryBudget.check` first, with sizes computed under
/// overflow checks. A request larger than the memory the process may use is an error
/// that names the operation, what was asked and what is available — before any work
/// starts — instead of an abort in the allocator or a machine thrashing until killed.
///
/// What the process may use is, unless `limit` is set (`max_memory` setting or the
/// `NLS_MAX_MEMORY` environment variable), the smallest of the kernel's MemAvailable,
/// the cgroup's limit less its usage, and RLIMIT_AS less the address space in use —
/// less a margin of 1/16 for everything else the process needs.
public enum MemoryBudget {
    /// Requests up to this size skip the system probe (it reads /proc).
    static let uncheckedBytes = 64 << 20

    private static let lock = NSLock()
    nonisolated(unsafe) private static var explicitLimit: Int? = {
        guard let s = ProcessInfo.processInfo.environment["NLS_MAX_MEMORY"], !s.isEmpty else { return nil }
        return parse(s)   // an unparsable value is reported by the `max_memory` setting
    }()

    /// An explicit cap in bytes (nil: automatic). Set by the `max_memory` setting.
    public static var limit: Int? {
        get { lock.lock(); defer { lock.unlock() }; return explicitLimit }
        set { lock.lock(); explicitLimit = newValue; lock.unlock() }
    }

    /// Bytes a new allocation may take now.
    public static func available() -> Int {
        if let l = limit { return l }
        return systemAvailable()
    }

    /// Bytes the system lets this process allocate now, less the margin.
    public static func systemAvailable() -> Int {
        var avail = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        if let m = meminfo("MemAvailable") { avail = Swift.min(avail, m) }
        if let c = cgroupAvailable() { avail = Swift.min(avail, c) }
        if let r = addressSpaceAvailable() { avail = Swift.min(avail, r) }
        return Swift.max(0, avail - avail / 16)
    }

    /// Throws unless `bytes` fit. `what` describes the request for the message
    /// (`zeros: shape [100000, 100000] float64`).
    public static func check(bytes: Int, _ what: @autoclosure () -> String) throws {
        let cap = limit
        if bytes <= Swift.min(uncheckedBytes, cap ?? Int.max) { return }
        let avail = cap ?? systemAvailable()
        if bytes > avail {
            throw ComputeError("\(what()) needs \(format(bytes)); \(format(avail)) available"
                               + (cap == nil ? " (the `max_memory` setting or NLS_MAX_MEMORY can change the limit)" : " (max_memory)"))
        }
    }

    /// Throws unless `count` elements of `elementBytes` each fit (overflow-checked).
    public static func check(count: Int, elementBytes: Int, _ what: @autoclosure () -> String) throws {
        let (b, o) = Swift.max(count, 0).multipliedReportingOverflow(by: elementBytes)
        if o { throw ComputeError("\(what()) is too large (more than \(format(Int.max)))") }
        try check(bytes: b, what())
    }

    /// "80.0 GB", "512.0 MB", "12 bytes" (decimal units).
    public static func format(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 1e12 { return String(format: "%.1f TB", b / 1e12) }
        if b >= 1e9 { return String(format: "%.1f GB", b / 1e9) }
        if b >= 1e6 { return String(format: "%.1f MB", b / 1e6) }
        if b >= 1e3 { return String(format: "%.1f kB", b / 1e3) }
        return "\(bytes) bytes"
    }

    /// Parses "8GB", "512 MB", "1.5GiB", "1000000" (bytes); nil when malformed.
    public static func parse(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("tib", 0x1p40), ("gib", 0x1p30), ("mib", 0x1p20), ("kib", 0x1p10),
                                         ("tb", 1e12), ("gb", 1e9), ("mb", 1e6), ("kb", 1e3),
                                         ("t", 1e12), ("g", 1e9), ("m", 1e6), ("k", 1e3), ("b", 1)]
        var number = s, factor = 1.0
        for (u, f) in units where s.hasSuffix(u) {
            number = String(s.dropLast(u.count)).trimmingCharacters(in: .whitespaces); factor = f; break
        }
        guard let v = Double(number), v.isFinite, v > 0 else { return nil }
        let bytes = v * factor
        guard bytes < 0x1p62 else { return nil }
        return Int(bytes)
    }

    // MARK: probes (Linux; elsewhere only physical memory counts)

    private static func readFile(_ path: String) -> String? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: d, as: UTF8.self)
    }

    /// A "KEY: N kB" line of /proc/meminfo (or FILE), in bytes.
    static func meminfo(_ key: String, file: String = "/proc/meminfo") -> Int? {
        guard let text = readFile(file) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let v = Int(parts[1]) else { return nil }
            return v.multipliedReportingOverflow(by: parts.count >= 3 ? 1024 : 1).partialValue
        }
        return nil
    }

    private static func number(_ path: String) -> Int? {
        readFile(path).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// cgroup limit less usage (inactive page cache counts as free), v2 then v1.
    static func cgroupAvailable() -> Int? {
        var dirs = ["/sys/fs/cgroup"]
        if let own = readFile("/proc/self/cgroup")?.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            let rel = own.dropFirst(3)
            if rel != "/" { dirs.insert("/sys/fs/cgroup" + rel, at: 0) }
        }
        for d in dirs {
            guard let max = number(d + "/memory.max"), let cur = number(d + "/memory.current") else { continue }
            let inactive = statValue(d + "/memory.stat", "inactive_file") ?? 0
            return Swift.max(0, max - cur + inactive)
        }
        let v1 = "/sys/fs/cgroup/memory"
        if let max = number(v1 + "/memory.limit_in_bytes"), max < 1 << 60, let cur = number(v1 + "/memory.usage_in_bytes") {
            let inactive = statValue(v1 + "/memory.stat", "total_inactive_file") ?? 0
            return Swift.max(0, max - cur + inactive)
        }
        return nil
    }

    private static func statValue(_ path: String, _ key: String) -> Int? {
        guard let text = readFile(path) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + " ") {
            return Int(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    /// RLIMIT_AS less the address space in use (VmSize), when a limit is set.
    static func addressSpaceAvailable() -> Int? {
        #if os(Linux)
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max else { return nil }
        let used = meminfo("VmSize", file: "/proc/self/status") ?? 0
        return Swift.max(0, Int(clamping: rl.rlim_cur) - used)
        #else
        return nil
        #endif
    }
}
