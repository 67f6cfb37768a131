import Foundation
import NLS
import NLSCompute

/// What builtin implementations may read of the running session: its settings.
enum Context {
    nonisolated(unsafe) static weak var session: Session?

    static func setting(_ name: String) -> Value { session?.setting(name) ?? .none }
    static var nJobs: Int {
        let n = (try? setting("n_jobs").asInt()) ?? 1
        return n == -1 ? ProcessInfoCores.count : max(1, n)
    }
    static var batchSize: Int? { let b = (try? setting("batch_size").asInt()) ?? 0; return b > 0 ? b : nil }
    static var device: String { (try? setting("device").asString()) ?? "cpu" }
    static var verbose: Int { (try? setting("verbose").asInt()) ?? 0 }
}

enum ProcessInfoCores {
    static var count: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// The backend selected by the `device` setting, or by a per-call override.
func currentBackend(override: Value = .none) throws -> ComputeBackend {
    if case .str(let d) = override, !d.isEmpty { return try Devices.backend(for: d) }
    return try Devices.backend(for: Context.device)
}
