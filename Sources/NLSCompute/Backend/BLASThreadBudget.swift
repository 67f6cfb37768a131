import CBLAS
import Foundation

/// Owner of OpenBLAS's process-wide thread count. Scopes ask for a limit; while any scope
/// is open the pool runs at the smallest limit asked, and the setting found before the
/// first scope comes back when the last one closes. Nested scopes (a parallel map inside
/// a parallel map) and concurrent ones (two searches on two threads) are both safe, which
/// setting the count directly and restoring it in a `defer` was not.
public final class BLASThreadBudget: @unchecked Sendable {
    public static let shared = BLASThreadBudget()
    private let lock = NSLock()
    private var limits: [Int: Int] = [:]      // limit → open scopes asking for it
    private var saved: Int?

    public func withLimit<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        let limit = max(1, n)
        open(limit)
        defer { close(limit) }
        return try body()
    }

    /// Open scopes (tests).
    public var openScopes: Int { lock.lock(); defer { lock.unlock() }; return limits.values.reduce(0, +) }

    private func open(_ limit: Int) {
        lock.lock(); defer { lock.unlock() }
        if saved == nil { saved = Int(openblas_get_num_threads()) }
        limits[limit, default: 0] += 1
        apply()
    }

    private func close(_ limit: Int) {
        lock.lock(); defer { lock.unlock() }
        if let c = limits[limit] { limits[limit] = c > 1 ? c - 1 : nil }
        if limits.isEmpty, let s = saved {
            openblas_set_num_threads(Int32(s))
            saved = nil
        } else {
            apply()
        }
    }

    private func apply() {
        guard let lowest = limits.keys.min(), let s = saved else { return }
        openblas_set_num_threads(Int32(min(lowest, s)))
    }
}
