import Foundation
import NLS
import NLSCompute

/// The settings builtins read, from the call context the interpreter hands them.
extension CallContext {
    /// Parallel workers (`n_jobs`; -1 means every core).
    var nJobs: Int {
        let n = (try? setting("n_jobs").asInt()) ?? 1
        return n == -1 ? ProcessInfoCores.count : max(1, n)
    }
    /// Targets per batch, or nil for automatic (`batch_size` 0).
    var batchSize: Int? { let b = (try? setting("batch_size").asInt()) ?? 0; return b > 0 ? b : nil }
    var device: String { (try? setting("device").asString()) ?? "cpu" }
    var verbose: Int { (try? setting("verbose").asInt()) ?? 0 }
    var seed: Int { (try? setting("seed").asInt()) ?? 0 }
}

/// Shorthands so a builtin writes `a.nJobs` rather than `a.context.nJobs`.
extension Args {
    var nJobs: Int { context.nJobs }
    var batchSize: Int? { context.batchSize }
    var device: String { context.device }
    var verbose: Int { context.verbose }
}

enum ProcessInfoCores {
    static var count: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// The backend selected by the `device` setting, or by a per-call override.
func currentBackend(_ context: CallContext, override: Value = .none) throws -> ComputeBackend {
    if case .str(let d) = override, !d.isEmpty { return try Devices.backend(for: d) }
    return try fromEnvironmentNoted(context.device) { try Devices.backend(for: context.device) }
}
