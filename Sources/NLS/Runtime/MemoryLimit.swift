import Foundation

/// How the language core asks whether a list or string of a given size may be built.
/// The core knows no memory policy of its own: the builtins layer installs the one of
/// the compute library (`MemoryBudget`), so arrays, lists and strings share one budget.
/// Until then, only requests beyond physical memory are refused.
public enum MemoryLimit {
    /// Throws when `bytes` may not be allocated; `what` describes the request.
    nonisolated(unsafe) public static var check: (_ bytes: Int, _ what: () -> String) throws -> Void = { bytes, what in
        if UInt64(max(bytes, 0)) > ProcessInfo.processInfo.physicalMemory {
            throw RuntimeError("\(what()) needs \(bytes) bytes, more than this machine's memory")
        }
    }

    /// The longest string a program may build (256 MiB). Far beyond any text an analysis
    /// script handles, and reached in seconds instead of the minutes that building
    /// multi-gigabyte strings takes before the memory budget would refuse them.
    public static let maxStringBytes = 1 << 28

    /// Refuses strings longer than `maxStringBytes`, then checks the memory budget.
    public static func checkString(bytes: Int, _ operation: String) throws {
        if bytes > maxStringBytes {
            throw RuntimeError("\(operation) would make a string of \(bytes) bytes; strings are limited to 256 MiB in nls")
        }
        try check(count: bytes, elementBytes: 1, "\(operation) of \(bytes) bytes")
    }

    /// Requests below this size are not checked (most strings and lists).
    public static let uncheckedBytes = 1 << 20

    /// Checks a result of `count` elements of `elementBytes` each (overflow-checked).
    @inline(__always)
    public static func check(count: Int, elementBytes: Int, _ what: @autoclosure () -> String) throws {
        let (b, o) = max(count, 0).multipliedReportingOverflow(by: elementBytes)
        if !o && b < uncheckedBytes { return }
        try check(o ? Int.max : b, what)
    }
}
