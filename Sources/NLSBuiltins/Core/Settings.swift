import Foundation
import NLS
import NLSCompute

/// Runtime settings shared by every builtin (`set NAME = value`), seeded from the
/// environment (NLS_DEVICE, NLS_N_JOBS, NLS_SEED, NLS_VERBOSE).
enum CoreSettings {
    static func register(_ r: BuiltinRegistry) {
        let env = ProcessInfo.processInfo.environment
        r.setting("seed", .int, default: .int(Int(env["NLS_SEED"] ?? "") ?? 0),
                  doc: "Seed of the random generator used by rand, randn, permutation and shuffled splitters.")
        r.setting("n_jobs", .int, default: .int(Int(env["NLS_N_JOBS"] ?? "") ?? 1),
                  doc: "Parallel workers for folds and batches (-1: all cores), as scikit-learn's n_jobs.") { v in
            let n = try v.asInt()
            if n == 0 || n < -1 { throw RuntimeError("n_jobs must be a positive number of workers or -1 for all cores, not \(n)") }
            return v
        }
        r.setting("verbose", .int, default: .int(Int(env["NLS_VERBOSE"] ?? "") ?? 0),
                  doc: "Verbosity of estimators (0: silent).")
        r.setting("device", .str, default: .str(env["NLS_DEVICE"] ?? "cpu"),
                  doc: "Compute device for heavy linear algebra: \"cpu\", \"opencl\", \"opencl:N\" or \"auto\".")
        r.setting("max_memory", .str, default: .str(env["NLS_MAX_MEMORY"].map { $0.isEmpty ? "auto" : $0 } ?? "auto"),
                  doc: "Most memory one array, image, list or string may take: \"auto\" (available memory less 1/16) or a size such as \"8GB\", \"512MB\". NLS_MAX_MEMORY sets the default.",
                  validate: { v in
                      let s = try v.asString()
                      if s == "auto" { return v }
                      guard MemoryBudget.parse(s) != nil else {
                          throw RuntimeError("max_memory must be \"auto\" or a size such as \"8GB\", \"512MB\" or a number of bytes, not \"\(s)\"")
                      }
                      return v
                  },
                  didChange: { v in
                      if case .str(let s) = v { MemoryBudget.limit = s == "auto" ? nil : MemoryBudget.parse(s) }
                  })
        r.setting("batch_size", .int, default: .int(0),
                  doc: "Targets per batch in batched estimators (0: chosen automatically from available memory).") { v in
            if try v.asInt() < 0 { throw RuntimeError("batch_size must be ≥ 0 (0 = automatic)") }
            return v
        }
    }
}
